import { DEFAULT_TIMEOUT_SECONDS, type SpecTestEntry } from '../acceptance-config';
import { readBackwardCompatibility } from './shared-fields';
import { REFUSED_IN_EVERY_SUITE, type SuiteDefinition } from './suite-definition';

/** The original's default, which a connector rarely has: without it the spec comparison is skipped. */
const DEFAULT_SPEC_PATH = 'secrets/spec.json';

export const specSuite: SuiteDefinition<'spec', 'spec_path' | 'backward_compatibility_tests_config' | 'auth_default_method'> = {
  name: 'spec',
  shape: {
    keys: ['spec_path', 'backward_compatibility_tests_config', 'auth_default_method'],
    refusedKeys: REFUSED_IN_EVERY_SUITE,
  },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.spec,
  mandatoryAtHighStrictness: true,

  readEntry(reader, files, base) {
    const entry: SpecTestEntry = {
      ...base,
      backwardCompatibility: readBackwardCompatibility(reader, 'backward_compatibility_tests_config'),
    };
    const specPath = reader.text('spec_path');
    if (specPath !== undefined) entry.specPath = files.requireFile(specPath, reader.value('spec_path'), reader.pathOf('spec_path'), 'spec');
    else if (!reader.has('spec_path')) entry.specPath = files.optionalDefaultFile(DEFAULT_SPEC_PATH);

    const auth = reader.map('auth_default_method', { keys: ['oauth', 'bypass_reason'] });
    if (auth !== undefined) {
      const oauth = auth.boolean('oauth', true);
      const bypassReason = auth.has('bypass_reason') ? auth.nonEmptyText('bypass_reason') : undefined;
      if (!oauth && !auth.has('bypass_reason')) {
        auth.reportOnMap('oauth: false needs a bypass_reason saying why OAuth is not the default authentication method');
      }
      entry.authDefaultMethod = bypassReason === undefined ? { oauth } : { oauth, bypassReason };
    }
    return entry;
  },

  describe(entry, files) {
    return [
      ['spec_path', entry.specPath === undefined ? '(none)' : files.display(entry.specPath)],
      ['config_path', files.display(entry.configPath)],
    ];
  },
};
