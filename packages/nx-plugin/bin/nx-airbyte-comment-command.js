#!/usr/bin/env node
// Checks a pull request comment command (/test or /publish connector=connectors/<name>) for the CI workflow.
// Reads COMMENT and AUTHOR_ASSOCIATION from the environment; writes command=, connector=, target= to $GITHUB_OUTPUT.
'use strict';
let main;
try {
  ({ main } = require('../dist/ci/comment-command'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('nx-airbyte-comment-command: @nx-airbyte/nx-plugin is not built; run `npm ci` (or `npm run prepare`) at the workspace root.\n');
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
