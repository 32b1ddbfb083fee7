import { DEFAULT_TIMEOUT_SECONDS, type ConnectionStatusExpectation } from '../acceptance-config';
import { REFUSED_IN_EVERY_SUITE, type SuiteDefinition } from './suite-definition';

const STATUSES: readonly ConnectionStatusExpectation[] = ['succeed', 'failed', 'exception'];

export const connectionSuite: SuiteDefinition<'connection', 'status'> = {
  name: 'connection',
  shape: { keys: ['status'], refusedKeys: REFUSED_IN_EVERY_SUITE },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.connection,
  mandatoryAtHighStrictness: true,
  appliesTo: ['source', 'destination'],

  readEntry(reader, _files, base) {
    return { ...base, status: reader.choice('status', STATUSES) ?? 'succeed' };
  },

  describe(entry, files) {
    return [
      ['status', entry.status],
      ['config_path', files.display(entry.configPath)],
    ];
  },
};
