import { createHash, randomUUID } from 'node:crypto';

/** Namespace of the name-based ids given under CI (RFC 4122 version 5), so that one name always gets the same id. */
const NX_AIRBYTE_NAMESPACE = '3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c40';

/**
 * The definition id of a new connector: the one given, else (CI set) a UUID derived from the image
 * repository, so a regenerated scaffold is byte-identical, else a random UUID v4. Airbyte's generator
 * wrote FAKE-UUID-0000-0000-000000000000 under CI, which is not a UUID and collides between connectors.
 */
export function definitionIdFor(dockerRepository: string, given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given) return given.toLowerCase();
  return isCi(env) ? nameBasedUuid(dockerRepository) : randomUUID();
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export function nameBasedUuid(name: string, namespace = NX_AIRBYTE_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
