export interface PublishExecutorOptions {
  registry?: string;
  dryRun?: boolean;
  definitionsDir?: string;
  specTimeoutSeconds?: number;
  transferTimeoutSeconds?: number;
}
