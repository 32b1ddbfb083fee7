// `node scripts/bundle.mjs [outfile]` bundles the connector and every npm dependency it runs into
// one file (default dist/main.js). The image gets no node_modules (Docker build contexts here never
// include them), so everything the connector needs at run time must be in this file.
// The unit tests bundle into a temporary folder with the same options.
import { build } from 'esbuild';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = process.argv[2] ?? join(root, 'dist', 'main.js');

const result = await build({
  absWorkingDir: root,
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node18', // Debian bookworm's nodejs, in airbyte/base-node
  format: 'cjs',
  legalComments: 'eof',
  minify: false, // readable stack traces in TRACE messages matter more than a few hundred kB
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`${relative(process.cwd(), outfile) || outfile}: ${(bytes / 1024).toFixed(0)} kB`);
