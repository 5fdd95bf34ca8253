// Public API of the market data layer: the candle store, the sources (demo market, ccxt exchanges, CSV files),
// resampling, and ensureCandles, the one call the rest of the app uses to get candles.
export * from './candles';
export { findGaps, NO_GAPS, type GapReport, type GapSpan } from './gaps';
export { isSqliteBusy, openCandleStore, StoreBusyError, STORE_BUSY_TIMEOUT_MS, type CandleStore, type SeriesInfo, type TimeRange, type WriteResult } from './store';
export { formatIsoTime, parseIsoTime, parseTimestamp } from './timestamps';
export {
  CsvError, createCandleCsvReader, MAX_LINE_CHARS, medianSpacing, parseCandleCsv,
  type CandleCsvReader, type CsvLayout, type ParseCandleCsvOptions, type ParsedCandleCsv,
} from './csvParse';
export {
  createTextDecoder, DEFAULT_IMPORT_MAX_BYTES, detectEncoding, importCandleCsv, parseCandleFile,
  type CsvImportOptions, type CsvImportReport,
} from './csvImport';
export { excerpt } from './csvFields';
export { CSV_HEADER, candlesToCsv, writeCandleCsv } from './csvExport';
export {
  DEMO_EXCHANGE, DEMO_SYMBOLS, demoCandles, demoSeasonality, demoSeed, isDemoExchange,
} from './demoMarket';
export { canResample, resampleCandles } from './resample';
export {
  ExchangeUnreachableError, fetchCcxtCandles, isCcxtExchange,
  type CcxtConnection, type CcxtFetchOptions, type CcxtFetchRequest, type CcxtFetchResult, type FetchProgress,
} from './ccxtSource';
export {
  ensureCandles, MAX_REQUEST_BARS, requestSpan,
  type CandleRequest, type CandleSource, type EnsureCandlesOptions, type EnsuredCandles,
} from './marketData';
export { brokenCandleRule, describeRefusedBar, keepValidBars, type RefusedBar } from './barRules';
export { gapBreaks, missingInSession, sessionCalendar, spansGap, type SessionCalendar } from './sessionGaps';
export { DEFAULT_IMPORT_SOURCE, importTarget, ImportTargetError, isStoreOnlySource } from './importTarget';
