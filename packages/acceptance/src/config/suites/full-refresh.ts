import { DEFAULT_TIMEOUT_SECONDS, type FullRefreshTestEntry } from '../acceptance-config';
import { describeConfigAndCatalog, readIgnoredFields, readOptionalFile } from './shared-fields';
import { REFUSED_IN_EVERY_SUITE, UNSUPPORTED_CAT_KEY, type SuiteDefinition } from './suite-definition';

export const fullRefreshSuite: SuiteDefinition<'full_refresh', 'configured_catalog_path' | 'ignored_fields'> = {
  name: 'full_refresh',
  shape: {
    keys: ['configured_catalog_path', 'ignored_fields'],
    refusedKeys: { ...REFUSED_IN_EVERY_SUITE, client_container_config: `"client_container_config" ${UNSUPPORTED_CAT_KEY}` },
  },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.full_refresh,
  mandatoryAtHighStrictness: true,
  appliesTo: ['source'],

  readEntry(reader, files, base) {
    const entry: FullRefreshTestEntry = {
      ...base,
      ignoredFields: readIgnoredFields(reader, 'ignored_fields'),
      configuredCatalogPath: readOptionalFile(reader, 'configured_catalog_path', files, 'configured-catalog'),
    };
    return entry;
  },

  describe: describeConfigAndCatalog,
};
