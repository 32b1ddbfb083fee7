/** Options of the nx-airbyte graph plugin (`plugins[].options` in nx.json). Every path is relative to the workspace root. */
export interface AirbytePluginOptions {
  /** Folder whose sub-folders with a Dockerfile are connectors. */
  connectorsDir?: string;
  /** Folder whose sub-folders with a Dockerfile are base images. */
  basesDir?: string;
  /** Name of the target that runs unit tests and builds the image. */
  buildTargetName?: string;
  /** Name of the target that runs the acceptance suite against the image. */
  integrationTestTargetName?: string;
  /** Name of the target that publishes the image to a registry. */
  publishTargetName?: string;
}

export type NormalizedPluginOptions = Required<AirbytePluginOptions>;

export const DEFAULT_PLUGIN_OPTIONS: NormalizedPluginOptions = {
  connectorsDir: 'airbyte-integrations/connectors',
  basesDir: 'airbyte-integrations/bases',
  buildTargetName: 'build',
  integrationTestTargetName: 'integrationTest',
  publishTargetName: 'publish',
};

export function normalizePluginOptions(options: AirbytePluginOptions | undefined): NormalizedPluginOptions {
  const merged = { ...DEFAULT_PLUGIN_OPTIONS, ...(options ?? {}) };
  for (const key of Object.keys(DEFAULT_PLUGIN_OPTIONS) as Array<keyof NormalizedPluginOptions>) {
    const value = merged[key];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`nx-airbyte plugin option '${key}' must be a non-empty string (nx.json plugins[].options), got ${JSON.stringify(value)}`);
    }
    merged[key] = key.endsWith('Dir') ? trimSlashes(value) : value;
  }
  return merged;
}

function trimSlashes(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}
