// The Nx plugin: projects inferred from Dockerfiles (createNodes) and their graph edges (createDependencies).
// Executors and generators are declared in executors.json and generators.json.
export { createNodes, createNodesV2 } from './plugin/nodes';
export { createDependencies } from './plugin/dependencies';
export type { AirbytePluginOptions } from './plugin/options';
