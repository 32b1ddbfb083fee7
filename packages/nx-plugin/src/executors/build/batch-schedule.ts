import type { TaskGraph } from '@nx/devkit';

/** What a batch executor reports for one task. */
export interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}

/**
 * Runs the tasks of a batch, each once the tasks of this batch it depends on succeeded, at most
 * `concurrency` at a time, and yields each result as soon as it is known. A task whose dependency
 * failed is not run: it fails, naming the dependency.
 */
export async function* runInDependencyOrder(taskGraph: TaskGraph, concurrency: number, run: (taskId: string) => Promise<BatchTaskResult>): AsyncGenerator<BatchTaskResult> {
  const waiting = new Set(dependencyOrder(taskGraph));
  const succeeded = new Map<string, boolean>();
  const running = new Map<string, Promise<BatchTaskResult>>();
  const dependencies = (taskId: string) => (taskGraph.dependencies[taskId] ?? []).filter((dependency) => taskGraph.tasks[dependency]);
  const notRun = (taskId: string, reason: string): BatchTaskResult => ({ task: taskId, result: { success: false, terminalOutput: `not built: ${reason}`, startTime: Date.now(), endTime: Date.now() } });

  while (waiting.size > 0 || running.size > 0) {
    for (const taskId of waiting) {
      if (running.size >= concurrency) break;
      if (!dependencies(taskId).every((dependency) => succeeded.has(dependency))) continue;
      waiting.delete(taskId);
      const failedDependency = dependencies(taskId).find((dependency) => !succeeded.get(dependency));
      running.set(taskId, failedDependency ? Promise.resolve(notRun(taskId, `${failedDependency} failed`)) : run(taskId));
    }
    if (running.size === 0) {
      // only a dependency cycle leaves tasks that can never start; Nx refuses such graphs, but never hang
      for (const taskId of waiting) yield notRun(taskId, 'its dependencies form a cycle');
      return;
    }
    const finished = await Promise.race(running.values());
    running.delete(finished.task);
    succeeded.set(finished.task, finished.result.success);
    yield finished;
  }
}

/** Task ids with every task after the tasks of this batch it depends on. */
export function dependencyOrder(taskGraph: TaskGraph): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (taskId: string) => {
    if (seen.has(taskId) || !taskGraph.tasks[taskId]) return;
    seen.add(taskId);
    for (const dependency of taskGraph.dependencies[taskId] ?? []) visit(dependency);
    order.push(taskId);
  };
  for (const taskId of Object.keys(taskGraph.tasks)) visit(taskId);
  return order;
}
