/** The data sets that ship with the destination suite, by the names a config uses (`data_sets`). */
export const DATA_SET_NAMES = ['exchange_rates', 'edge_cases'] as const;
export type DataSetName = (typeof DATA_SET_NAMES)[number];

/** test_sync_very_big_records writes string values this long unless the config says otherwise. */
export const DEFAULT_MAX_RECORD_VALUE_LENGTH = 1_000_000;
