import type { RefusedBar } from '../data/barRules';
import type { OperationResponse } from '../api/contract';
import type { SeriesKey, Timeframe } from '../data/candles';
import type { CcxtConnection } from '../data/ccxtSource';
import type { ForecastScore } from '../evaluation/forecastScore';
import type { Forecast } from '../predictors/types';
import type { BacktestWorkerAnswer, BacktestWorkerOptions } from './backtestInWorker';
import type { LiveWorkerAnswers, LiveWorkerRequest } from '../live/liveWorker';

// Requests the service's forecast workers answer. Each worker opens the candle store itself and keeps
// loaded models in a cache, so a forecast costs one read of recent bars and the recursive loop.

/** What the forecast workers are started with. */
export interface ForecastWorkerData {
  readonly dbPath: string;
  readonly modelsDir: string;
  /** Loaded models kept per worker (least recently used dropped first). */
  readonly cacheSize: number;
  /** Connection settings per ccxt exchange id (URL overrides, retries). */
  readonly ccxt?: Readonly<Record<string, CcxtConnection>>;
}

/** A saved forecast to score against the stored candles. */
export interface ScoreItem {
  readonly id: string;
  readonly key: SeriesKey;
  readonly result: Forecast;
}

/** Every request a forecast worker answers, by `type`. */
export type ForecastWorkerRequest =
  /** Brings a series up to date from its source (generating demo bars, fetching from ccxt). */
  | { readonly type: 'refresh'; readonly key: SeriesKey; readonly days: number }
  /** A forecast with a stored model; `trainedAt` tells a cached copy from a retrained model. */
  | { readonly type: 'forecast'; readonly name: string; readonly trainedAt: string; readonly key: SeriesKey; readonly steps?: number }
  | { readonly type: 'importance'; readonly name: string; readonly trainedAt: string; readonly kind: 'gain' | 'split'; readonly target?: 'open' | 'high' | 'low' | 'close' }
  /** A backtest of a stored model over its own stored series. */
  | { readonly type: 'backtest'; readonly name: string; readonly trainedAt: string; readonly key: SeriesKey; readonly options: BacktestWorkerOptions }
  /** Drops a model from the cache (deleted or retrained). */
  | { readonly type: 'evict'; readonly name: string }
  | { readonly type: 'candles'; readonly key: SeriesKey; readonly from?: number; readonly to?: number; readonly limit: number }
  | { readonly type: 'importCsv'; readonly text: string; readonly fileName: string; readonly symbol: string; readonly exchange: string; readonly timeframe?: Timeframe }
  | { readonly type: 'score'; readonly items: readonly ScoreItem[] }
  | { readonly type: 'newest'; readonly key: SeriesKey }
  /** ccxt exchange ids that offer OHLCV (loading ccxt takes about a second, so never on the main thread). */
  | { readonly type: 'ccxtExchanges' }
  | LiveWorkerRequest;

/** What `refresh` answers. */
export interface RefreshResult {
  /** Open time of the newest stored bar (ms), null when the series is empty. */
  readonly newest: number | null;
  readonly bars: number;
  /** The source could not be reached: what is stored was used. */
  readonly stale: boolean;
  /** Bars the source sent that broke a candle rule and were not stored. */
  readonly refused?: readonly RefusedBar[];
}

/** The answer type of each request type. */
export interface ForecastWorkerAnswers extends LiveWorkerAnswers {
  refresh: RefreshResult;
  forecast: Forecast;
  importance: { name: string; value: number }[];
  backtest: BacktestWorkerAnswer;
  evict: null;
  candles: OperationResponse<'getCandles'>['candles'];
  importCsv: OperationResponse<'importCsv'>;
  score: { id: string; score: ForecastScore }[];
  newest: number | null;
  ccxtExchanges: string[];
}
