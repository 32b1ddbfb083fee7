import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createDockerClient, pingEngine, DockerUnavailableError, registryFromEnvironment, RegistrySettingsError, type DockerClient, type RegistrySettings } from '@nx-airbyte/docker';
import { ConfigError, CONFIG_ERROR_EXIT_CODE, formatConfigProblem } from '../config/config-error';
import { loadAcceptanceConfig } from '../config/load';
import type { TextSink } from '../report/console-reporter';
import { readConnectorSecretValues } from '../report/secret-files';
import { SecretMasker } from '../report/secret-masker';
import { imageExistsIn, runAcceptanceTestsWithReports } from '../suite/run-with-reports';

export const USAGE = `Usage: connector-acceptance-test --acceptance-test-config <dir|file> [options]

Runs the connector acceptance suites that acceptance-test-config.yml declares against the connector's
Docker image: spec, connection, discovery, basic_read, full_refresh, incremental for a source; spec,
connection and destination for a destination.

Options:
  --acceptance-test-config <path>  the connector directory or its acceptance-test-config.yml (required)
  --image <ref>                    test this image instead of connector_image
  --junit-xml <file>               write a JUnit XML report (one testsuite per suite)
  --json <file>                    write a JSON report (results, record counts, container timings)
  -k <text>                        run only the tests whose id contains <text>, e.g. -k basic_read
                                   or -k destination.test_sync
  --concurrency <n>                short container runs (spec, check, discover) at once (default 2)
  --memory-limit <MiB>             memory of each connector container; past it the kernel kills the connector
  --registry <host[:port][/ns]>    where published versions are: test_backward_compatibility pulls the
                                   previous version from here when it is not local (default: NX_AIRBYTE_REGISTRY;
                                   account from NX_AIRBYTE_REGISTRY_USER and NX_AIRBYTE_REGISTRY_PASSWORD)
  -h, --help                       show this help

Exit status: 0 when every selected test passed or was skipped, 1 when one failed,
2 on a usage or configuration error (nothing ran) or when no Docker engine answers. The config is
checked before the engine is asked anything, so its problems are reported without one.`;

export interface CliIo {
  out: TextSink;
  err: TextSink;
  /** Docker engine to use; default DOCKER_HOST or the local socket. */
  client?: DockerClient;
  /** Where NX_AIRBYTE_REGISTRY and its account are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

interface CliOptions {
  configPath: string;
  image?: string;
  junitXml?: string;
  json?: string;
  filter?: string;
  concurrency?: number;
  memoryLimitMiB?: number;
  registry?: string;
}

/** The CLI without the process: returns the exit status, prints through `io`. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    io.err.write(`connector-acceptance-test: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (options === 'help') {
    io.out.write(`${USAGE}\n`);
    return EXIT_PASSED;
  }

  let registry: RegistrySettings | undefined;
  try {
    registry = registryFromEnvironment(options.registry, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof RegistrySettingsError)) throw error;
    io.err.write(`connector-acceptance-test: ${error.message}\n`);
    return EXIT_USAGE;
  }

  // the config first, without Docker: its problems are reported even when no engine answers
  let configError: ConfigError | undefined;
  try {
    await loadAcceptanceConfig(options.configPath, { imageOverride: options.image });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configError = error;
  }

  const client = io.client ?? createDockerClient();
  try {
    await pingEngine(client);
  } catch (error) {
    if (!(error instanceof DockerUnavailableError)) throw error;
    if (configError) io.err.write(`${configError.message}\n`);
    io.err.write(`connector-acceptance-test: ${error.message}\n`);
    return configError ? CONFIG_ERROR_EXIT_CODE : EXIT_USAGE;
  }

  // with an engine, the config again with the images it names checked: every problem in one report
  let config;
  try {
    config = await loadAcceptanceConfig(options.configPath, { imageOverride: options.image, imageExists: imageExistsIn(client) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err.write(`${error.message}\n`);
    return CONFIG_ERROR_EXIT_CODE;
  }
  for (const warning of config.warnings) io.err.write(`warning: ${formatConfigProblem(warning)}\n`);

  io.out.write(`Testing ${config.connectorImage} with ${config.file}\n`);
  // every value of the connector's secrets/ files is masked in the reports, like the airbyte_secret fields
  const maskedValues = [...readConnectorSecretValues([path.dirname(config.file), config.basePath]), ...(registry?.credentials ? [registry.credentials.password] : [])];
  let run;
  try {
    run = await runAcceptanceTestsWithReports({ config, client, filter: options.filter, concurrency: options.concurrency, out: io.out, junitXml: options.junitXml, json: options.json, maskedValues, registry, containerMemoryLimitBytes: options.memoryLimitMiB === undefined ? undefined : options.memoryLimitMiB * 1024 * 1024 });
  } catch (error) {
    io.err.write(`connector-acceptance-test: ${new SecretMasker(maskedValues).mask((error as Error).message)}\n`);
    return EXIT_FAILED;
  }
  if (options.filter && run.results.length === 0) {
    io.err.write(`connector-acceptance-test: no test id contains '${options.filter}' (ids look like basic_read.test_read)\n`);
    return EXIT_USAGE;
  }
  return run.failed > 0 ? EXIT_FAILED : EXIT_PASSED;
}

export function parseCommandLine(argv: readonly string[]): CliOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      'acceptance-test-config': { type: 'string' },
      image: { type: 'string' },
      'junit-xml': { type: 'string' },
      json: { type: 'string' },
      k: { type: 'string', short: 'k' },
      concurrency: { type: 'string' },
      'memory-limit': { type: 'string' },
      registry: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
  const configPath = values['acceptance-test-config'];
  if (!configPath) throw new Error('--acceptance-test-config <dir|file> is required');
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a whole number of at least 1, got '${values.concurrency}'`);
  }
  let memoryLimitMiB: number | undefined;
  if (values['memory-limit'] !== undefined) {
    memoryLimitMiB = Number(values['memory-limit']);
    // the engine refuses less than 6 MiB
    if (!Number.isInteger(memoryLimitMiB) || memoryLimitMiB < 6) throw new Error(`--memory-limit must be a whole number of MiB, at least 6, got '${values['memory-limit']}'`);
  }
  return {
    configPath,
    ...(values.image ? { image: values.image } : {}),
    ...(values['junit-xml'] ? { junitXml: values['junit-xml'] } : {}),
    ...(values.json ? { json: values.json } : {}),
    ...(values.k ? { filter: values.k } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(memoryLimitMiB ? { memoryLimitMiB } : {}),
    ...(values.registry ? { registry: values.registry } : {}),
  };
}
