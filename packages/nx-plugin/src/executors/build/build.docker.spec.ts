import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { buildImage, createDockerClient, createRunId, findImage, findImagesByLabel, removeImage } from '@nx-airbyte/docker';
import buildExecutor, { buildBatch } from './build';
import type { BatchTaskResult } from './batch-schedule';

// Against the real engine: a base image and connectors FROM it, private to this run (label and names).
const client = createDockerClient();
const runId = createRunId('test-build-batch');
const RUN_LABEL = 'io.nx-airbyte.test-run';
const name = (project: string) => `nx-airbyte-test/${project}-${runId}`;
let workspace: string;

const BASE_DOCKERFILE = `FROM debian:bookworm-slim\nLABEL ${RUN_LABEL}=${runId}\nLABEL io.airbyte.name=${name('base')} io.airbyte.version=0.1.0\n`;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  writeFileSync(path.join(workspace, file), text);
}

const roots: Record<string, string> = { base: 'bases/base', 'source-a': 'connectors/source-a', 'source-b': 'connectors/source-b', 'source-leaky': 'connectors/source-leaky' };

async function runBatch(projects: string[]): Promise<BatchTaskResult[]> {
  const tasks = Object.fromEntries(projects.map((project) => [`${project}:build`, { id: `${project}:build`, target: { project, target: 'build' } }]));
  const dependencies = Object.fromEntries(projects.map((project) => [`${project}:build`, project === 'base' ? [] : ['base:build']]));
  const context = { root: workspace, projectsConfigurations: { projects: Object.fromEntries(projects.map((p) => [p, { root: roots[p] }])) }, nxJsonConfiguration: {} } as unknown as ExecutorContext;
  const inputs = Object.fromEntries(projects.map((project) => [`${project}:build`, {}]));
  const results: BatchTaskResult[] = [];
  for await (const result of buildBatch({ tasks, dependencies, roots: [] } as unknown as TaskGraph, inputs, {}, context)) results.push(result);
  return results;
}

const metadata = (project: string) => JSON.parse(readFileSync(path.join(workspace, 'dist', roots[project], 'image.json'), 'utf8')) as { imageId: string };

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-build-batch-'));
  write('bases/base/Dockerfile', BASE_DOCKERFILE);
  for (const project of ['source-a', 'source-b']) {
    write(`${roots[project]}/Dockerfile`, `FROM ${name('base')}:dev\nCOPY main.sh /main.sh\nLABEL io.airbyte.name=${name(project)} io.airbyte.version=0.1.0\n`);
    write(`${roots[project]}/main.sh`, `echo ${project}\n`);
  }
});

afterAll(async () => {
  // children before parents: a parent of an image still there cannot go
  for (let pass = 0; pass < 5; pass++) {
    const images = await findImagesByLabel(client, RUN_LABEL, runId);
    if (images.length === 0) break;
    for (const image of images) await removeImage(client, image.id, { force: true }).catch(() => false);
  }
  rmSync(workspace, { recursive: true, force: true });
});

describe('buildBatch against the engine', () => {
  it('builds a base image and the connectors on it, then reuses all of them unchanged', async () => {
    const first = await runBatch(['base', 'source-a', 'source-b']);
    expect(first.map((r) => r.result.success)).toEqual([true, true, true]);
    expect(first[0].task).toBe('base:build');
    const again = await runBatch(['base', 'source-a', 'source-b']);
    for (const result of again) expect(result.result.terminalOutput).toMatch(/unchanged inputs, reused image/);
  });

  it('reuses the base image itself, not an image built FROM it elsewhere that inherited its labels', async () => {
    const base = metadata('base').imageId;
    // a plain docker build FROM the base: it carries the base's input-hash label, and is newer
    const child = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-child-'));
    writeFileSync(path.join(child, 'Dockerfile'), `FROM ${name('base')}:dev\nLABEL io.airbyte.name=${name('child')}\n`);
    await buildImage(client, { contextDir: child, tags: [`${name('child')}:dev`] });
    rmSync(child, { recursive: true, force: true });

    expect((await runBatch(['base']))[0].result.terminalOutput).toMatch(/reused image/);
    expect(metadata('base').imageId).toBe(base);
    expect((await findImage(client, `${name('base')}:dev`))?.id).toBe(base);
  });

  it('finds the base image by its label when its tag points at another build, still not at a child', async () => {
    const base = metadata('base').imageId;
    write('bases/base/Dockerfile', `${BASE_DOCKERFILE}ENV CHANGED=1\n`);
    await runBatch(['base']);
    expect((await findImage(client, `${name('base')}:dev`))?.id).not.toBe(base);

    write('bases/base/Dockerfile', BASE_DOCKERFILE);
    expect((await runBatch(['base']))[0].result.success).toBe(true);
    expect(metadata('base').imageId).toBe(base);
    expect((await findImage(client, `${name('base')}:dev`))?.id).toBe(base);
  });

  it('masks the values of the connector\'s secrets/ files in what the build prints, in a batch and alone', async () => {
    write('connectors/source-leaky/secrets/config.json', JSON.stringify({ token: 'canary-build-secret-7788', account: 918273645 }));
    const dockerfile = (step: number) => `FROM ${name('base')}:dev\nRUN echo step${step} canary-build-secret-7788 918273645\nLABEL io.airbyte.name=${name('source-leaky')} io.airbyte.version=0.1.0\n`;
    write('connectors/source-leaky/Dockerfile', dockerfile(1));
    const batch = (await runBatch(['base', 'source-leaky']))[1];
    expect(batch.result.success).toBe(true);
    expect(batch.result.terminalOutput).toMatch(/step1 \*{10} \*{10}/);
    expect(batch.result.terminalOutput).not.toMatch(/canary-build-secret-7788|918273645/);

    write('connectors/source-leaky/Dockerfile', dockerfile(2));
    const printed: string[] = [];
    const spies = (['error', 'log'] as const).map((method) => jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.join(' '))));
    try {
      const context = { root: workspace, projectName: 'source-leaky', projectsConfigurations: { projects: { 'source-leaky': { root: roots['source-leaky'] } } }, nxJsonConfiguration: {} } as unknown as ExecutorContext;
      expect(await buildExecutor({}, context)).toEqual({ success: true });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed.join('\n')).toMatch(/step2 \*{10} \*{10}/);
    expect(printed.join('\n')).not.toMatch(/canary-build-secret-7788|918273645/);
  });
});
