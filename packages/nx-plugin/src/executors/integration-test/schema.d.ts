export interface IntegrationTestExecutorOptions {
  config?: string;
  filter?: string;
  reportsDir?: string;
  concurrency?: number;
  imageCache?: string;
  registry?: string;
}
