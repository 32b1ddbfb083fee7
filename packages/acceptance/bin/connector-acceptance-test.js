#!/usr/bin/env node
// The standalone acceptance test CLI: `npx connector-acceptance-test --help`.
'use strict';
let main;
try {
  ({ main } = require('../dist/cli/main'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('connector-acceptance-test: @nx-airbyte/acceptance is not built; run `npm ci` (or `npm run prepare`) at the workspace root.\n');
    process.exit(2);
  }
  throw error;
}
main(process.argv.slice(2), { out: process.stdout, err: process.stderr }).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`connector-acceptance-test: unexpected error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
