// Measures what docs/docker.md reports: engine round trips, image lookup, build context, no-change
// rebuild and connector start-to-exit. Usage (from packages/docker): node test/support/measure-costs.js [n]
// Builds one fixture image labelled io.nx-airbyte.test-run=<id> and removes it at the end.
require('./register-typescript');
const path = require('node:path');
const docker = require('../../src/index.ts');

const n = Number(process.argv[2] ?? 10);
const fixture = path.join(__dirname, '..', 'fixtures', 'shell-connector');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(label, count, action) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await action(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const fmt = (v) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
  console.log(`${label.padEnd(58)} median ${fmt(median(samples))} ms (min ${fmt(Math.min(...samples))}, max ${fmt(Math.max(...samples))}, n=${count})`);
}

async function main() {
  const client = docker.createDockerClient();
  const runId = docker.createRunId('measure');
  const tag = `nx-airbyte-test/measure:${runId}`;
  const labels = { 'io.nx-airbyte.test-run': runId };
  try {
    await time('pingEngine', 50, () => docker.pingEngine(client));
    const built = await docker.buildImage(client, { contextDir: fixture, tags: [tag], labels });
    await time('createBuildContext (shell-connector fixture, 2 files)', 50, () => docker.createBuildContext(fixture));
    await time('findImage, hit', 200, () => docker.findImage(client, tag));
    await time('findImage, miss', 200, () => docker.findImage(client, `${tag}-absent`));
    await time('findImagesByLabel (context hash)', 100, () => docker.findImagesByLabel(client, docker.CONTEXT_HASH_LABEL, built.contextHash));
    await time('buildImage, cold (noCache; base image present)', Math.min(n, 5), () => docker.buildImage(client, { contextDir: fixture, tags: [tag], labels, noCache: true }));
    await time('buildImage, no change (all steps cached)', n, () => docker.buildImage(client, { contextDir: fixture, tags: [tag], labels }));
    for (const networkMode of ['host', 'bridge']) {
      await time(`runConnector spec, start to removed (network ${networkMode})`, n, async () => {
        const run = await docker.runConnector(client, { image: tag, command: 'spec', runId, networkMode });
        for await (const item of run.output) void item;
        await run.result;
      });
    }
    const durations = [];
    for (let i = 0; i < n; i++) {
      const run = await docker.runConnector(client, { image: tag, command: 'spec', runId });
      for await (const item of run.output) void item;
      durations.push((await run.result).durationMs);
    }
    console.log(`${'result.durationMs of spec (start request to exit, host)'.padEnd(58)} median ${median(durations)} ms (n=${n})`);
  } finally {
    for (const image of await docker.findImagesByLabel(client, 'io.nx-airbyte.test-run', runId)) await docker.removeImage(client, image.id, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
