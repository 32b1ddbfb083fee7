// The public API of @nx-airbyte/docker. Importing it is cheap: dockerode, tar-fs and the dockerignore
// matcher are loaded on first use, so the Nx graph plugin can use the Dockerfile parser freely.
export * from './errors';
export { createDockerClient, pingEngine, parseEngineAddress, DEFAULT_PING_TIMEOUT_MS, DEFAULT_SOCKET_PATH } from './engine-client';
export type { DockerClient, CreateDockerClientOptions } from './engine-client';
export { parseDockerfile, AIRBYTE_NAME_LABEL, AIRBYTE_VERSION_LABEL } from './dockerfile/dockerfile';
export type { Dockerfile, DockerfileStage, DockerfileFrom, DockerfileArg, DockerfileKeyValue, DockerfileEntrypoint, DockerfileInstruction, ParseDockerfileOptions } from './dockerfile/dockerfile';
export { createBuildContext, DEFAULT_DOCKERFILE } from './build-context/build-context';
export type { BuildContext, BuildContextOptions } from './build-context/build-context';
export { ALWAYS_EXCLUDED_NAMES } from './build-context/context-selection';
export type { ContextEntry } from './build-context/context-selection';
export { buildImage, DEFAULT_BUILD_TIMEOUT_MS } from './image-build/build-image';
export type { BuildImageOptions, BuiltImage } from './image-build/build-image';
export { findImage, findImagesByLabel, tagImage, removeImage, splitImageReference } from './images';
export type { ImageInfo, ImageReference, RemoveImageOptions } from './images';
export { buildImageUnlessUnchanged, imageInputHash } from './image-build/build-unless-unchanged';
export type { UnchangedImageResult } from './image-build/build-unless-unchanged';
export { CONTEXT_HASH_LABEL, INPUT_HASH_LABEL, RUN_LABEL, OWNER_LABEL, CREATED_LABEL } from './labels';
export { runConnector, createRunId, DEFAULT_RUN_TIMEOUT_MS, DEFAULT_OUTPUT_HIGH_WATER_MARK } from './connector-run/run-connector';
export type { RunConnectorOptions, ConnectorRun, ConnectorRunResult, ContainerMount, ContainerRun } from './connector-run/run-connector';
export { runCommandInContainer } from './connector-run/run-command';
export type { RunCommandOptions, CommandRun } from './connector-run/run-command';
export { CONNECTOR_COMMANDS, CONFIG_PATH, CATALOG_PATH, STATE_PATH } from './connector-run/connector-invocation';
export type { ConnectorCommand, ConnectorFileContents, ConnectorInputs } from './connector-run/connector-invocation';
export type { ConnectorOutputItem, CommandOutputItem, LineObserver, StderrLine, StdoutLine } from './connector-run/connector-output';
export { ProcessExitingError, SIGNAL_CLEANUP_TIMEOUT_MS } from './connector-run/live-containers';
export { reapOrphans, isProcessAlive, AUTOMATIC_REAP_MIN_AGE_MS } from './orphan-reaper';
export type { ReapOrphansOptions, ReapedContainer } from './orphan-reaper';
