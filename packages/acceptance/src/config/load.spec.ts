import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyFixture, fixture, removeFixtureCopies } from '../../test/fixtures/config/fixture-paths';
import { DEFAULT_TIMEOUT_SECONDS } from './acceptance-config';
import { ConfigError } from './config-error';
import { loadAcceptanceConfig } from './load';

afterAll(removeFixtureCopies);

async function configError(loading: Promise<unknown>): Promise<ConfigError> {
  const error = await loading.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('loadAcceptanceConfig on the acceptance_tests format', () => {
  it('reads every suite of the file', async () => {
    const config = await loadAcceptanceConfig(fixture('exchange-rates'));

    expect(config.format).toBe('current');
    expect(config.connectorImage).toBe('airbyte/source-exchange-rates:dev');
    expect(Object.keys(config.acceptanceTests)).toEqual(['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental']);
    expect(config.acceptanceTests.connection?.tests.map((entry) => entry.status)).toEqual(['succeed', 'failed']);
    expect(config.acceptanceTests.spec?.tests[0].backwardCompatibility).toEqual({ previousConnectorVersion: 'latest', disableForVersion: '1.3.0' });
  });

  it('accepts the path of the YAML file as well as its directory', async () => {
    const fromDirectory = await loadAcceptanceConfig(fixture('exchange-rates'));
    const fromFile = await loadAcceptanceConfig(fixture('exchange-rates', 'acceptance-test-config.yml'));

    expect(fromFile).toEqual(fromDirectory);
  });

  it('resolves relative paths from the directory of the YAML file, whatever the working directory', async () => {
    const relativeToCwd = path.relative(process.cwd(), fixture('exchange-rates'));

    const config = await loadAcceptanceConfig(relativeToCwd);

    expect(config.basePath).toBe(fixture('exchange-rates'));
    expect(config.acceptanceTests.basic_read?.tests[0].configuredCatalogPath).toBe(fixture('exchange-rates', 'integration_tests', 'configured_catalog.json'));
    expect(config.acceptanceTests.incremental?.tests[0].futureState?.futureStatePath).toBe(fixture('exchange-rates', 'integration_tests', 'abnormal_state.json'));
    expect(config.acceptanceTests.spec?.tests[0].specPath).toBe(fixture('exchange-rates', 'source_exchange_rates', 'spec.yaml'));
  });

  it('resolves relative paths from base_path, itself relative to the YAML file', async () => {
    const config = await loadAcceptanceConfig(fixture('base-path', 'acceptance'));

    expect(config.basePath).toBe(fixture('base-path', 'connector'));
    expect(config.acceptanceTests.basic_read?.tests[0].configPath).toBe(fixture('base-path', 'connector', 'integration_tests', 'config.json'));
    expect(config.acceptanceTests.basic_read?.tests[0].configuredCatalogPath).toBe(
      fixture('base-path', 'connector', 'integration_tests', 'configured_catalog.json'),
    );
  });

  it('fills each suite’s class default timeout where an entry sets none', async () => {
    const config = await loadAcceptanceConfig(fixture('spec-defaults'));

    const timeouts = Object.fromEntries(Object.entries(config.acceptanceTests).map(([suite, declared]) => [suite, declared.tests[0].timeoutSeconds]));
    const { destination: _destination, ...sourceSuites } = DEFAULT_TIMEOUT_SECONDS;
    expect(timeouts).toEqual(sourceSuites);
  });

  it('keeps a timeout_seconds written on an entry', async () => {
    const config = await loadAcceptanceConfig(fixture('stripe-high'));

    expect(config.acceptanceTests.basic_read?.tests[0].timeoutSeconds).toBe(3600);
    expect(config.acceptanceTests.spec?.tests[0].timeoutSeconds).toBe(DEFAULT_TIMEOUT_SECONDS.spec);
  });

  it('fills the original’s defaults for keys an entry leaves out', async () => {
    const config = await loadAcceptanceConfig(fixture('spec-defaults'));
    const tests = config.acceptanceTests;

    expect(config.testStrictnessLevel).toBe('low');
    expect(tests.connection?.tests[0].status).toBe('succeed');
    expect(tests.discovery?.tests[0]).toMatchObject({ backwardCompatibility: { previousConnectorVersion: 'latest' }, validatePrimaryKeysDataType: true });
    expect(tests.basic_read?.tests[0]).toMatchObject({
      emptyStreams: [],
      validateSchema: true,
      validateDataPoints: false,
      expectTraceMessageOnFailure: true,
      failOnExtraColumns: true,
      ignoredFields: {},
    });
    expect(tests.basic_read?.tests[0].configuredCatalogPath).toBeUndefined();
    expect(tests.basic_read?.tests[0].expectRecords).toBeUndefined();
    expect(tests.incremental?.tests[0]).toMatchObject({ cursorPaths: {}, thresholdDays: 0, skipComprehensiveIncrementalTests: false });
    expect(tests.incremental?.tests[0].futureState).toBeUndefined();
  });

  it('reads the root options: discovered-catalog caching and environment variables as text', async () => {
    const config = await loadAcceptanceConfig(fixture('spec-defaults'));

    expect(config.cacheDiscoveredCatalog).toBe(false);
    expect(config.customEnvironmentVariables).toEqual({ AIRBYTE_LOG_LEVEL: 'DEBUG', PAGE_SIZE: '100' });
  });

  it('reads yes and no as booleans, as the original’s YAML 1.1 parser did', async () => {
    const config = await loadAcceptanceConfig(fixture('stripe-high'));

    expect(config.acceptanceTests.basic_read?.tests[0].expectRecords).toMatchObject({ extraFields: false, exactOrder: false, extraRecords: true });
  });

  it('follows YAML anchors and merge keys, explicit keys winning over merged ones', async () => {
    const config = await loadAcceptanceConfig(fixture('anchors'));
    const [first, second] = config.acceptanceTests.basic_read?.tests ?? [];

    expect(first.timeoutSeconds).toBe(900);
    expect(second.timeoutSeconds).toBe(1800);
    expect(second.validateDataPoints).toBe(true);
    expect(second.configuredCatalogPath).toBe(first.configuredCatalogPath);
    expect(config.acceptanceTests.full_refresh?.tests[0].configuredCatalogPath).toBe(first.configuredCatalogPath);
  });

  it('records where each entry is written', async () => {
    const config = await loadAcceptanceConfig(fixture('exchange-rates'));

    expect(config.acceptanceTests.connection?.tests[1].location).toEqual({
      file: fixture('exchange-rates', 'acceptance-test-config.yml'),
      line: 12,
      column: 9,
      keyPath: 'acceptance_tests.connection.tests[1]',
    });
  });
});

describe('test names of suites with several entries', () => {
  it('name each entry by the values that tell it apart', async () => {
    const config = await loadAcceptanceConfig(fixture('exchange-rates'));

    expect(config.acceptanceTests.connection?.tests.map((entry) => entry.params)).toEqual([{ status: 'succeed' }, { status: 'failed' }]);
  });

  it('give no parameters to the entry of a single-entry suite', async () => {
    const config = await loadAcceptanceConfig(fixture('exchange-rates'));

    expect(config.acceptanceTests.discovery?.tests[0].params).toBeUndefined();
  });
});

describe('the connector image', () => {
  it('is replaced by the command-line override', async () => {
    const config = await loadAcceptanceConfig(fixture('exchange-rates'), { imageOverride: 'airbyte/source-exchange-rates:1.3.1' });

    expect(config.connectorImage).toBe('airbyte/source-exchange-rates:1.3.1');
  });

  it('need not be in a file when the command line gives one', async () => {
    const config = await loadAcceptanceConfig(fixture('image-from-command-line'), { imageOverride: 'airbyte/source-example:dev' });

    expect(config.connectorImage).toBe('airbyte/source-example:dev');
  });

  it('is checked against the local store, and a missing one is reported at connector_image with how to build it', async () => {
    const asked: string[] = [];
    const imageExists = async (reference: string) => {
      asked.push(reference);
      return false;
    };

    const error = await configError(loadAcceptanceConfig(fixture('exchange-rates'), { imageExists }));

    expect(asked).toEqual(['airbyte/source-exchange-rates:dev']);
    expect(error.problems).toEqual([
      expect.objectContaining({
        line: 1,
        keyPath: 'connector_image',
        message: expect.stringContaining('image airbyte/source-exchange-rates:dev does not exist locally; build it first: npx nx run source-exchange-rates:build'),
      }),
    ]);
  });

  it('is checked as overridden, not as written', async () => {
    const asked: string[] = [];
    const imageExists = async (reference: string) => {
      asked.push(reference);
      return true;
    };

    await loadAcceptanceConfig(fixture('exchange-rates'), { imageOverride: 'localhost:5000/airbyte/source-exchange-rates:1.3.1', imageExists });

    expect(asked).toEqual(['localhost:5000/airbyte/source-exchange-rates:1.3.1']);
  });

  it('turns a failing image check into a config problem, not a crash', async () => {
    const imageExists = async () => {
      throw new Error('connect ENOENT /var/run/docker.sock');
    };

    const error = await configError(loadAcceptanceConfig(fixture('exchange-rates'), { imageExists }));

    expect(error.problems[0].message).toContain('could not check whether image airbyte/source-exchange-rates:dev exists locally (connect ENOENT /var/run/docker.sock)');
  });

  it('rejects a malformed override', async () => {
    const error = await configError(loadAcceptanceConfig(fixture('exchange-rates'), { imageOverride: 'source example' }));

    expect(error.problems).toEqual([
      expect.objectContaining({ keyPath: 'connector_image', message: expect.stringContaining('the image given on the command line: "source example" is not a Docker image reference') }),
    ]);
  });
});

describe('files under secrets/', () => {
  it('may be missing: the config loads, and the missing file says how to create it', async () => {
    const config = await loadAcceptanceConfig(fixture('legacy-hubspot'));

    expect(config.missingSecretFiles).toHaveLength(1);
    const [missing] = config.missingSecretFiles;
    expect(missing.path).toBe(fixture('legacy-hubspot', 'secrets', 'config.json'));
    expect(missing.relativePath).toBe('secrets/config.json');
    expect(missing.message).toContain('secrets/ is git-ignored');
    expect(missing.message).toContain('by copying integration_tests/sample_config.json and filling in real credentials');
  });

  it('list every entry that uses a missing secret, in suite order, including those relying on the default config_path', async () => {
    const config = await loadAcceptanceConfig(fixture('legacy-hubspot'));

    expect(config.missingSecretFiles[0].usedBy.map((location) => location.keyPath)).toEqual([
      'tests.spec[0]',
      'tests.connection[0].config_path',
      'tests.discovery[0].config_path',
      'tests.basic_read[0].config_path',
      'tests.full_refresh[0].config_path',
      'tests.incremental[0].config_path',
    ]);
  });

  it('are no longer reported once they exist', async () => {
    const connector = copyFixture('legacy-hubspot', { 'secrets/config.json': '{"start_date": "2021-01-01T00:00:00Z"}' });

    const config = await loadAcceptanceConfig(connector);

    expect(config.missingSecretFiles).toEqual([]);
    expect(config.acceptanceTests.discovery?.tests[0].configPath).toBe(path.join(connector, 'secrets', 'config.json'));
  });
});

describe('spec_path', () => {
  it('is left out when not given and the default secrets/spec.json does not exist, as the original skipped the comparison', async () => {
    const config = await loadAcceptanceConfig(fixture('spec-defaults'));

    expect(config.acceptanceTests.spec?.tests[0].specPath).toBeUndefined();
    expect(config.missingSecretFiles).toEqual([]);
  });

  it('defaults to secrets/spec.json when that file exists', async () => {
    const connector = copyFixture('spec-defaults', { 'secrets/spec.json': '{"connectionSpecification": {"type": "object"}}' });

    const config = await loadAcceptanceConfig(connector);

    expect(config.acceptanceTests.spec?.tests[0].specPath).toBe(path.join(connector, 'secrets', 'spec.json'));
  });
});

describe('strictness high', () => {
  it('loads a config that follows every high rule', async () => {
    const config = await loadAcceptanceConfig(fixture('faker-high'));

    expect(config.testStrictnessLevel).toBe('high');
    expect(config.acceptanceTests.full_refresh?.tests[0].ignoredFields.users.map((field) => field.bypassReason)).toEqual([
      'generated at read time',
      'generated at read time',
    ]);
  });

  it('leaves the rules alone at the default low level', async () => {
    const connector = copyFixture('pokeapi-high');
    const file = path.join(connector, 'acceptance-test-config.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('test_strictness_level: high', 'test_strictness_level: low'));

    const config = await loadAcceptanceConfig(connector);

    expect(config.acceptanceTests.basic_read?.tests[0].emptyStreams).toEqual([expect.objectContaining({ name: 'abilities' })]);
  });
});

describe('bad arguments', () => {
  it('rejects a path that is not a string with a TypeError naming what it needs', async () => {
    await expect(loadAcceptanceConfig(42 as unknown as string)).rejects.toThrow(
      'loadAcceptanceConfig needs the path of an acceptance-test-config.yml or of its directory, got 42',
    );
  });

  it('reports a path that does not exist as a config error with exit code 2', async () => {
    const error = await configError(loadAcceptanceConfig(fixture('no-such-connector')));

    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`${fixture('no-such-connector')}: no such file or directory`);
  });

  it('reports a directory without a config file', async () => {
    const error = await configError(loadAcceptanceConfig(fixture('broken', 'integration_tests')));

    expect(error.message).toContain(`has no acceptance-test-config.yml`);
  });
});
