import { DEFAULT_TIMEOUT_SECONDS, type BasicReadTestEntry, type ExpectRecordsConfig } from '../acceptance-config';
import type { ReferencedFiles } from '../referenced-files';
import { describeConfigAndCatalog, readIgnoredFields, readNamedWithReasonList, readOptionalFile, readPathOrBypassReason } from './shared-fields';
import { REFUSED_IN_EVERY_SUITE, UNSUPPORTED_CAT_KEY, type EntryReader, type SuiteDefinition } from './suite-definition';

type BasicReadKey =
  | 'configured_catalog_path'
  | 'empty_streams'
  | 'expect_records'
  | 'validate_schema'
  | 'validate_data_points'
  | 'expect_trace_message_on_failure'
  | 'fail_on_extra_columns'
  | 'validate_primary_keys_data_type'
  | 'ignored_fields';

const EXPECT_RECORDS_KEYS = ['path', 'bypass_reason', 'extra_fields', 'exact_order', 'extra_records'] as const;

/** `expect_records`, with the original's validators: a path or a reason, and only the flag combinations it could check. */
function readExpectRecords(reader: EntryReader<BasicReadKey>, files: ReferencedFiles): ExpectRecordsConfig | undefined {
  const map = reader.map('expect_records', { keys: EXPECT_RECORDS_KEYS });
  if (map === undefined) return undefined;
  const config: ExpectRecordsConfig = {
    extraFields: map.boolean('extra_fields', false),
    exactOrder: map.boolean('exact_order', false),
    extraRecords: map.boolean('extra_records', true),
    location: reader.locationOf('expect_records'),
  };
  Object.assign(
    config,
    readPathOrBypassReason(map, 'path', files, 'expected-records', {
      skipped: 'the comparison with the expected records',
      missing: 'the file of expected records',
    }),
  );
  if (config.extraFields && !config.exactOrder) {
    map.report('exact_order', 'extra_fields: true needs exact_order: true (records without primary keys can only be matched by position)');
  }
  if (config.extraFields && config.extraRecords) {
    map.report('extra_records', 'extra_fields: true needs extra_records: false (records without primary keys can only be matched by position)');
  }
  return config;
}

export const basicReadSuite: SuiteDefinition<'basic_read', BasicReadKey> = {
  name: 'basic_read',
  shape: {
    keys: [
      'configured_catalog_path',
      'empty_streams',
      'expect_records',
      'validate_schema',
      'validate_data_points',
      'expect_trace_message_on_failure',
      'fail_on_extra_columns',
      'validate_primary_keys_data_type',
      'ignored_fields',
    ],
    refusedKeys: {
      ...REFUSED_IN_EVERY_SUITE,
      file_types: `"file_types" ${UNSUPPORTED_CAT_KEY}`,
      client_container_config: `"client_container_config" ${UNSUPPORTED_CAT_KEY}`,
      validate_state_messages: `"validate_state_messages" ${UNSUPPORTED_CAT_KEY}`,
      validate_stream_statuses: `"validate_stream_statuses" ${UNSUPPORTED_CAT_KEY}`,
      validate_output_from_all_streams:
        'was replaced in SAT 0.1.x: every stream must now have records unless it is listed in empty_streams; remove the key',
    },
  },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.basic_read,
  mandatoryAtHighStrictness: true,
  appliesTo: ['source'],

  readEntry(reader, files, base) {
    const entry: BasicReadTestEntry = {
      ...base,
      emptyStreams: reader.has('empty_streams') ? readNamedWithReasonList(reader, 'empty_streams', 'empty stream') : [],
      validateSchema: reader.boolean('validate_schema', true),
      validateDataPoints: reader.boolean('validate_data_points', false),
      expectTraceMessageOnFailure: reader.boolean('expect_trace_message_on_failure', true),
      failOnExtraColumns: reader.boolean('fail_on_extra_columns', true),
      validatePrimaryKeysDataType: reader.boolean('validate_primary_keys_data_type', true),
      ignoredFields: readIgnoredFields(reader, 'ignored_fields'),
      configuredCatalogPath: readOptionalFile(reader, 'configured_catalog_path', files, 'configured-catalog'),
      expectRecords: readExpectRecords(reader, files),
    };
    return entry;
  },

  describe: describeConfigAndCatalog,
};
