import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { TypescriptConnectorError } from './install-dependencies';

/** The Node.js of airbyte/base-node (Debian bookworm's nodejs), which runs the bundle. */
export const DEFAULT_BUNDLE_TARGET = 'node18';
export const DEFAULT_ENTRY_POINT = 'src/main.ts';
export const DEFAULT_OUTFILE = 'dist/main.js';

export interface BundleOptions {
  /** Relative to the connector folder, or absolute. */
  outfile?: string;
  entryPoint?: string;
  target?: string;
}

export interface BundleResult {
  outfile: string;
  bytes: number;
}

/** The part of esbuild's API this uses; esbuild is the connector's own devDependency. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ metafile?: { outputs: Record<string, { bytes: number }> } }>;
}

/**
 * Bundles a TypeScript connector and every npm dependency it runs into one CommonJS file. The
 * image gets no node_modules (Docker build contexts never include them), so everything the
 * connector needs at run time must be in this file. esbuild is loaded from the connector's own
 * node_modules, so each connector bundles with the version its lockfile pins.
 */
export async function bundleConnector(dir: string, options: BundleOptions = {}): Promise<BundleResult> {
  const entryPoint = resolve(dir, options.entryPoint ?? DEFAULT_ENTRY_POINT);
  if (!existsSync(entryPoint)) {
    throw new TypescriptConnectorError(`${entryPoint} does not exist: the bundle starts from the connector's entry point (--entry <file> names another).`);
  }
  const outfile = resolve(dir, options.outfile ?? DEFAULT_OUTFILE);
  const esbuild = loadEsbuild(dir);
  let result: Awaited<ReturnType<Esbuild['build']>>;
  try {
    result = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: [entryPoint],
      outfile,
      bundle: true,
      platform: 'node',
      target: options.target ?? DEFAULT_BUNDLE_TARGET,
      format: 'cjs',
      legalComments: 'eof',
      minify: false, // readable stack traces in TRACE messages matter more than a few hundred kB
      logLevel: 'warning', // esbuild prints each error with its file and line
      metafile: true,
    });
  } catch (error) {
    const count = (error as { errors?: unknown[] }).errors?.length;
    throw new TypescriptConnectorError(`bundling ${relative(dir, entryPoint)} in ${dir} failed${count ? ` with ${count} error${count === 1 ? '' : 's'} (above)` : `: ${(error as Error).message}`}.`);
  }
  const bytes = Object.values(result.metafile?.outputs ?? {}).reduce((sum, output) => sum + output.bytes, 0);
  return { outfile, bytes };
}

function loadEsbuild(dir: string): Esbuild {
  try {
    return createRequire(join(dir, 'package.json'))('esbuild') as Esbuild;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new TypescriptConnectorError(
      `esbuild is not installed in ${join(dir, 'node_modules')}: it is a devDependency of every TypeScript connector. Add it (npm install --save-dev esbuild) or run \`nx-airbyte-ts install\` there.`,
    );
  }
}
