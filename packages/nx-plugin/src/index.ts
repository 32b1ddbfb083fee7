// The Nx plugin: projects inferred from Dockerfiles and libraries under bases (createNodes), their graph edges (createDependencies),
// and a check of the remote cache before tasks run (preTasksExecution).
// Executors and generators are declared in executors.json and generators.json.
export { createNodes, createNodesV2 } from './plugin/nodes';
export { createDependencies } from './plugin/dependencies';
export { preTasksExecution } from './plugin/remote-cache-check';
export type { AirbytePluginOptions } from './plugin/options';
