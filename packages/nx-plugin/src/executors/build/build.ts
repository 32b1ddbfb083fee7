import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { BuildExecutorOptions } from './schema';
import { createDockerClient, IMAGE_CACHE_PASSWORD_ENV, ImageCache } from '@nx-airbyte/docker';
import { buildProjectImage } from '../../image/project-image';
import { describeError } from '../../errors';
import { connectorMasker } from '../../masking/connector-masker';
import { runInDependencyOrder, type BatchTaskResult } from './batch-schedule';

/** `nx run <project>:build`: the project's image, built only when its inputs changed. */
// Every line it prints passes the connector's masker: its secrets/ values and the image cache password.
export default async function buildExecutor(options: BuildExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  let mask = (text: string) => text;
  try {
    const root = projectRoot(context, context.projectName);
    mask = buildMask(context.root, root);
    const { imageCache, ...buildOptions } = options;
    const client = createDockerClient();
    const cache = ImageCache.fromEnvironment(client, imageCache);
    await buildProjectImage({ workspaceRoot: context.root, projectRoot: root, projectName: context.projectName ?? root, ...buildOptions, client, imageCache: cache }, (line) => console.log(mask(line)));
    return { success: true };
  } catch (error) {
    console.error(mask(describeError(error)));
    return { success: false };
  }
}

/** The masker of one project's build output: the values of its secrets/ files and the image cache password. */
function buildMask(workspaceRoot: string, root: string): (text: string) => string {
  const password = process.env[IMAGE_CACHE_PASSWORD_ENV];
  const masker = connectorMasker(workspaceRoot, root, password ? [password] : []);
  return (text) => masker.mask(text);
}

/** Nx's own default for --parallel; a batch process is not told the value of the flag. */
export const DEFAULT_BATCH_CONCURRENCY = 3;

/**
 * Many images in one process (`preferBatch`): one engine client, no process start per image (which
 * costs more than checking an unchanged image). An image is checked or built once the base images
 * of this batch it FROMs are done, at most `parallel` (nx.json, default 3) at a time.
 */
export async function* buildBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, BuildExecutorOptions>,
  _overrides: BuildExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const client = createDockerClient();
  // one cache for the batch: a cache that does not answer is reported once, not once per image
  const caches = new Map<string, ImageCache | undefined>();
  yield* runInDependencyOrder(taskGraph, batchConcurrency(context), async (taskId) => {
    const project = taskGraph.tasks[taskId].target.project;
    const startTime = Date.now();
    const lines: string[] = [];
    let success = false;
    let mask = (text: string) => text;
    try {
      const root = projectRoot(context, project);
      mask = buildMask(context.root, root);
      const { imageCache, ...buildOptions } = inputs[taskId];
      const key = imageCache ?? '';
      if (!caches.has(key)) caches.set(key, ImageCache.fromEnvironment(client, imageCache));
      await buildProjectImage({ workspaceRoot: context.root, projectRoot: root, projectName: project, ...buildOptions, client, imageCache: caches.get(key) }, (line) => lines.push(mask(line)));
      success = true;
    } catch (error) {
      lines.push(mask(describeError(error)));
    }
    return { task: taskId, result: { success, terminalOutput: lines.join('\n'), startTime, endTime: Date.now() } };
  });
}

/** nx.json `parallel`, else Nx's default. */
export function batchConcurrency(context: Pick<ExecutorContext, 'nxJsonConfiguration'>): number {
  const parallel = Number(context.nxJsonConfiguration?.parallel);
  return Number.isInteger(parallel) && parallel > 0 ? parallel : DEFAULT_BATCH_CONCURRENCY;
}

function projectRoot(context: ExecutorContext, projectName: string | undefined): string {
  const project = projectName ? context.projectsConfigurations.projects[projectName] : undefined;
  if (!project) throw new Error(`nx-airbyte build: project '${projectName}' is not in the workspace`);
  return project.root;
}
