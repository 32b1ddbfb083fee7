import type { TaskGraph } from '@nx/devkit';
import { dependencyOrder, runInDependencyOrder, type BatchTaskResult } from './batch-schedule';
import { batchConcurrency, DEFAULT_BATCH_CONCURRENCY } from './build';

function graph(dependencies: Record<string, string[]>): TaskGraph {
  const tasks = Object.fromEntries(
    Object.keys(dependencies).map((id) => [id, { id, target: { project: id.split(':')[0], target: 'build' }, overrides: {}, outputs: [], parallelism: true }]),
  );
  return { roots: [], tasks, dependencies, continuousDependencies: {} } as unknown as TaskGraph;
}

const baseAndConnectors = (connectors: number) =>
  graph({ 'base-python:build': [], ...Object.fromEntries(Array.from({ length: connectors }, (_, i) => [`source-${i}:build`, ['base-python:build']])) });

/** Runs the schedule with tasks that take `ms` and succeed unless listed in `failing`; records starts, ends and the peak of tasks at once. */
async function schedule(taskGraph: TaskGraph, concurrency: number, { ms = 5, failing = [] as string[] } = {}) {
  const events: string[] = [];
  const ran: string[] = [];
  let running = 0;
  let peak = 0;
  const results: BatchTaskResult[] = [];
  for await (const result of runInDependencyOrder(taskGraph, concurrency, async (taskId) => {
    ran.push(taskId);
    events.push(`start ${taskId}`);
    peak = Math.max(peak, ++running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running--;
    events.push(`end ${taskId}`);
    return { task: taskId, result: { success: !failing.includes(taskId), terminalOutput: '', startTime: 0, endTime: 0 } };
  })) {
    results.push(result);
  }
  return { events, ran, peak, results };
}

describe('dependencyOrder', () => {
  it('puts every base image before the connectors built on it', () => {
    const order = dependencyOrder(graph({ 'source-a:build': ['base-python:build'], 'source-b:build': ['base-python:build'], 'base-python:build': [] }));
    expect(order.indexOf('base-python:build')).toBeLessThan(order.indexOf('source-a:build'));
    expect(order.indexOf('base-python:build')).toBeLessThan(order.indexOf('source-b:build'));
    expect(order).toHaveLength(3);
  });

  it('ignores dependencies on tasks outside the batch (they ran before it)', () => {
    expect(dependencyOrder(graph({ 'source-a:build': ['source-a:test'] }))).toEqual(['source-a:build']);
  });
});

describe('runInDependencyOrder', () => {
  it('starts no connector before its base image is done, and reports every task once', async () => {
    const { events, results } = await schedule(baseAndConnectors(5), 3);
    const baseEnd = events.indexOf('end base-python:build');
    for (let i = 0; i < 5; i++) expect(events.indexOf(`start source-${i}:build`)).toBeGreaterThan(baseEnd);
    expect(results.map((r) => r.task).sort()).toEqual(Object.keys(baseAndConnectors(5).tasks).sort());
  });

  it('runs independent tasks side by side, never more than the concurrency', async () => {
    expect((await schedule(baseAndConnectors(10), 3)).peak).toBe(3);
    expect((await schedule(baseAndConnectors(10), 1)).peak).toBe(1);
  });

  it('fails the tasks whose base image failed without running them, and runs the others', async () => {
    const taskGraph = graph({ 'base-python:build': [], 'base-node:build': [], 'source-a:build': ['base-python:build'], 'destination-b:build': ['base-node:build'] });
    const { ran, results } = await schedule(taskGraph, 2, { failing: ['base-python:build'] });
    expect(ran).not.toContain('source-a:build');
    expect(results.find((r) => r.task === 'source-a:build')?.result).toMatchObject({ success: false, terminalOutput: 'not built: base-python:build failed' });
    expect(results.find((r) => r.task === 'destination-b:build')?.result.success).toBe(true);
  });

  it('ends, failing the tasks, when dependencies form a cycle', async () => {
    const { results } = await schedule(graph({ 'a:build': ['b:build'], 'b:build': ['a:build'] }), 2);
    expect(results.map((r) => r.result.success)).toEqual([false, false]);
  });
});

describe('batchConcurrency', () => {
  it("is nx.json's parallel, else Nx's default of 3", () => {
    expect(batchConcurrency({ nxJsonConfiguration: { parallel: 5 } })).toBe(5);
    expect(batchConcurrency({ nxJsonConfiguration: {} })).toBe(DEFAULT_BATCH_CONCURRENCY);
  });
});
