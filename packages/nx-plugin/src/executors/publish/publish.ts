import type { ExecutorContext } from '@nx/devkit';
import { createDockerClient, registryCredentialsFromEnvironment, registryFromEnvironment, REGISTRY_ENV, type RegistryAddress, type RegistryCredentials } from '@nx-airbyte/docker';
import { DEFAULT_DEFINITIONS_DIR } from '../../generators/connector/definitions';
import { describeError } from '../../errors';
import { publishConnector } from '../../publish/publish-connector';
import { connectorMasker } from '../../masking/connector-masker';
import type { PublishExecutorOptions } from './schema';

/** Bad publish settings (registry, credentials): said before anything runs. */
export class PublishSettingsError extends Error {
  override readonly name = 'PublishSettingsError';
}

/**
 * `nx run <connector>:publish`: after build and integrationTest, the steps of publishConnector, with the
 * registry from --registry or NX_AIRBYTE_REGISTRY and the account from the environment.
 */
export default async function publishExecutor(options: PublishExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = context.projectName ? context.projectsConfigurations.projects[context.projectName] : undefined;
  if (!project) {
    console.error(`error: nx-airbyte publish: project '${context.projectName}' is not in the workspace`);
    return { success: false };
  }
  let credentials: RegistryCredentials | undefined;
  let mask = (text: string) => text;
  try {
    credentials = registryCredentials(process.env);
    const masker = connectorMasker(context.root, project.root, credentials ? [credentials.password] : []);
    mask = (text) => masker.mask(text);
    const registry = publishRegistry(options.registry, process.env);
    const client = createDockerClient();
    await publishConnector({
      workspaceRoot: context.root,
      projectRoot: project.root,
      projectName: project.name ?? context.projectName ?? project.root,
      definitionsDir: options.definitionsDir ?? DEFAULT_DEFINITIONS_DIR,
      registry,
      credentials,
      dryRun: options.dryRun ?? false,
      client,
      log: (line) => console.log(line),
      mask,
      specTimeoutMs: (options.specTimeoutSeconds ?? 60) * 1000,
      transferTimeoutMs: (options.transferTimeoutSeconds ?? 900) * 1000,
    });
    return { success: true };
  } catch (error) {
    console.error(mask(describeError(error)));
    return { success: false };
  }
}

/** The registry from the option, else from NX_AIRBYTE_REGISTRY; refuses none and malformed addresses. */
export function publishRegistry(option: string | undefined, env: NodeJS.ProcessEnv): RegistryAddress {
  const settings = registryFromEnvironment(option, { [REGISTRY_ENV]: env[REGISTRY_ENV] });
  if (!settings) throw new PublishSettingsError(`no registry to publish to: pass --registry=<host[:port][/namespace]> or set ${REGISTRY_ENV} (e.g. 127.0.0.1:5000, as tools/bootstrap --registry starts)`);
  return settings.registry;
}

/** The account from NX_AIRBYTE_REGISTRY_USER and NX_AIRBYTE_REGISTRY_PASSWORD: both or neither. */
export function registryCredentials(env: NodeJS.ProcessEnv): RegistryCredentials | undefined {
  return registryCredentialsFromEnvironment(env);
}
