#!/usr/bin/env node
// Writes each connector's secrets/ files from SOURCE_<NAME>_CREDS variables, for CI: `npx nx-airbyte-write-secrets --help`.
'use strict';
let main;
try {
  ({ main } = require('../dist/ci/write-secrets'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('nx-airbyte-write-secrets: @nx-airbyte/nx-plugin is not built; run `npm ci` (or `npm run prepare`) at the workspace root.\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
});
