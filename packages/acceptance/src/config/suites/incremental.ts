import { isScalar } from 'yaml';
import { DEFAULT_TIMEOUT_SECONDS, type FutureStateConfig, type IncrementalTestEntry } from '../acceptance-config';
import type { ReferencedFiles } from '../referenced-files';
import { readList, setUserKey } from '../yaml-map-reader';
import { describeYamlValue } from '../yaml-source';
import { describeConfigAndCatalog, readNamedWithReasonList, readOptionalFile, readPathOrBypassReason } from './shared-fields';
import { REFUSED_IN_EVERY_SUITE, UNSUPPORTED_CAT_KEY, type EntryReader, type SuiteDefinition } from './suite-definition';

type IncrementalKey =
  | 'configured_catalog_path'
  | 'cursor_paths'
  | 'future_state'
  | 'threshold_days'
  | 'skip_comprehensive_incremental_tests';

function readCursorPaths(reader: EntryReader<IncrementalKey>): Record<string, (string | number)[]> {
  const cursorPaths: Record<string, (string | number)[]> = {};
  if (!reader.has('cursor_paths')) return cursorPaths;
  for (const stream of reader.freeMap('cursor_paths', 'stream names to paths in the state') ?? []) {
    const steps: (string | number)[] = [];
    for (const step of readList(reader.ctx, stream.value, stream.path) ?? []) {
      if (isScalar(step.value) && (typeof step.value.value === 'string' || Number.isInteger(step.value.value))) {
        steps.push(step.value.value as string | number);
      } else {
        reader.ctx.report(step.value, step.path, `each step of a cursor path is a key or a list index, got ${describeYamlValue(step.value)}`);
      }
    }
    setUserKey(cursorPaths, stream.name, steps);
  }
  return cursorPaths;
}

function readFutureState(reader: EntryReader<IncrementalKey>, files: ReferencedFiles): FutureStateConfig | undefined {
  const map = reader.map('future_state', {
    keys: ['future_state_path', 'missing_streams', 'bypass_reason'],
    refusedKeys: { cursor_format: `"cursor_format" ${UNSUPPORTED_CAT_KEY}` },
  });
  if (map === undefined) return undefined;
  const futureState: FutureStateConfig = {
    missingStreams: map.has('missing_streams') ? readNamedWithReasonList(map, 'missing_streams', 'missing stream') : [],
    location: reader.locationOf('future_state'),
  };
  const { path, bypassReason } = readPathOrBypassReason(map, 'future_state_path', files, 'future-state', {
    skipped: 'the test the state is for',
    missing: 'a state whose cursors lie far in the future',
  });
  if (path !== undefined) futureState.futureStatePath = path;
  if (bypassReason !== undefined) futureState.bypassReason = bypassReason;
  return futureState;
}

export const incrementalSuite: SuiteDefinition<'incremental', IncrementalKey> = {
  name: 'incremental',
  shape: {
    keys: ['configured_catalog_path', 'cursor_paths', 'future_state', 'threshold_days', 'skip_comprehensive_incremental_tests'],
    refusedKeys: {
      ...REFUSED_IN_EVERY_SUITE,
      client_container_config: `"client_container_config" ${UNSUPPORTED_CAT_KEY}`,
      future_state_path: 'belongs under future_state in the acceptance_tests format: write `future_state: {future_state_path: ...}`',
      state_path: 'was replaced in SAT 0.1.x by the future state: write `future_state: {future_state_path: ...}`',
    },
  },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.incremental,
  mandatoryAtHighStrictness: true,
  appliesTo: ['source'],

  readEntry(reader, files, base) {
    const entry: IncrementalTestEntry = {
      ...base,
      cursorPaths: readCursorPaths(reader),
      thresholdDays: reader.integer('threshold_days', 0) ?? 0,
      skipComprehensiveIncrementalTests: reader.boolean('skip_comprehensive_incremental_tests', false),
      configuredCatalogPath: readOptionalFile(reader, 'configured_catalog_path', files, 'configured-catalog'),
      futureState: readFutureState(reader, files),
    };
    return entry;
  },

  describe: describeConfigAndCatalog,
};
