// A separate Node process that runs something which never ends, for the signal tests. Prints
// "started <containerId>" once the connector's container runs ("started build" once the build runs).
// Usage: node connector-child.js <image> <runId> [spec|write|write-local]   spec sleeps, write is fed stdin
//          forever; write-local also has a temporary /local (nx-airbyte-local-* in TMPDIR)
//        node connector-child.js --once <image> <runId> <reapOrphansOlderThanMs>   one quick spec, then exits
//        node connector-child.js --build <contextDir> <tag> <label=value>
require('./register-typescript');
const { Buffer } = require('node:buffer');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
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
  const local = command === 'write-local' ? [{ hostPath: mkdtempSync(path.join(tmpdir(), 'nx-airbyte-local-')), containerPath: '/local', temporary: true }] : [];
  const options =
    command === 'spec'
      ? { image, command: 'spec', env: { FIXTURE_MODE: 'sleep' }, runId, timeoutMs: 120_000 }
      : { image, command: 'write', config: {}, catalog: { streams: [] }, stdin: endlessRecords(), runId, timeoutMs: 120_000, mounts: local };
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

/** A process's first run, which reaps the orphans at least `olderThanMs` old before it starts. */
async function runOnce(image, runId, olderThanMs) {
  const run = await runConnector(createDockerClient(), { image, command: 'spec', runId, timeoutMs: 60_000, reapOrphansOlderThanMs: Number(olderThanMs) });
  process.stdout.write(`started ${run.containerId}\n`);
  for await (const item of run.output) void item;
  await run.result;
  process.stdout.write('finished\n');
}

const args = process.argv.slice(2);
const work =
  args[0] === '--build' ? buildForever(args[1], args[2], args[3]) : args[0] === '--once' ? runOnce(args[1], args[2], args[3]) : runForever(args[0], args[1], args[2] ?? 'spec');
work.catch((error) => {
  process.stderr.write(`connector-child: ${error.stack ?? error}\n`);
  process.exit(1);
});
