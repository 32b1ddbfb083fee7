import { AirbyteConfig } from 'faros-airbyte-cdk';
import { isAbsolute, relative, resolve } from 'node:path';

/** The connector's config, as described by resources/spec.json. */
export interface LocalJsonConfig extends AirbyteConfig {
  readonly destination_path: string;
}

/** Where Airbyte mounts the host folder a local destination writes to; the tests point it elsewhere. */
export const LOCAL_ROOT = '/local';

/** A config the destination cannot work with; its message is meant for the user and never quotes a secret. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * The folder the records go to: destination_path, under the local root (the CDK does not validate the config
 * against the spec: what it cannot express is checked here).
 */
export function outputDirectory(config: Partial<LocalJsonConfig> | undefined, localRoot: string): string {
  const path = config?.destination_path;
  if (typeof path !== 'string' || path.trim() === '') throw new ConfigurationError('Invalid config: destination_path must be a non-empty string');
  const underLocal = path === LOCAL_ROOT || path.startsWith(`${LOCAL_ROOT}/`) ? path.slice(LOCAL_ROOT.length).replace(/^\/+/, '') : path;
  const directory = resolve(localRoot, underLocal);
  const inside = relative(localRoot, directory);
  if (isAbsolute(underLocal) || inside.startsWith('..') || isAbsolute(inside)) {
    throw new ConfigurationError(`Invalid config: destination_path must be a folder under ${LOCAL_ROOT}, got ${JSON.stringify(path)}`);
  }
  return directory;
}
