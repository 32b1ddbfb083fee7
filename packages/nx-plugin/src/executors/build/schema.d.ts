export interface BuildExecutorOptions {
  dockerfile?: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  timeoutSeconds?: number;
  imageCache?: string;
}
