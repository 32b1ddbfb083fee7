/**
 * Ways to break this destination on purpose, named in the environment variable BREAK (comma-separated): the
 * acceptance suite's own Docker tests (packages/acceptance/test/destination-examples.docker.spec.ts) prove
 * with them that the destination tests fail when they should. Nothing else sets BREAK.
 */
export const BROKEN_VARIANTS = {
  drop_records: 'every third record is dropped',
  early_state: 'each STATE is echoed before the records before it are written out',
  ignore_overwrite: 'overwrite keeps what earlier syncs wrote',
} as const;

export type BrokenVariant = keyof typeof BROKEN_VARIANTS;

export function brokenVariants(env: NodeJS.ProcessEnv = process.env): ReadonlySet<BrokenVariant> {
  return new Set((env['BREAK'] ?? '').split(',').filter((name): name is BrokenVariant => name in BROKEN_VARIANTS));
}
