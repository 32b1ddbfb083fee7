import { InvalidOptionError } from '../errors';
import { parseRegistryAddress, type RegistryAddress } from './registry-address';
import type { RegistryCredentials } from './registry-api';

/** The registry connectors are published to (and previous versions are found in), and its account. */
export const REGISTRY_ENV = 'NX_AIRBYTE_REGISTRY';
export const REGISTRY_USER_ENV = 'NX_AIRBYTE_REGISTRY_USER';
export const REGISTRY_PASSWORD_ENV = 'NX_AIRBYTE_REGISTRY_PASSWORD';

/** A registry setting that cannot be used, said before anything runs; never holds a password. */
export class RegistrySettingsError extends Error {
  override readonly name = 'RegistrySettingsError';
}

export interface RegistrySettings {
  registry: RegistryAddress;
  credentials?: RegistryCredentials;
}

/**
 * The account in two environment variables (`<prefix>_USER`, `<prefix>_PASSWORD`): both or neither.
 * Empty values count as unset.
 */
export function registryCredentialsFromEnvironment(env: NodeJS.ProcessEnv, variables: { user: string; password: string } = { user: REGISTRY_USER_ENV, password: REGISTRY_PASSWORD_ENV }): RegistryCredentials | undefined {
  const username = env[variables.user] ?? '';
  const password = env[variables.password] ?? '';
  if (username === '' && password === '') return undefined;
  if (username === '') throw new RegistrySettingsError(`${variables.password} is set but ${variables.user} is not: set both, or neither for a registry without accounts`);
  if (password === '') throw new RegistrySettingsError(`${variables.user} is set but ${variables.password} is not: set both, or neither for a registry without accounts`);
  return { username, password };
}

/**
 * The registry named by `option` (a `--registry` flag or executor option), else by NX_AIRBYTE_REGISTRY,
 * with the account from NX_AIRBYTE_REGISTRY_USER and _PASSWORD; undefined when neither names one.
 * A malformed address is refused, naming where it came from.
 */
export function registryFromEnvironment(option: string | undefined, env: NodeJS.ProcessEnv = process.env, optionName = '--registry'): RegistrySettings | undefined {
  const fromOption = option?.trim();
  const given = fromOption || env[REGISTRY_ENV]?.trim();
  if (!given) return undefined;
  let registry: RegistryAddress;
  try {
    registry = parseRegistryAddress(given);
  } catch (error) {
    if (error instanceof InvalidOptionError) throw new RegistrySettingsError(`${fromOption ? optionName : REGISTRY_ENV}: ${error.message.replace(/^parseRegistryAddress: option "registry" /, '')}`);
    throw error;
  }
  const credentials = registryCredentialsFromEnvironment(env);
  return { registry, ...(credentials ? { credentials } : {}) };
}
