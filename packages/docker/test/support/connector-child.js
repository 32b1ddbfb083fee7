// A separate Node process that runs something which never ends, for the signal tests. Prints
// "started <containerId>" once the connector's container runs ("started build" once the build runs).
// Usage: node connector-child.js <image> <runId> [spec|write]     spec sleeps, write is fed stdin forever
//        node connector-child.js --build <contextDir> <tag> <label=value>
require('./register-typescript');
const { Buffer } = require('node:buffer');
const { setTimeout: sleep } = require('node:timers/promises');
const { buildImage, createDockerClient, runConnector } = require('../../src/index.ts');

async function* endlessRecords() {
  for (;;) {
    yield Buffer.from('{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1}}\n');
    await sleep(100);
  }
}

async function runForever(image, runId, command) {
  const client = createDockerClient();
  const options =
    command === 'write'
      ? { image, command: 'write', config: {}, catalog: { streams: [] }, stdin: endlessRecords(), runId, timeoutMs: 120_000 }
      : { image, command: 'spec', env: { FIXTURE_MODE: 'sleep' }, runId, timeoutMs: 120_000 };
  const run = await runConnector(client, options);
  process.stdout.write(`started ${run.containerId}\n`);
  for await (const item of run.output) void item;
  await run.result;
  process.stdout.write('finished\n');
}

async function buildForever(contextDir, tag, label) {
  const [key, value] = label.split('=');
  let announced = false;
  await buildImage(createDockerClient(), {
    contextDir,
    tags: [tag],
    labels: { [key]: value },
    onProgress: (line) => {
      if (!announced && /^Step 2\//.test(line)) {
        announced = true;
        process.stdout.write('started build\n');
      }
    },
  });
  process.stdout.write('finished\n');
}

const args = process.argv.slice(2);
const work = args[0] === '--build' ? buildForever(args[1], args[2], args[3]) : runForever(args[0], args[1], args[2] ?? 'spec');
work.catch((error) => {
  process.stderr.write(`connector-child: ${error.stack ?? error}\n`);
  process.exit(1);
});
