import { DEFAULT_TIMEOUT_SECONDS, type SpecTestEntry } from '../acceptance-config';
import { readBackwardCompatibility } from './shared-fields';
import { REFUSED_IN_EVERY_SUITE, UNSUPPORTED_CAT_KEY, type SuiteDefinition } from './suite-definition';

/** The original's default, which a connector rarely has: without it the spec comparison is skipped. */
const DEFAULT_SPEC_PATH = 'secrets/spec.json';

export const specSuite: SuiteDefinition<'spec', 'spec_path' | 'backward_compatibility_tests_config'> = {
  name: 'spec',
  shape: {
    keys: ['spec_path', 'backward_compatibility_tests_config'],
    refusedKeys: { ...REFUSED_IN_EVERY_SUITE, auth_default_method: `"auth_default_method" ${UNSUPPORTED_CAT_KEY}` },
  },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.spec,
  mandatoryAtHighStrictness: true,
  appliesTo: ['source', 'destination'],

  readEntry(reader, files, base) {
    const entry: SpecTestEntry = {
      ...base,
      backwardCompatibility: readBackwardCompatibility(reader, 'backward_compatibility_tests_config'),
    };
    const specPath = reader.text('spec_path');
    if (specPath !== undefined) entry.specPath = files.requireFile(specPath, reader.value('spec_path'), reader.pathOf('spec_path'), 'spec');
    else if (!reader.has('spec_path')) entry.specPath = files.optionalDefaultFile(DEFAULT_SPEC_PATH);

    return entry;
  },

  describe(entry, files) {
    return [
      ['spec_path', entry.specPath === undefined ? '(none)' : files.display(entry.specPath)],
      ['config_path', files.display(entry.configPath)],
    ];
  },
};
