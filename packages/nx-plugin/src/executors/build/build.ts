import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { BuildExecutorOptions } from './schema';
import { buildProjectImage, type ImageBuildLog } from '../../image/project-image';
import { describeError } from '../../errors';

/** `nx run <project>:build`: the project's image, built only when its inputs changed. */
export default async function buildExecutor(options: BuildExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = projectRoot(context, context.projectName);
  try {
    await buildProjectImage({ workspaceRoot: context.root, projectRoot: root, projectName: context.projectName ?? root, ...options }, consoleLog);
    return { success: true };
  } catch (error) {
    console.error(describeError(error));
    return { success: false };
  }
}

interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}

/**
 * Many builds in one process (`preferBatch`): one engine connection, no process start per image. Tasks
 * run in dependency order, base images first, and each result is reported as soon as it is known.
 */
export async function* buildBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, BuildExecutorOptions>,
  _overrides: BuildExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const failed = new Set<string>();
  for (const taskId of dependencyOrder(taskGraph)) {
    const task = taskGraph.tasks[taskId];
    const startTime = Date.now();
    const lines: string[] = [];
    const log: ImageBuildLog = (line) => lines.push(line);
    let success = false;
    const failedDependency = (taskGraph.dependencies[taskId] ?? []).find((dependency) => failed.has(dependency));
    if (failedDependency) {
      lines.push(`not built: ${failedDependency} failed`);
    } else {
      try {
        await buildProjectImage({ workspaceRoot: context.root, projectRoot: projectRoot(context, task.target.project), projectName: task.target.project, ...inputs[taskId] }, log);
        success = true;
      } catch (error) {
        lines.push(describeError(error));
      }
    }
    if (!success) failed.add(taskId);
    yield { task: taskId, result: { success, terminalOutput: lines.join('\n'), startTime, endTime: Date.now() } };
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

function projectRoot(context: ExecutorContext, projectName: string | undefined): string {
  const project = projectName ? context.projectsConfigurations.projects[projectName] : undefined;
  if (!project) throw new Error(`nx-airbyte build: project '${projectName}' is not in the workspace`);
  return project.root;
}

function consoleLog(line: string): void {
  console.log(line);
}
