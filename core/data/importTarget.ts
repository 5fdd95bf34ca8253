import { normalizeExchange } from './candles';
import { isCcxtExchange } from './ccxtSource';
import { isDemoExchange } from './demoMarket';

/** The source an import goes to when none is named. */
export const DEFAULT_IMPORT_SOURCE = 'csv';

/** Thrown when an import names a source whose candles come from elsewhere (the demo market or an exchange). */
export class ImportTargetError extends Error {
  override readonly name = 'ImportTargetError';
}

/**
 * Checks that imported candles may go to `exchange` and returns its normalised id. Imports go to store-only sources
 * (`csv` by default, or a name of the user's own); the demo market and ccxt exchanges are refused, because their
 * series are generated or fetched and would mix with the file's rows (a series is exactly what the user fetched or
 * imported, never both).
 */
export async function importTarget(exchange: string | undefined): Promise<string> {
  const id = normalizeExchange(exchange ?? DEFAULT_IMPORT_SOURCE);
  if (isDemoExchange(id)) {
    throw new ImportTargetError(`cannot import into "${id}": the demo market generates its own candles, and the file's rows would `
      + `mix with them. Import into "${DEFAULT_IMPORT_SOURCE}" (the default) or a source name of your own, e.g. "mydata"`);
  }
  if (await isCcxtExchange(id)) {
    throw new ImportTargetError(`cannot import into "${id}": it is an exchange Candlecast fetches from, and the file's rows would `
      + `mix with fetched ones. Import into "${DEFAULT_IMPORT_SOURCE}" (the default) or a source name of your own, e.g. "${id}-file"`);
  }
  return id;
}

/** Whether a source only lives in the store (imported), as opposed to the demo market or a ccxt exchange. */
export async function isStoreOnlySource(exchange: string): Promise<boolean> {
  return !isDemoExchange(exchange) && !(await isCcxtExchange(exchange));
}
