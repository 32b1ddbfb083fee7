import { readFileSync } from 'node:fs';
import { isMap } from 'yaml';
import { fixture } from '../../test/fixtures/config/fixture-paths';
import { legacyKeyPath, migrateLegacyConfig } from './legacy-migration';
import { loadAcceptanceConfig } from './load';
import { ReadContext } from './read-context';
import { parseYamlSource } from './yaml-source';

function migratedFixture(name: string): { migrated: unknown; ctx: ReadContext } {
  const file = fixture(name, 'acceptance-test-config.yml');
  const parsed = parseYamlSource(file, readFileSync(file, 'utf8'));
  if (!('source' in parsed)) throw new Error(`${name} does not parse`);
  const ctx = new ReadContext(parsed.source, legacyKeyPath);
  const root = parsed.source.document.contents;
  if (!isMap(root)) throw new Error(`${name} is not a map`);
  migrateLegacyConfig(ctx, root);
  return { migrated: parsed.source.document.toJS(), ctx };
}

describe('migrateLegacyConfig', () => {
  it('rewrites the legacy format as the original migrate_legacy_to_current_config did', () => {
    const { migrated, ctx } = migratedFixture('legacy-template');

    expect(ctx.problems).toEqual([]);
    expect(migrated).toEqual({
      connector_image: 'airbyte/source-weather:dev',
      acceptance_tests: {
        spec: { tests: [{ spec_path: 'source_weather/spec.yaml' }] },
        connection: {
          tests: [
            { config_path: 'secrets/config.json', status: 'succeed' },
            { config_path: 'integration_tests/invalid_config.json', status: 'failed' },
          ],
        },
        discovery: { tests: [{ config_path: 'secrets/config.json' }] },
        basic_read: {
          tests: [
            {
              config_path: 'secrets/config.json',
              configured_catalog_path: 'integration_tests/configured_catalog.json',
              empty_streams: [{ name: 'alerts' }, { name: 'stations' }],
              timeout_seconds: 900,
            },
          ],
        },
        incremental: {
          tests: [
            {
              config_path: 'secrets/config.json',
              configured_catalog_path: 'integration_tests/configured_catalog.json',
              threshold_days: 2,
              future_state: { future_state_path: 'integration_tests/abnormal_state.json' },
            },
          ],
        },
        full_refresh: {
          tests: [
            {
              config_path: 'secrets/config.json',
              configured_catalog_path: 'integration_tests/configured_catalog.json',
              ignored_fields: { observations: [{ name: 'retrieved_at' }, { name: 'links/self' }] },
            },
          ],
        },
      },
    });
  });

  it('leaves root keys other than tests where they are', () => {
    const { migrated } = migratedFixture('legacy-faros-example');

    expect(Object.keys(migrated as object)).toEqual(['connector_image', 'acceptance_tests']);
  });
});

describe('loading a legacy file', () => {
  it('gives the migrated entries, read like the current format', async () => {
    const config = await loadAcceptanceConfig(fixture('legacy-template'));
    const basicRead = config.acceptanceTests.basic_read?.tests[0];
    const fullRefresh = config.acceptanceTests.full_refresh?.tests[0];

    expect(config.format).toBe('legacy');
    expect(basicRead?.emptyStreams.map((stream) => stream.name)).toEqual(['alerts', 'stations']);
    expect(basicRead?.timeoutSeconds).toBe(900);
    expect(fullRefresh?.ignoredFields.observations.map((field) => field.name)).toEqual(['retrieved_at', 'links/self']);
    expect(config.acceptanceTests.incremental?.tests[0].futureState?.futureStatePath).toBe(fixture('legacy-template', 'integration_tests', 'abnormal_state.json'));
  });

  it('points migrated items at the lines their author wrote', async () => {
    const config = await loadAcceptanceConfig(fixture('legacy-template'));

    expect(config.acceptanceTests.basic_read?.tests[0].emptyStreams.map((stream) => stream.location)).toEqual([
      expect.objectContaining({ line: 17, column: 23, keyPath: 'tests.basic_read[0].empty_streams[0]' }),
      expect.objectContaining({ line: 17, column: 33, keyPath: 'tests.basic_read[0].empty_streams[1]' }),
    ]);
  });

  it('warns that the file should move to the acceptance_tests format', async () => {
    const config = await loadAcceptanceConfig(fixture('legacy-faros-example'));

    expect(config.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('legacy tests: format (SAT < 0.2.12), migrated in memory') })]);
  });

  it('keeps the SAT sample’s cursor_paths, statuses and expect_records flags', async () => {
    const config = await loadAcceptanceConfig(fixture('legacy-hubspot'));

    expect(config.acceptanceTests.connection?.tests.map((entry) => entry.status)).toEqual(['succeed', 'exception']);
    expect(config.acceptanceTests.incremental?.tests[0].cursorPaths).toEqual({ subscription_changes: ['timestamp'], email_events: ['timestamp'] });
    expect(config.acceptanceTests.basic_read?.tests[0].expectRecords).toMatchObject({ extraFields: false, exactOrder: false, extraRecords: true });
  });
});

describe('legacyKeyPath', () => {
  it('spells suite and entry paths the legacy way', () => {
    expect(legacyKeyPath(['acceptance_tests'])).toEqual(['tests']);
    expect(legacyKeyPath(['acceptance_tests', 'spec'])).toEqual(['tests', 'spec']);
    expect(legacyKeyPath(['acceptance_tests', 'spec', 'tests'])).toEqual(['tests', 'spec']);
    expect(legacyKeyPath(['acceptance_tests', 'spec', 'tests', 1, 'spec_path'])).toEqual(['tests', 'spec', 1, 'spec_path']);
  });

  it('drops the name keys the migration added and restores future_state_path', () => {
    expect(legacyKeyPath(['acceptance_tests', 'basic_read', 'tests', 0, 'empty_streams', 2, 'name'])).toEqual(['tests', 'basic_read', 0, 'empty_streams', 2]);
    expect(legacyKeyPath(['acceptance_tests', 'full_refresh', 'tests', 0, 'ignored_fields', 'users', 1, 'name'])).toEqual([
      'tests',
      'full_refresh',
      0,
      'ignored_fields',
      'users',
      1,
    ]);
    expect(legacyKeyPath(['acceptance_tests', 'incremental', 'tests', 0, 'future_state', 'future_state_path'])).toEqual(['tests', 'incremental', 0, 'future_state_path']);
  });

  it('leaves root keys alone', () => {
    expect(legacyKeyPath(['connector_image'])).toEqual(['connector_image']);
  });
});
