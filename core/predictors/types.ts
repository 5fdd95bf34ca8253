import type { RefusedBar } from '../data/barRules';
import type { CandleColumns, SeriesKey, Timeframe } from '../data/candles';
import type { LgbmParams } from '../lightgbm/params';

/** The two predictors: one close-return model fed back step by step, or four models for O/H/L/C. */
export type PredictorType = 'autoregressive' | 'multi_ohlc';

/** Every predictor type, for validation and menus. */
export const PREDICTOR_TYPES: readonly PredictorType[] = ['autoregressive', 'multi_ohlc'];

/** Options of a training run (the seed's names, camelCase). */
export interface TrainOptions {
  readonly lookbackPeriods: readonly number[];
  readonly testSize: number;
  readonly validationSplit: number;
  readonly numBoostRound: number;
  readonly earlyStoppingRounds: number;
  /** LightGBM parameters merged over the defaults. */
  readonly modelParams: LgbmParams;
  /** Refit on all bars with the chosen iteration count after evaluation (default true). */
  readonly refit: boolean;
}

/** One forecast candle, in the seed's JSON shape. */
export interface ForecastStep {
  readonly step: number;
  /** ISO 8601 UTC open time of the forecast bar: last bar time + step x timeframe. */
  readonly timestamp: string;
  readonly minutes_ahead: number;
  readonly predicted_open: number;
  readonly predicted_high: number;
  readonly predicted_low: number;
  readonly predicted_close: number;
  /** Cumulative close return against the current price. */
  readonly predicted_return: number;
  readonly close_lower_80: number;
  readonly close_upper_80: number;
  /** Validation directional hit rate at this horizon (measured, never a constant). */
  readonly confidence: number;
}

/** A whole forecast, the seed's `GET /api/predictions` shape. */
export interface Forecast {
  /** When the forecast was made (ISO 8601). */
  readonly timestamp: string;
  readonly current_price: number;
  /** Open time of the last real bar (ISO 8601). */
  readonly last_bar_time: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly exchange: string;
  readonly predictions: readonly ForecastStep[];
  readonly model_info: {
    readonly name: string;
    readonly type: PredictorType;
    readonly trained_at: string;
    readonly n_steps_ahead: number;
  };
  readonly data_stale?: boolean;
}

/** Multi-step accuracy at one horizon, measured on the held-out test segment. */
export interface HorizonMetrics {
  readonly h: number;
  readonly rmse: number;
  readonly rmse_naive: number;
  /** 1 - rmse / rmse_naive: above 0 beats the last-price forecast. */
  readonly skill: number;
  readonly mase: number;
  readonly directional_accuracy: number;
  readonly directional_count: number;
  readonly coverage_80: number;
  /** Multi-OHLC only: skill of the high-low range against the mean of the last 20 ranges. */
  readonly range_skill?: number;
}

/** The multi-step report: forecast origins over the test segment, metrics per horizon. */
export interface EvaluationReport {
  readonly origins: number;
  /** Forecast origins left out because their outcomes span a gap in the series (absent in older models). */
  readonly origins_dropped_for_gaps?: number;
  readonly horizons: readonly HorizonMetrics[];
}

/** One-step metrics in the seed's names, plus R² of returns (the honest one). */
export interface PerformanceMetrics {
  readonly train_r2: number;
  readonly val_r2: number;
  readonly train_rmse: number;
  readonly val_rmse: number;
  readonly train_mae: number;
  readonly val_mae: number;
  readonly return_r2: number;
  readonly train_return_r2: number;
}

/** Advice a trader can act on, produced by training. */
export interface TrainingWarning {
  readonly kind: 'overfitting' | 'worse_than_naive' | 'little_data' | 'miscalibrated_intervals' | 'refused_bars';
  readonly message: string;
  readonly remedy: string;
}

/** Progress of a training run. */
export interface TrainProgress {
  readonly stage: 'data' | 'features' | 'model' | 'evaluation' | 'refit' | 'saving';
  /** 0..1 over the whole run. */
  readonly value: number;
  readonly message: string;
  /** While a model trains: which one (k of n) and its latest round. */
  readonly model?: { readonly k: number; readonly n: number; readonly target: string };
  readonly iteration?: { readonly iteration: number; readonly train: number; readonly valid?: number };
}

/** What a trained model is and how it did on held-out data: shared by training results and model listings. */
export interface ModelResult {
  readonly name: string;
  readonly type: PredictorType;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly exchange: string;
  readonly n_steps_ahead: number;
  readonly trained_at: string;
  readonly performance: PerformanceMetrics;
  readonly evaluation: EvaluationReport;
  readonly warnings: readonly TrainingWarning[];
}

/** What `candlecast train --json` prints and the service returns for a finished training. */
export interface TrainSummary extends ModelResult {
  readonly model_size_kb: number;
  /** Which bars the model was trained on: first and last bar open time (ISO 8601) and the bar count. */
  readonly data_range: { readonly from: string; readonly to: string; readonly bars: number };
  /** sha256 over those bars (also in the model's config.json). */
  readonly data_fingerprint: string;
  /** Targets left out of training because they span a gap in the series. */
  readonly gap_targets_dropped: number;
  readonly timings: { readonly features_ms: number; readonly train_ms: number; readonly eval_ms: number; readonly total_ms: number };
}

/** A model in the store, as listed by `candlecast models` and `GET /api/models`. */
export interface ModelSummary extends ModelResult {
  readonly size_kb: number;
  readonly feature_config_hash: string;
  readonly data_range: { readonly from: string; readonly to: string; readonly bars: number };
  readonly training_time_ms: number;
}

/** Everything needed to train and save one model. */
export interface TrainRequest {
  readonly candles: CandleColumns;
  readonly key: SeriesKey;
  readonly type: PredictorType;
  readonly nStepsAhead: number;
  /** Defaults to `BTC_USDT_1m_300steps` (plus `_multi_ohlc`). */
  readonly name?: string;
  readonly modelsDir: string;
  readonly options?: Partial<TrainOptions>;
  /** Bars of the series left out because they broke a candle rule: reported as a warning naming their times. */
  readonly refusedBars?: readonly RefusedBar[];
}
