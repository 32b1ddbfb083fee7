import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import {
  buildImage,
  createDockerClient,
  CREATED_LABEL,
  createRunId,
  ImageNotFoundError,
  OWNER_LABEL,
  reapOrphans,
  runCommandInContainer,
  runConnector,
  type CommandOutputItem,
  type ConnectorOutputItem,
  type ConnectorRun,
  type RunConnectorOptions,
} from '../src/index';
import { containersOfRun, FIXTURES_DIR, removeTestImages, startChild, startTestRun } from './support/docker-test-kit';

const client = createDockerClient();
const testRun = startTestRun('runner');
const image = testRun.imageTag('shell-connector');

beforeAll(async () => {
  await buildImage(client, { contextDir: path.join(FIXTURES_DIR, 'shell-connector'), tags: [image], labels: testRun.labels });
});

afterAll(async () => {
  await removeTestImages(client, testRun);
});

/** Runs with a run id of its own, so that the test can list exactly its containers afterwards. */
async function startRun(options: Omit<RunConnectorOptions, 'image' | 'runId'>): Promise<ConnectorRun> {
  return runConnector(client, { image, runId: createRunId('test-runner'), ...options });
}

async function collect(run: ConnectorRun): Promise<ConnectorOutputItem[]> {
  const items: ConnectorOutputItem[] = [];
  for await (const item of run.output) items.push(item);
  return items;
}

function messagesOf(items: ConnectorOutputItem[]) {
  return items.flatMap((item) => (item.type === 'message' ? [item.message] : []));
}

async function expectNoContainersOf(run: ConnectorRun): Promise<void> {
  expect(await containersOfRun(client, run.runId)).toEqual([]);
}

describe('runCommandInContainer', () => {
  it('runs the command instead of the ENTRYPOINT, with its files and mounts; yields stdout lines as text; removes the container', async () => {
    const local = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-local-'));
    writeFileSync(path.join(local, 'stored.jsonl'), '{"id":1}\n');
    try {
      const run = await runCommandInContainer(client, {
        image,
        runId: createRunId('test-command'),
        command: ['/bin/sh', '-c', 'cat /data/hello.txt; cat /local/stored.jsonl; echo "stream=$AIRBYTE_STREAM" >&2; exit 4'],
        files: [{ path: '/data/hello.txt', contents: 'not a protocol message\n' }],
        env: { AIRBYTE_STREAM: 'users' },
        mounts: [{ hostPath: local, containerPath: '/local', readOnly: true }],
      });
      const items: CommandOutputItem[] = [];
      for await (const item of run.output) items.push(item);
      expect(items.filter((item) => item.type === 'stdout')).toEqual([
        { type: 'stdout', line: 1, text: 'not a protocol message' },
        { type: 'stdout', line: 2, text: '{"id":1}' },
      ]);
      expect(items.filter((item) => item.type === 'stderr')).toEqual([{ type: 'stderr', line: 1, text: 'stream=users' }]);
      expect((await run.result).exitCode).toBe(4);
      expect(await containersOfRun(client, run.runId)).toEqual([]);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('refuses a mount whose host directory does not exist, before creating any container', async () => {
    await expect(runCommandInContainer(client, { image, command: ['true'], mounts: [{ hostPath: '/nonexistent/nx-airbyte', containerPath: '/local' }] })).rejects.toThrow(
      'option "mounts[0]" hostPath /nonexistent/nx-airbyte is not an existing directory',
    );
  });
});

describe('runConnector', () => {
  it('spec: yields the SPEC message and the stderr lines, exits 0 and removes the container', async () => {
    const run = await startRun({ command: 'spec' });
    const items = await collect(run);
    const result = await run.result;
    expect(messagesOf(items)).toEqual([{ type: 'SPEC', spec: { connectionSpecification: { type: 'object', properties: { greeting: { type: 'string' } } } } }]);
    expect(items.filter((item) => item.type === 'stderr')).toEqual([
      { type: 'stderr', line: 1, text: 'spec: starting' },
      { type: 'stderr', line: 2, text: 'spec: done' },
    ]);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, stopped: false, oomKilled: false, containerId: run.containerId });
    await expectNoContainersOf(run);
  });

  it('shows every raw output line to onLine, in the order of each stream', async () => {
    const seen: string[] = [];
    const run = await startRun({ command: 'spec', onLine: (stream, line, text) => seen.push(`${stream}:${line}:${text}`) });
    await collect(run);
    await run.result;
    expect(seen.filter((entry) => entry.startsWith('stderr'))).toEqual(['stderr:1:spec: starting', 'stderr:2:spec: done']);
    expect(seen.filter((entry) => entry.startsWith('stdout'))).toEqual([expect.stringMatching(/^stdout:1:\{"type":"SPEC"/)]);
  });

  it('read: places config, catalog and state under /data and passes them with the harness flags', async () => {
    const config = { api_key: 'k-123', start_date: '2024-01-01' };
    const catalog = { streams: [{ stream: { name: 'numbers', json_schema: {} }, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] };
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'numbers' }, stream_state: { n: 5 } } }];
    const run = await startRun({ command: 'read', config, catalog, state });
    const [record] = messagesOf(await collect(run));
    expect(record).toMatchObject({
      type: 'RECORD',
      record: { data: { args: 'read --config /data/tap_config.json --catalog /data/catalog.json --state /data/state.json', config, catalog, state } },
    });
    expect((await run.result).exitCode).toBe(0);
    await expectNoContainersOf(run);
  });

  it('runs with host networking by default and with the network mode asked for otherwise', async () => {
    const hostRun = await startRun({ command: 'check', config: {} });
    const [hostRecord] = messagesOf(await collect(hostRun));
    const isolatedRun = await startRun({ command: 'check', config: {}, networkMode: 'none' });
    const [isolatedRecord] = messagesOf(await collect(isolatedRun));
    await Promise.all([hostRun.result, isolatedRun.result]);
    expect(hostRecord).toMatchObject({ record: { data: { hostname: hostname() } } });
    expect(isolatedRecord).not.toMatchObject({ record: { data: { hostname: hostname() } } });
  });

  it('write: streams stdin into the connector, closes it, and yields what the connector echoes', async () => {
    const lines = [
      ...Array.from({ length: 500 }, (_, i) => JSON.stringify({ type: 'RECORD', record: { stream: 'numbers', data: { n: i }, emitted_at: 1 } })),
      JSON.stringify({ type: 'STATE', state: { type: 'LEGACY', data: { cursor: 500 } } }),
    ];
    const run = await startRun({ command: 'write', config: {}, catalog: { streams: [] }, stdin: Readable.from(lines.map((line) => `${line}\n`)) });
    const items = await collect(run);
    expect(messagesOf(items)).toEqual([{ type: 'STATE', state: { type: 'LEGACY', data: { cursor: 500 } } }]);
    expect(items).toContainEqual({ type: 'stderr', line: 1, text: 'write: 500 records' });
    expect((await run.result).exitCode).toBe(0);
    await expectNoContainersOf(run);
  });

  it('write with a mount: what the connector writes under /local is on the host afterwards', async () => {
    const local = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-local-'));
    try {
      const stdin = Readable.from([`${JSON.stringify({ type: 'RECORD', record: { stream: 'numbers', data: { n: 1 }, emitted_at: 1 } })}\n`]);
      const run = await startRun({ command: 'write', config: {}, catalog: { streams: [] }, stdin, mounts: [{ hostPath: local, containerPath: '/local' }] });
      await collect(run);
      expect((await run.result).exitCode).toBe(0);
      expect(readFileSync(path.join(local, 'records.txt'), 'utf8')).toBe('1\n');
      await expectNoContainersOf(run);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('reports a non-zero exit with the output written before it, and removes the container', async () => {
    const run = await startRun({ command: 'check', config: {}, env: { FIXTURE_MODE: 'crash' } });
    const items = await collect(run);
    const result = await run.result;
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(messagesOf(items)).toEqual([{ type: 'LOG', log: { level: 'ERROR', message: 'about to crash' } }]);
    expect(items).toContainEqual({ type: 'stderr', line: 1, text: 'fixture: crashing on purpose' });
    await expectNoContainersOf(run);
  });

  it('kills a connector that runs past timeoutMs, says timedOut, and removes it', async () => {
    const run = await startRun({ command: 'spec', env: { FIXTURE_MODE: 'sleep' }, timeoutMs: 1500 });
    const items = await collect(run);
    const result = await run.result;
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(result.durationMs).toBeGreaterThanOrEqual(1500);
    expect(result.durationMs).toBeLessThan(6000);
    expect(items).toEqual([{ type: 'stderr', line: 1, text: 'fixture: sleeping' }]);
    await expectNoContainersOf(run);
  });

  it('stop() kills the connector, ends the output and resolves with stopped', async () => {
    const run = await startRun({ command: 'spec', env: { FIXTURE_MODE: 'sleep' } });
    const result = await run.stop();
    expect(result).toMatchObject({ stopped: true, timedOut: false, exitCode: 137 });
    expect(await collect(run)).toEqual([]);
    await expectNoContainersOf(run);
  });

  it('write: a connector that exits without reading its stdin ends the run (no wait for a drain that never comes)', async () => {
    const line = Buffer.from(`${JSON.stringify({ type: 'RECORD', record: { stream: 'numbers', data: { padding: 'x'.repeat(1000) }, emitted_at: 1 } })}\n`);
    async function* endless() {
      for (;;) yield line;
    }
    const run = await startRun({ command: 'write', config: {}, catalog: {}, stdin: endless(), env: { FIXTURE_MODE: 'crash' }, timeoutMs: 60_000 });
    await collect(run);
    const result = await run.result;
    expect(result).toMatchObject({ exitCode: 3, timedOut: false });
    await expectNoContainersOf(run);
  });

  it('removes the container when the stdin source throws, and rejects with that error', async () => {
    async function* failingSource() {
      yield Buffer.from('{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1}}\n');
      throw new Error('the message source broke');
    }
    const run = await startRun({ command: 'write', config: {}, catalog: {}, stdin: failingSource() });
    await expect(run.result).rejects.toThrow('the message source broke');
    await expect(collect(run)).rejects.toThrow('the message source broke');
    await expectNoContainersOf(run);
  });

  it('rejects an image that is not there before creating anything', async () => {
    const runId = createRunId('test-runner');
    const failure = runConnector(client, { image: `nx-airbyte-test/never-built:${testRun.runId}`, command: 'spec', runId });
    await expect(failure).rejects.toBeInstanceOf(ImageNotFoundError);
    await expect(failure).rejects.toThrow(/is not in the local Docker image store: build it first/);
    expect(await containersOfRun(client, runId)).toEqual([]);
  });

  it('labels the container with the run id, the owner process and the creation time', async () => {
    const run = await startRun({ command: 'spec', env: { FIXTURE_MODE: 'sleep' }, labels: { purpose: 'label-test' } });
    try {
      const [container] = await containersOfRun(client, run.runId);
      expect(container.Labels).toMatchObject({ 'io.nx-airbyte.run': run.runId, [OWNER_LABEL]: `${hostname()}:${process.pid}`, purpose: 'label-test' });
      expect(Math.abs(Number(container.Labels['io.nx-airbyte.created']) - Date.now())).toBeLessThan(60_000);
      expect(container.Names).toEqual([`/${run.containerName}`]);
    } finally {
      await run.stop();
    }
    await expectNoContainersOf(run);
  });
});

describe('runConnector with a large output', () => {
  const records = 100_000;
  const padding = 1000;

  it(`streams ${records} records (~110 MB) while a slow consumer holds the container back, with bounded memory`, async () => {
    const run = await startRun({ command: 'read', config: {}, catalog: {}, env: { FIXTURE_MODE: 'records', FIXTURE_RECORDS: String(records), FIXTURE_PADDING: String(padding) } });
    const iterator = run.output[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ type: 'message', message: { type: 'RECORD', record: { data: { n: 1 } } } });

    // Unconsumed, the output cannot all have left the container: it is still running, blocked on stdout.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const paused = await client.api.getContainer(run.containerId).inspect();
    expect(paused.State.Running).toBe(true);

    const baseline = process.memoryUsage().heapUsed;
    let peakGrowth = 0;
    let count = 1;
    let lastN = 1;
    const started = Date.now();
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const item = next.value;
      if (item.type === 'message' && item.message.type === 'RECORD') {
        count++;
        lastN = item.message.record.data.n as number;
      }
      if (count % 5000 === 0) peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
    }
    const seconds = (Date.now() - started) / 1000;
    const result = await run.result;
    expect(result.exitCode).toBe(0);
    expect(count).toBe(records);
    expect(lastN).toBe(records);
    // The output is ~110 MB; what stays in memory is the 1 MiB queue plus garbage the collector has not taken yet.
    expect(peakGrowth).toBeLessThan(64 * 1024 * 1024);
    console.log(`large output: ${records} records of ~${padding + 110} B in ${seconds.toFixed(2)} s (${Math.round(records / seconds)} records/s), peak heap growth ${(peakGrowth / 1048576).toFixed(1)} MiB`);
    await expectNoContainersOf(run);
  });
});

describe('cleanup when the process running a connector dies', () => {
  // spec sleeps (as a read that never ends); write is fed stdin for ever. Counted by the run's label,
  // before and after; the child's own TMPDIR must be empty afterwards.
  describe.each(['spec', 'write'])('while %s runs', (command) => {
    it.each(['SIGINT', 'SIGTERM'] as const)('%s: the child removes its container, leaves no temp file, then exits by the signal', async (signal) => {
      const runId = createRunId(`test-${signal.toLowerCase()}`);
      const { child, started: containerId, exited, tmpDir } = await startChild([image, runId, command]);
      expect((await client.api.getContainer(containerId).inspect()).State.Running).toBe(true);
      expect(await containersOfRun(client, runId)).toHaveLength(1);
      child.kill(signal);
      expect(await exited).toEqual({ code: null, signal });
      expect(await containersOfRun(client, runId)).toEqual([]);
      expect(readdirSync(tmpDir)).toEqual([]);
      rmSync(tmpDir, { recursive: true, force: true });
    });

    it('SIGKILL: the container outlives the child until reapOrphans removes it and reports it', async () => {
      const runId = createRunId('test-sigkill');
      const { child, started: containerId, exited, tmpDir } = await startChild([image, runId, command]);
      child.kill('SIGKILL');
      await exited;
      expect((await containersOfRun(client, runId)).map((c) => c.Id)).toEqual([containerId]);
      const reaped = await reapOrphans(client, { runId });
      expect(reaped).toEqual([expect.objectContaining({ id: containerId, runId, owner: `${hostname()}:${child.pid}`, state: 'running' })]);
      expect(await containersOfRun(client, runId)).toEqual([]);
      expect(readdirSync(tmpDir)).toEqual([]);
      rmSync(tmpDir, { recursive: true, force: true });
    });
  });

  it('the first run of a new process reaps orphans past the age threshold, with their /local, and leaves younger ones alone', async () => {
    const orphan = async (name: string) => {
      const runId = createRunId(name);
      const started = await startChild([image, runId, 'write-local']);
      started.child.kill('SIGKILL');
      await started.exited;
      const containers = await containersOfRun(client, runId);
      expect(containers).toHaveLength(1);
      expect(readdirSync(started.tmpDir)).toEqual([expect.stringMatching(/^nx-airbyte-local-/)]);
      return { runId, tmpDir: started.tmpDir, createdMs: Number(containers[0].Labels[CREATED_LABEL]) };
    };
    const old = await orphan('test-old-orphan');
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const young = await orphan('test-young-orphan');
    try {
      // halfway between their ages: the new process's start (a few seconds) must not carry the young one past it
      const thresholdMs = Date.now() - (old.createdMs + young.createdMs) / 2;
      const next = await startChild(['--once', image, createRunId('test-next-run'), String(Math.round(thresholdMs))]);
      expect(await next.exited).toEqual({ code: 0, signal: null });
      rmSync(next.tmpDir, { recursive: true, force: true });
      expect(await containersOfRun(client, old.runId)).toEqual([]);
      expect(readdirSync(old.tmpDir)).toEqual([]);
      expect(await containersOfRun(client, young.runId)).toHaveLength(1);
      expect(readdirSync(young.tmpDir)).toHaveLength(1);
    } finally {
      await reapOrphans(client, { runId: young.runId });
      await reapOrphans(client, { runId: old.runId });
      for (const dir of [old.tmpDir, young.tmpDir]) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reapOrphans leaves the containers of live processes alone', async () => {
    const run = await startRun({ command: 'spec', env: { FIXTURE_MODE: 'sleep' } });
    try {
      expect(await reapOrphans(client, { runId: run.runId })).toEqual([]);
      expect(await containersOfRun(client, run.runId)).toHaveLength(1);
    } finally {
      await run.stop();
    }
  });
});
