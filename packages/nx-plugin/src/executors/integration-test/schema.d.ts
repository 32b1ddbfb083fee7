export interface IntegrationTestExecutorOptions {
  config?: string;
  filter?: string;
  reportsDir?: string;
  concurrency?: number;
  /** Memory of each connector container, in MiB; default none. */
  memoryLimitMiB?: number;
  imageCache?: string;
  registry?: string;
}
