// Runs the (sync or async) main(argv, io) of a built CLI module of this package, and says what to do when it is not built.
'use strict';
const path = require('node:path');

module.exports = function runMain(name, modulePath) {
  let main;
  try {
    ({ main } = require(path.join(__dirname, modulePath)));
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND') {
      process.stderr.write(`${name}: @nx-airbyte/nx-plugin is not built; run \`npm ci\` (or \`npm run prepare\`) at the workspace root.\n`);
      process.exit(2);
    }
    throw error;
  }
  const status = main(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
  });
  // a main returns its exit status, or a promise of it
  Promise.resolve(status).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${name}: ${error && error.stack ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
};
