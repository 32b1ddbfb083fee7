// The acceptance CLI in a process of its own, run from the TypeScript sources, for tests and benchmarks
// that measure the process consuming a connector's output. Prints, as its last stderr line,
// `cli-child: {"status":<exit status>,"maxRssKiB":<peak resident memory>}`.
// Usage: node cli-child-main.js <connector-acceptance-test arguments>
require('../../../docker/test/support/register-typescript');
const { main } = require('../../src/cli/main.ts');

main(process.argv.slice(2), { out: process.stdout, err: process.stderr }).then(
  (status) => finish(status),
  (error) => {
    process.stderr.write(`cli-child: unexpected error: ${error && error.stack ? error.stack : error}\n`);
    finish(1);
  },
);

function finish(status) {
  process.stderr.write(`cli-child: ${JSON.stringify({ status, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  process.exitCode = status;
}
