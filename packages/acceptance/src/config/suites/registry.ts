import { basicReadSuite } from './basic-read';
import { connectionSuite } from './connection';
import { destinationSuite } from './destination';
import { discoverySuite } from './discovery';
import { fullRefreshSuite } from './full-refresh';
import { incrementalSuite } from './incremental';
import { specSuite } from './spec';
import { UNSUPPORTED_CAT_KEY, type AnySuiteDefinition } from './suite-definition';

/** Every suite `acceptance_tests` may declare, in the order the original ran them; the destination suite last. */
export const SUITES: readonly AnySuiteDefinition[] = [
  specSuite,
  connectionSuite,
  discoverySuite,
  basicReadSuite,
  fullRefreshSuite,
  incrementalSuite,
  destinationSuite,
];

/** Keys of `acceptance_tests` that later CAT versions knew and this suite refuses. */
export const REFUSED_SUITE_KEYS: Readonly<Record<string, string>> = {
  connector_attributes: `the "connector_attributes" suite ${UNSUPPORTED_CAT_KEY}`,
  connector_documentation: `the "connector_documentation" suite ${UNSUPPORTED_CAT_KEY}`,
  client_container_config: `"client_container_config" ${UNSUPPORTED_CAT_KEY}`,
};
