import { DEFAULT_TIMEOUT_SECONDS } from '../acceptance-config';
import { readBackwardCompatibility } from './shared-fields';
import { REFUSED_IN_EVERY_SUITE, type SuiteDefinition } from './suite-definition';

export const discoverySuite: SuiteDefinition<'discovery', 'backward_compatibility_tests_config' | 'validate_primary_keys_data_type'> = {
  name: 'discovery',
  shape: {
    keys: ['backward_compatibility_tests_config', 'validate_primary_keys_data_type'],
    refusedKeys: {
      ...REFUSED_IN_EVERY_SUITE,
      configured_catalog_path:
        'discovery reads no catalog: SAT 0.1 ignored this key and later versions reject it; remove it',
    },
  },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.discovery,
  mandatoryAtHighStrictness: true,
  appliesTo: ['source'],

  readEntry(reader, _files, base) {
    return {
      ...base,
      backwardCompatibility: readBackwardCompatibility(reader, 'backward_compatibility_tests_config'),
      validatePrimaryKeysDataType: reader.boolean('validate_primary_keys_data_type', true),
    };
  },

  describe(entry, files) {
    return [['config_path', files.display(entry.configPath)]];
  },
};
