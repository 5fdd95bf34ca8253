import { readFileSync } from 'node:fs';
import { normalizeExchange, normalizeSymbol, type Timeframe } from './candles';
import { CsvError, parseCandleCsv } from './csvParse';
import type { GapReport } from './gaps';
import type { CandleStore } from './store';

/** Where imported candles go: the symbol, and optionally the exchange id (default `csv`) and timeframe. */
export interface CsvImportOptions {
  readonly symbol: string;
  readonly exchange?: string;
  /** Inferred from the median spacing when missing. */
  readonly timeframe?: Timeframe;
}

/** What an import did; times are bar open times in ms. */
export interface CsvImportReport {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly rowsRead: number;
  readonly rowsStored: number;
  readonly duplicatesDropped: number;
  /** Bars that were new to the store, and bars that replaced stored ones. */
  readonly inserted: number;
  readonly updated: number;
  readonly gaps: GapReport;
  readonly first: number;
  readonly last: number;
}

/** The text of a file, or a CsvError naming why it cannot be read. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (err as Error).message;
    throw new CsvError(file, 0, `cannot read: ${why}`);
  }
}

/**
 * Imports a candle CSV into the store. The whole file is validated before anything is written, and it is
 * written in one transaction, so a bad file (CsvError with its line) leaves the store as it was.
 */
export function importCandleCsv(store: CandleStore, file: string, options: CsvImportOptions): CsvImportReport {
  const symbol = normalizeSymbol(options.symbol);
  const exchange = normalizeExchange(options.exchange ?? 'csv');
  const parsed = parseCandleCsv(readText(file), { file, timeframe: options.timeframe });
  const { candles, timeframe } = parsed;
  const written = store.write({ exchange, symbol, timeframe }, candles);
  return {
    exchange,
    symbol,
    timeframe,
    rowsRead: parsed.rowsRead,
    rowsStored: candles.length,
    duplicatesDropped: parsed.duplicatesDropped,
    inserted: written.inserted,
    updated: written.updated,
    gaps: parsed.gaps,
    first: candles.time[0],
    last: candles.time[candles.length - 1],
  };
}
