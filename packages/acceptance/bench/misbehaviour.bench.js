// The figures of docs/reliability.md, "Connector misbehaviour": each BREAK mode of the fixture source
// at the full sizes (a 200 MB line, 10,000,000 log lines), through the acceptance CLI in a
// process of its own: exit status, wall time to the failure, peak RSS of that process, the reason.
// Usage (from packages/acceptance): node bench/misbehaviour.bench.js [rounds, default 3]
require('../../docker/test/support/register-typescript');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { createDockerClient, removeImage } = require('../../docker/src/index.ts');
const { buildFixtureImage, misbehaviourCases, runMisbehaviour } = require('../test/support/misbehaviour.ts');

const rounds = Number(process.argv[2] ?? 3);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const client = createDockerClient();
  const image = `nx-airbyte-bench/source-fixture:misbehaviour-${process.pid}`;
  const scratch = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-misbehaviour-bench-'));
  try {
    await buildFixtureImage(client, image);
    console.log(`| connector | exit | wall to failure, median (min-max) | peak RSS, median (min-max) | containers left | failure (first line) |`);
    console.log('|---|---|---|---|---|---|');
    for (const testCase of misbehaviourCases('full')) {
      const outcomes = [];
      for (let round = 0; round < rounds; round++) outcomes.push(await runMisbehaviour(client, image, scratch, testCase));
      const seconds = outcomes.map((o) => o.result.seconds);
      const rss = outcomes.map((o) => o.result.maxRssMiB);
      const matched = outcomes.every((o) => (testCase.reason ? testCase.reason.test(o.failureText) : o.status === 'passed'));
      const first = (outcomes[0].failureText.split('\n')[0] || 'passed').replace(image, '<image>').replace(/\|/g, '\\|').slice(0, 140);
      console.log(
        `| ${testCase.what} | ${outcomes[0].result.status} | ${median(seconds).toFixed(1)} s (${Math.min(...seconds).toFixed(1)}-${Math.max(...seconds).toFixed(1)}) | ` +
          `${median(rss).toFixed(0)} MiB (${Math.min(...rss).toFixed(0)}-${Math.max(...rss).toFixed(0)}) | ${Math.max(...outcomes.map((o) => o.containersLeft))} | ${matched ? '' : 'UNEXPECTED: '}${first} |`,
      );
    }
  } finally {
    await removeImage(client, image, { force: true }).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
