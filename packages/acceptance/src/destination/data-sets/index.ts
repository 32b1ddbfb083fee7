import type { DataSet } from './data-set';
import { edgeCases } from './edge-cases';
import { exchangeRates } from './exchange-rates';
import type { DataSetName } from './names';

export * from './data-set';
export * from './names';
export { exchangeRates, exchangeRatesSecondSync, exchangeRatesCopies, EXCHANGE_RATE_STREAM, CURRENCY_STREAM } from './exchange-rates';
export { edgeCases } from './edge-cases';
export { bigRecords, lineBreaks, namespacedRates, NAMESPACES, pricesFirstSync, pricesSecondSync } from './scenarios';

/** The data sets test_sync is parametrised over (`data_sets` in the config). */
export const DATA_SETS: Readonly<Record<DataSetName, DataSet>> = {
  exchange_rates: exchangeRates,
  edge_cases: edgeCases,
};
