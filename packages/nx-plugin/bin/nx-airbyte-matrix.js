#!/usr/bin/env node
// The affected connectors with a target, as a CI matrix: `npx nx-airbyte-matrix --help`.
'use strict';
let main;
try {
  ({ main } = require('../dist/ci/matrix-cli'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('nx-airbyte-matrix: @nx-airbyte/nx-plugin is not built; run `npm ci` (or `npm run prepare`) at the workspace root.\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = main(process.argv.slice(2), { out: process.stdout, err: process.stderr, cwd: process.cwd(), env: process.env });
