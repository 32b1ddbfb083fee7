import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { trackTemporaryDirectory } from '@nx-airbyte/docker';
import type { ConfiguredAirbyteCatalog, ConnectorSpecification, DestinationSyncMode, JsonObject } from '@nx-airbyte/protocol';
import { checkConfigMatchesSpec } from '../checks/spec/config-matches-spec';
import { checkDockerEnv } from '../checks/spec/docker-env';
import type { DestinationTestEntry } from '../config/acceptance-config';
import {
  bigRecords,
  DATA_SETS,
  exchangeRates,
  exchangeRatesCopies,
  exchangeRatesSecondSync,
  lineBreaks,
  namespacedRates,
  pricesFirstSync,
  pricesSecondSync,
  type DataSet,
  type DataSetName,
  type DataSetStream,
} from '../destination/data-sets';
import { CommandReader, LocalFilesReader, type StoredRecordsReader } from '../destination/read-back';
import { ExpectedRecords } from '../destination/stored-records';
import { runSync } from '../destination/sync';
import type { Failure } from '../report/test-result';
import { checkConnection, commonSuiteTests, secretTest, suiteTests, test, timeoutOf, type Params, type SuiteContext } from './source-suite';
import { outcomeOf, skipped, type AcceptanceTestCase, type TestOutcome } from './test-case';

/** The tests of the destination suite, in the order they run, named after Airbyte's Java DestinationAcceptanceTest. */
export const DESTINATION_SUITE_TESTS = [
  'test_get_spec',
  'test_check_connection',
  'test_check_connection_invalid_credentials',
  'test_sync',
  'test_sync_with_large_record_batch',
  'test_second_sync',
  'test_incremental_sync',
  'test_incremental_dedupe_sync',
  'test_line_break_characters',
  'test_sync_very_big_records',
  'test_sync_uses_airbyte_stream_namespace_if_not_null',
  'test_entrypoint_env_var',
  'test_secret_never_in_the_output',
] as const;

/** Copies of the exchange rates in test_sync_with_large_record_batch, as in the Java suite. */
export const LARGE_BATCH_COPIES = 400;
const SUITE = 'destination';
/** The mode the tests that are not about modes sync in, the first the destination supports: append keeps every record visible as it is written. */
const MODE_PREFERENCE: readonly DestinationSyncMode[] = ['append', 'overwrite', 'append_dedup'];

/** Every test of a destination config: spec and connection (when declared), the destination suite, then the secret test. */
export function destinationConfigTestCases(context: SuiteContext): AcceptanceTestCase[] {
  const testNames = DESTINATION_SUITE_TESTS.filter((name) => name !== 'test_secret_never_in_the_output');
  return [
    ...commonSuiteTests(context),
    ...suiteTests(context.config, 'destination', testNames, (entry, params) => destinationTests(context, entry, params)),
    secretTest(SUITE, context.leaks),
  ];
}

/** A temporary host directory mounted at /local for one test, removed afterwards whatever happened. */
async function withLocalDirectory(run: (directory: string) => Promise<Failure[]>): Promise<TestOutcome> {
  const directory = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-local-'));
  // a destination image may run as a user other than ours: let it write
  chmodSync(directory, 0o777);
  // SIGINT/SIGTERM remove it too, once the container writing into it is gone
  const forget = trackTemporaryDirectory(directory);
  let failures: Failure[];
  try {
    failures = await run(directory);
  } finally {
    try {
      rmSync(directory, { recursive: true, force: true });
    } catch (error) {
      failures = [{ message: `could not remove the temporary /local directory ${directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the destination's container wrote files this user cannot delete; remove it by hand` }];
    }
    forget();
  }
  return outcomeOf(failures);
}

function configuredCatalog(streams: readonly DataSetStream[], destinationSyncMode: DestinationSyncMode, syncMode: 'full_refresh' | 'incremental'): ConfiguredAirbyteCatalog {
  return {
    streams: streams.map((stream) => ({
      stream: {
        name: stream.name,
        ...(stream.namespace !== undefined ? { namespace: stream.namespace } : {}),
        json_schema: stream.jsonSchema,
        supported_sync_modes: ['full_refresh', 'incremental'],
        source_defined_cursor: false,
        default_cursor_field: stream.cursorField,
        source_defined_primary_key: stream.primaryKey,
      },
      sync_mode: syncMode,
      destination_sync_mode: destinationSyncMode,
      cursor_field: stream.cursorField,
      primary_key: stream.primaryKey,
    })),
  };
}

/** The destination sync modes the spec declares; throws (failing the test) when it declares none. */
async function supportedModes(context: SuiteContext, entry: DestinationTestEntry): Promise<DestinationSyncMode[]> {
  const modes = (await context.fixtures.spec(timeoutOf(entry))).supported_destination_sync_modes ?? [];
  if (modes.length === 0) throw new Error('the spec lists no supported_destination_sync_modes: a destination must say which modes it supports (the tests follow them)');
  return modes;
}

function destinationTests(context: SuiteContext, entry: DestinationTestEntry, params: Params): AcceptanceTestCase[] {
  const { fixtures } = context;
  const timeoutMs = timeoutOf(entry);
  const named = (extra: Record<string, string> = {}): Params => (params || Object.keys(extra).length > 0 ? { ...(params ?? {}), ...extra } : undefined);
  const testId = (name: string, extra?: Record<string, string>) => `${SUITE}.${name}${Object.keys({ ...(params ?? {}), ...(extra ?? {}) }).length > 0 ? `[${Object.entries({ ...(params ?? {}), ...(extra ?? {}) }).map(([key, value]) => `${key}=${value}`).join(',')}]` : ''}`;

  const reader = (localDirectory: string): StoredRecordsReader =>
    entry.readBack.kind === 'local_files'
      ? new LocalFilesReader(localDirectory, entry.readBack.pattern)
      : new CommandReader(context.session, entry.readBack, fixtures.connectorConfig(entry.configPath), localDirectory, timeoutMs);

  /** Reads back every stream of `expected` and compares: exactly, or (at a checkpoint) at least those records. */
  async function verifyStored(storage: StoredRecordsReader, expected: ExpectedRecords, mode: 'exact' | 'at-least', test: string, what: string, destinationSyncMode: string): Promise<Failure[]> {
    const failures: Failure[] = [];
    for (const stream of expected.streams) {
      const comparison = expected.comparison(stream, mode);
      const readFailures = await storage.read({ stream, destinationSyncMode, test }, (row, where) => comparison.observe(row, where), (problem) => comparison.problem(problem));
      // when the read-back itself failed (no file, the command failed), that is what is wrong with the stream
      if (readFailures.length > 0) failures.push(...readFailures.map((failure) => ({ ...failure, message: `${what}: ${failure.message}` })));
      else failures.push(...comparison.finish(what));
    }
    return failures;
  }

  /** One or more syncs into a fresh /local, then the stored records compared with `expected`. */
  async function syncs(test: string, plan: { syncs: Array<{ dataSet: DataSet; mode: DestinationSyncMode; syncMode: 'full_refresh' | 'incremental'; checkpoints?: boolean }>; expected: () => ExpectedRecords }): Promise<TestOutcome> {
    const config = fixtures.connectorConfig(entry.configPath);
    return withLocalDirectory(async (localDirectory) => {
      const storage = reader(localDirectory);
      const failures: Failure[] = [];
      const expected = plan.expected();
      let last: DestinationSyncMode = 'append';
      for (const [index, sync] of plan.syncs.entries()) {
        const which = plan.syncs.length > 1 ? `sync ${index + 1}` : 'sync';
        // what a later sync replaces is not expected any more
        const sent = sync.mode === 'overwrite' ? new ExpectedRecords(expected.streams) : expected;
        failures.push(
          ...(
            await runSync(context.session, {
              test: `${test} (${which})`,
              config,
              catalog: configuredCatalog(sync.dataSet.streams, sync.mode, sync.syncMode),
              messages: sync.dataSet.messages(),
              expected: sent,
              localDirectory,
              timeoutMs,
              ...(sync.checkpoints
                ? { verifyCheckpoint: (sentBefore: ExpectedRecords, state: number) => verifyStored(storage, sentBefore, 'at-least', test, `when STATE ${state} was echoed (every record sent before it must be stored by then)`, sync.mode) }
                : {}),
            })
          ).map((failure) => ({ ...failure, message: `${which}: ${failure.message}` })),
        );
        if (sync.mode === 'overwrite') expected.replaceWith(sent);
        last = sync.mode;
      }
      if (failures.some((failure) => /write: the connector (exited|did not finish|was killed)/.test(failure.message))) return failures;
      failures.push(...(await verifyStored(storage, expected, 'exact', test, `after the ${plan.syncs.length > 1 ? 'last sync' : 'sync'}`, last)));
      return failures;
    });
  }

  const onModes = (name: string, run: (modes: DestinationSyncMode[]) => Promise<TestOutcome>, extra?: Record<string, string>) =>
    test(SUITE, name, named(extra), false, async () => run(await supportedModes(context, entry)));
  const needing = (mode: DestinationSyncMode, modes: readonly DestinationSyncMode[]) => (modes.includes(mode) ? undefined : skipped(`the spec's supported_destination_sync_modes (${modes.join(', ')}) does not include ${mode}`));
  const primary = (modes: readonly DestinationSyncMode[]) => MODE_PREFERENCE.find((mode) => modes.includes(mode)) ?? modes[0];
  const single = (dataSet: DataSet, modes: readonly DestinationSyncMode[], checkpoints = false) => {
    const mode = primary(modes);
    return { syncs: [{ dataSet, mode, syncMode: 'full_refresh' as const, checkpoints }], expected: () => new ExpectedRecords(dataSet.streams, mode === 'append_dedup') };
  };

  return [
    test(SUITE, 'test_get_spec', named(), true, async () => outcomeOf(checkDestinationSpec(await fixtures.spec(timeoutMs), fixtures.connectorConfig(entry.configPath)))),
    test(SUITE, 'test_check_connection', named(), true, async () =>
      outcomeOf(await checkConnection(context, { config: fixtures.connectorConfig(entry.configPath), status: 'succeed', timeoutMs, test: testId('test_check_connection') })),
    ),
    test(SUITE, 'test_check_connection_invalid_credentials', named(), true, async () => {
      if (entry.invalidConfigPath === undefined) return skipped('no invalid_config_path: give a config that check must reject');
      return outcomeOf(await checkConnection(context, { config: fixtures.connectorConfig(entry.invalidConfigPath), status: 'failed', timeoutMs, test: testId('test_check_connection_invalid_credentials') }));
    }),
    ...entry.dataSets.map((name) => onModes('test_sync', (modes) => syncs(testId('test_sync', { data_set: name }), single(DATA_SETS[name as DataSetName], modes, true)), { data_set: name })),
    onModes('test_sync_with_large_record_batch', (modes) => syncs(testId('test_sync_with_large_record_batch'), single(exchangeRatesCopies(LARGE_BATCH_COPIES), modes))),
    onModes('test_second_sync', async (modes) => {
      const missing = needing('overwrite', modes);
      if (missing) return missing;
      return syncs(testId('test_second_sync'), {
        syncs: [
          { dataSet: exchangeRates, mode: 'overwrite', syncMode: 'full_refresh' },
          { dataSet: exchangeRatesSecondSync, mode: 'overwrite', syncMode: 'full_refresh' },
        ],
        expected: () => new ExpectedRecords(exchangeRates.streams),
      });
    }),
    onModes('test_incremental_sync', async (modes) => {
      const missing = needing('append', modes);
      if (missing) return missing;
      return syncs(testId('test_incremental_sync'), {
        syncs: [
          { dataSet: exchangeRates, mode: 'append', syncMode: 'full_refresh' },
          { dataSet: exchangeRatesSecondSync, mode: 'append', syncMode: 'incremental' },
        ],
        expected: () => new ExpectedRecords(exchangeRates.streams),
      });
    }),
    onModes('test_incremental_dedupe_sync', async (modes) => {
      const missing = needing('append_dedup', modes);
      if (missing) return missing;
      return syncs(testId('test_incremental_dedupe_sync'), {
        syncs: [
          { dataSet: pricesFirstSync, mode: 'append_dedup', syncMode: 'incremental' },
          { dataSet: pricesSecondSync, mode: 'append_dedup', syncMode: 'incremental' },
        ],
        expected: () => new ExpectedRecords(pricesFirstSync.streams, true),
      });
    }),
    onModes('test_line_break_characters', (modes) => syncs(testId('test_line_break_characters'), single(lineBreaks, modes))),
    onModes('test_sync_very_big_records', (modes) => syncs(testId('test_sync_very_big_records'), single(bigRecords(entry.maxRecordValueLength), modes))),
    onModes('test_sync_uses_airbyte_stream_namespace_if_not_null', async (modes) => {
      if (!entry.supportsNamespaces) return skipped('supports_namespaces is false');
      return syncs(testId('test_sync_uses_airbyte_stream_namespace_if_not_null'), single(namespacedRates, modes));
    }),
    test(SUITE, 'test_entrypoint_env_var', named(), true, async () => {
      const image = await fixtures.imageInfo();
      return outcomeOf(checkDockerEnv({ entrypoint: image.entrypoint ?? null, env: image.env ?? [] }));
    }),
  ];
}

const KNOWN_MODES: readonly string[] = ['append', 'overwrite', 'append_dedup', 'overwrite_dedup', 'update', 'soft_delete'];

/**
 * test_get_spec: one SPEC (the fixture checks that), with supported_destination_sync_modes (the tests follow
 * it: a destination must say), and the config the suite writes with is valid against it.
 */
export function checkDestinationSpec(spec: ConnectorSpecification, config: JsonObject): Failure[] {
  const failures: Failure[] = [];
  const modes = spec.supported_destination_sync_modes;
  if (!Array.isArray(modes) || modes.length === 0) {
    failures.push({ message: 'the spec lists no supported_destination_sync_modes: a destination must say which of append, overwrite and append_dedup it supports', pointer: '/supported_destination_sync_modes' });
  } else {
    for (const mode of modes) if (!KNOWN_MODES.includes(mode)) failures.push({ message: `unknown destination sync mode ${JSON.stringify(mode)} in supported_destination_sync_modes`, pointer: '/supported_destination_sync_modes' });
  }
  failures.push(...checkConfigMatchesSpec(spec, config));
  return failures;
}
