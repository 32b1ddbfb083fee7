import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { createRunId, findImagesByLabel, removeImage, RUN_LABEL, type DockerClient } from '../../src/index';

export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');

/** On every image a test builds, so that the test can remove exactly its own images. */
export const TEST_RUN_LABEL = 'io.nx-airbyte.test-run';

export interface TestRun {
  runId: string;
  labels: Record<string, string>;
  /** A unique image name for a fixture in this test run. */
  imageTag(fixture: string): string;
}

export function startTestRun(name: string): TestRun {
  const runId = createRunId(`test-${name}`);
  return {
    runId,
    labels: { [TEST_RUN_LABEL]: runId },
    imageTag: (fixture) => `nx-airbyte-test/${fixture}:${runId}`,
  };
}

/** Removes every image this test run built: children before parents (an image FROM another inherits its label), so a few passes. */
export async function removeTestImages(client: DockerClient, run: TestRun): Promise<void> {
  for (let pass = 1; ; pass++) {
    const images = await findImagesByLabel(client, TEST_RUN_LABEL, run.runId);
    if (images.length === 0) return;
    const last = pass === 5;
    for (const image of images) await removeImage(client, image.id, { force: true }).catch((error: unknown) => (last ? Promise.reject(error) : false));
  }
}

/** Containers (in any state) that carry the connector runner's label for `runId`. */
export async function containersOfRun(client: DockerClient, runId: string): Promise<Dockerode.ContainerInfo[]> {
  return client.api.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
}

/** Containers (in any state) whose command line mentions `marker`: how a build's intermediate containers are found. */
export async function containersMentioning(client: DockerClient, marker: string): Promise<Dockerode.ContainerInfo[]> {
  const all = await client.api.listContainers({ all: true });
  return all.filter((container) => container.Command.includes(marker));
}

/** Polls `check` until it returns true or `timeoutMs` passes; resolves with the last answer. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface MarkedFixture {
  contextDir: string;
  /** A unique word in the fixture's RUN line, to recognise the build's containers. */
  marker: string;
  remove(): void;
}

/** Copies a fixture to a temp folder with @MARKER@ in its Dockerfile replaced by a unique word. */
export function markedFixture(fixture: string): MarkedFixture {
  const marker = `nx-airbyte-marker-${randomBytes(6).toString('hex')}`;
  const contextDir = mkdtempSync(path.join(tmpdir(), `nx-airbyte-${fixture}-`));
  cpSync(path.join(FIXTURES_DIR, fixture), contextDir, { recursive: true });
  const dockerfile = path.join(contextDir, 'Dockerfile');
  writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replaceAll('@MARKER@', marker));
  return { contextDir, marker, remove: () => rmSync(contextDir, { recursive: true, force: true }) };
}

export interface ChildUnderTest {
  child: ChildProcess;
  /** What the child printed after "started ": a container id, or "build". */
  started: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The child's own TMPDIR, empty when it starts: whatever is left in it afterwards, the child left. */
  tmpDir: string;
}

const CHILD_SCRIPT = path.join(__dirname, 'connector-child.js');

/** Starts support/connector-child.js with `args` and its own TMPDIR; resolves once it printed "started ...". */
export function startChild(args: string[]): Promise<ChildUnderTest> {
  const tmpDir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-child-tmp-'));
  const child = spawn(process.execPath, [CHILD_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmpDir } });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const started = /started (\S+)\n/.exec(stdout);
      if (started) resolve({ child, started: started[1], exited, tmpDir });
    });
    void exited.then(({ code, signal }) => reject(new Error(`the child exited early (code ${code}, signal ${signal}): ${stderr}`)));
  });
}
