import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../ci/write-secrets';
import { bundleConnector, DEFAULT_BUNDLE_TARGET, DEFAULT_ENTRY_POINT, DEFAULT_OUTFILE } from './bundle';
import { installDependencies, TypescriptConnectorError, type InstallOptions } from './install-dependencies';

export const USAGE = `Usage: nx-airbyte-ts <command> [options]

The build steps of a TypeScript connector, run in its folder (its package.json scripts call them:
"build": "nx-airbyte-ts install && tsc -p tsconfig.json && nx-airbyte-ts bundle").

Commands:
  install            npm ci, when node_modules is missing or older than package-lock.json; at
                     once otherwise. One install at a time per connector (Nx may run its compile
                     and test together). A connector is not an npm workspace member, so the root's
                     npm ci does not install it.
  bundle [outfile]   bundle the entry point and every npm dependency it runs into one CommonJS file
                     (default ${DEFAULT_OUTFILE}) with the connector's own esbuild: the image gets
                     no node_modules, only this file.

Options:
  --dir <folder>     the connector's folder (default: the current directory); the defaults
                     of outfile and --entry are in it, paths given are from the current directory
  --entry <file>     bundle: the entry point (default ${DEFAULT_ENTRY_POINT})
  --target <node>    bundle: esbuild's target (default ${DEFAULT_BUNDLE_TARGET}, the Node.js of airbyte/base-node)
  -h, --help         this text

Exit status: 0 on success, 1 when npm ci or the bundle failed, 2 on a usage error.`;

export interface TypescriptConnectorCliIo extends CliIo {
  install?: InstallOptions;
}

export async function main(argv: readonly string[], io: TypescriptConnectorCliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`nx-airbyte-ts: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    io.out(USAGE);
    return 0;
  }
  const dir = resolve(io.cwd, parsed.dir ?? '.');
  try {
    if (parsed.command === 'install') {
      installDependencies(dir, { log: io.err, ...io.install });
      return 0;
    }
    const fromCwd = (path: string | undefined) => (path === undefined ? undefined : resolve(io.cwd, path));
    const result = await bundleConnector(dir, { outfile: fromCwd(parsed.outfile), entryPoint: fromCwd(parsed.entry), target: parsed.target });
    const shown = relative(io.cwd, result.outfile);
    io.out(`${shown.startsWith('..') || isAbsolute(shown) ? result.outfile : shown}: ${(result.bytes / 1024).toFixed(0)} kB`);
    return 0;
  } catch (error) {
    if (!(error instanceof TypescriptConnectorError)) throw error;
    io.err(`nx-airbyte-ts ${parsed.command}: ${error.message}`);
    return 1;
  }
}

interface Parsed {
  command: 'install' | 'bundle';
  dir?: string;
  outfile?: string;
  entry?: string;
  target?: string;
}

function parse(argv: readonly string[]): Parsed | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      dir: { type: 'string' },
      entry: { type: 'string' },
      target: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  if (command === undefined) throw new Error('a command is required: install or bundle');
  if (command === 'install') {
    if (rest.length > 0) throw new Error(`install takes no arguments, got ${rest.join(' ')}`);
    if (values.entry !== undefined || values.target !== undefined) throw new Error('--entry and --target go with bundle, not install');
    return { command, dir: values.dir };
  }
  if (command === 'bundle') {
    if (rest.length > 1) throw new Error(`bundle takes at most one outfile, got ${rest.join(' ')}`);
    return { command, dir: values.dir, outfile: rest[0], entry: values.entry, target: values.target };
  }
  throw new Error(`unknown command "${command}": use install or bundle`);
}
