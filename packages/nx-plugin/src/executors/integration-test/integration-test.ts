import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { ConfigError, formatConfigProblem, imageExistsIn, loadAcceptanceConfig, readConnectorSecretValues, runAcceptanceTestsWithReports, SecretMasker } from '@nx-airbyte/acceptance';
import { createDockerClient, ImageCache, registryFromEnvironment } from '@nx-airbyte/docker';
import { describeError } from '../../errors';
import { ensureProjectImage } from '../../image/project-image';
import type { IntegrationTestExecutorOptions } from './schema';

/**
 * `nx run <connector>:integrationTest`: the acceptance suite of acceptance-test-config.yml against the
 * image `build` made (rebuilt when the store lost it), with JUnit XML and JSON reports.
 */
export default async function integrationTestExecutor(options: IntegrationTestExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = context.projectName ? context.projectsConfigurations.projects[context.projectName] : undefined;
  if (!project) {
    console.error(`error: nx-airbyte integrationTest: project '${context.projectName}' is not in the workspace`);
    return { success: false };
  }
  const root = project.root;
  const memoryLimitMiB = options.memoryLimitMiB;
  // the engine refuses less than 6 MiB
  if (memoryLimitMiB !== undefined && !(Number.isInteger(memoryLimitMiB) && memoryLimitMiB >= 6)) {
    console.error(`error: nx-airbyte integrationTest: option memoryLimitMiB must be a whole number of MiB, at least 6, got ${JSON.stringify(memoryLimitMiB)}`);
    return { success: false };
  }
  const reportsDir = path.join(context.root, (options.reportsDir ?? 'dist/{projectRoot}/acceptance').replace('{projectRoot}', root));
  // every value of the connector's secrets/ files, masked in all it prints and writes (airbyte_secret fields on top, once the spec is known)
  let maskedValues = readConnectorSecretValues([path.join(context.root, root)]);
  let masker = new SecretMasker(maskedValues);
  try {
    const registry = registryFromEnvironment(options.registry, process.env, 'the registry option');
    if (registry?.credentials) masker = new SecretMasker((maskedValues = [...maskedValues, registry.credentials.password]));
    const client = createDockerClient();
    const imageCache = ImageCache.fromEnvironment(client, options.imageCache);
    const metadata = await ensureProjectImage({ workspaceRoot: context.root, projectRoot: root, projectName: project.name ?? root, client, imageCache }, (line) => console.log(masker.mask(line)));
    const config = await loadAcceptanceConfig(path.join(context.root, root, options.config ?? 'acceptance-test-config.yml'), {
      imageOverride: metadata.image,
      imageExists: imageExistsIn(client),
    });
    if (config.basePath !== path.join(context.root, root)) {
      maskedValues = [...readConnectorSecretValues([path.join(context.root, root), config.basePath]), ...(registry?.credentials ? [registry.credentials.password] : [])];
      masker = new SecretMasker(maskedValues);
    }
    for (const warning of config.warnings) console.warn(masker.mask(`warning: ${formatConfigProblem(warning)}`));
    console.log(`Acceptance tests of ${metadata.image} (${path.relative(context.root, config.file)})`);
    const run = await runAcceptanceTestsWithReports({
      config,
      client,
      filter: options.filter,
      concurrency: options.concurrency,
      out: process.stdout,
      junitXml: path.join(reportsDir, 'junit.xml'),
      json: path.join(reportsDir, 'report.json'),
      maskedValues,
      registry,
      ...(memoryLimitMiB !== undefined ? { containerMemoryLimitBytes: memoryLimitMiB * 1024 * 1024 } : {}),
    });
    console.log(`Reports: ${path.relative(context.root, reportsDir)}/junit.xml, report.json`);
    return { success: run.failed === 0 };
  } catch (error) {
    console.error(masker.mask(error instanceof ConfigError ? error.message : describeError(error)));
    return { success: false };
  }
}
