// A separate Node process that runs a connector which never ends, for the signal tests. Prints
// "started <containerId>" once the container runs. Usage: node connector-child.js <image> <runId>
require('./register-typescript');
const { createDockerClient, runConnector } = require('../../src/index.ts');

const [image, runId] = process.argv.slice(2);

async function main() {
  const client = createDockerClient();
  const run = await runConnector(client, { image, command: 'spec', env: { FIXTURE_MODE: 'sleep' }, runId, timeoutMs: 120_000 });
  process.stdout.write(`started ${run.containerId}\n`);
  for await (const item of run.output) void item;
  await run.result;
  process.stdout.write('finished\n');
}

main().catch((error) => {
  process.stderr.write(`connector-child: ${error.stack ?? error}\n`);
  process.exit(1);
});
