import type { RefusedBar } from '../data/barRules';
import type { Interval } from '../evaluation/bootstrap';
import type { ReliabilityBin } from '../evaluation/direction';
import type { OriginLosses } from '../evaluation/pairedComparison';
import type { Verdicts } from '../evaluation/verdicts';
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
  /**
   * Kept for compatibility and ignored: the saved model is always the one calibrated and tested (a refit on all bars
   * would ship trees whose bands and odds nobody measured).
   */
  readonly refit: boolean;
  /** Walk-forward folds including the main split (default 3); earlier folds that do not fit are left out. */
  readonly walkForwardFolds: number;
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
  /** 10% and 90% quantiles of the close (the 80% band). */
  readonly close_lower_80: number;
  readonly close_upper_80: number;
  /** Calibrated probability that the close at this step is above the current close (computed for this forecast). */
  readonly confidence: number;
  /** 25% and 75% quantiles of the close (the 50% band). */
  readonly close_lower_50: number;
  readonly close_upper_50: number;
  /** 5% and 95% quantiles of the close (the 90% band). */
  readonly close_lower_90: number;
  readonly close_upper_90: number;
  /** The close at quantiles 5, 10, 25, 50, 75, 90, 95 (q50 = predicted_close). */
  readonly quantiles: { readonly q05: number; readonly q10: number; readonly q25: number; readonly q50: number; readonly q75: number; readonly q90: number; readonly q95: number };
  /** Same as confidence: P(close at this step > current close). */
  readonly p_up: number;
  /** Forecast size of this candle, ln(high / low) (the candle's own high and low span it). */
  readonly predicted_range: number;
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
  /** What the model's test fold said about each component, and the same in plain words. */
  readonly verdicts?: Verdicts;
  readonly verdict_text?: string;
  /** Where the bands of steps 1-60 are drawn after adapting online to recent misses (absent: fixed levels). */
  readonly band_levels?: BandLevelsInfo;
}

/**
 * The online band levels a forecast used: each adaptive step's 50/80/90% band is drawn between these quantiles of the
 * calibration fold's residuals (nominal: 25-75%, 10-90%, 5-95%); wider when recent outcomes fell outside it too often.
 */
export interface BandLevelsInfo {
  /** Open time of the newest outcome folded in (ISO 8601); null when no outcome was. */
  readonly as_of: string | null;
  /** Outcomes (origin and step) folded in since the test fold began. */
  readonly outcomes: number;
  readonly steps: readonly { readonly step: number; readonly band_50: Interval; readonly band_80: Interval; readonly band_90: Interval }[];
}

/** Multi-step accuracy at one horizon, measured on the held-out test fold; every `*_ci` is a 95% block-bootstrap interval over origins. */
export interface HorizonMetrics {
  readonly h: number;
  readonly rmse: number;
  readonly rmse_naive: number;
  /** 1 - rmse / rmse_naive of the median close: above 0 beats the last-price forecast. */
  readonly skill: number;
  readonly skill_ci: Interval;
  readonly mase: number;
  /** Sign hit rate of the raw (unshrunk) model. */
  readonly directional_accuracy: number;
  readonly directional_count: number;
  /** Share of outcomes inside the 50%, 80% and 90% bands. */
  readonly coverage_50: number;
  readonly coverage_50_ci: Interval;
  readonly coverage_80: number;
  readonly coverage_80_ci: Interval;
  readonly coverage_90: number;
  readonly coverage_90_ci: Interval;
  /** Mean Winkler (interval) score of the 80% band and of the naive band, in log-return units; lower is better. */
  readonly interval_score_80: number;
  readonly interval_score_80_naive: number;
  /** 1 - interval_score_80 / interval_score_80_naive: above 0 beats a trailing-volatility band. */
  readonly interval_skill: number;
  readonly interval_skill_ci: Interval;
  /** Skill of the candle range ln(high / low) against the mean of the last 20 ranges. */
  readonly range_skill?: number;
  readonly range_skill_ci?: Interval;
  /** Brier score of P(up), of the calibration fold's base rate, and the skill 1 - brier / brier_base. */
  readonly brier: number;
  readonly brier_base: number;
  readonly brier_skill: number;
  readonly brier_skill_ci: Interval;
  /** Expected calibration error of P(up) at this horizon (10 equal-width bins); biased upward in small samples. */
  readonly ece: number;
  readonly ece_ci: Interval;
  /**
   * The ECE a perfectly calibrated P(up) reaches by chance with probability 5% on these origins (overlapping outcomes
   * simulated as a random walk; eceNoise.ts). An `ece` above it is more than chance alone usually gives. Absent in
   * older models.
   */
  readonly ece_noise?: number;
  /** The median of that chance ECE: what a perfectly calibrated P(up) typically shows on these origins. */
  readonly ece_noise_median?: number;
}

/** Figures pooled over all horizons of one fold, each with its interval. */
export interface PooledFigures {
  readonly close_skill: number;
  readonly close_skill_ci: Interval;
  readonly range_skill: number;
  readonly range_skill_ci: Interval;
  readonly interval_skill: number;
  readonly interval_skill_ci: Interval;
  readonly brier_skill: number;
  readonly brier_skill_ci: Interval;
  readonly coverage_80: number;
  readonly coverage_80_ci: Interval;
}

/**
 * One walk-forward fold's test block and its pooled figures (its own trees, early stopping and calibration), as the
 * candidate scored before any fallback, so no test-chosen switch flatters them.
 */
export interface WalkForwardFold extends PooledFigures {
  readonly fold: number;
  /** Open times of the first and last bar of the fold's test block. */
  readonly test: readonly string[];
  readonly origins: number;
}

/** The multi-step report: forecast origins over the test fold, metrics per horizon, verdicts, walk-forward folds. */
export interface EvaluationReport {
  readonly origins: number;
  /** Horizons 1..short_horizons are scored on origins_short origins (every bar of the fold, up to a step budget). */
  readonly origins_short?: number;
  readonly short_horizons?: number;
  /** Horizons short_horizons+1..medium_horizons are scored on origins_medium origins (a second, medium dense run). */
  readonly origins_medium?: number;
  readonly medium_horizons?: number;
  /** Forecast origins left out because their outcomes span a gap in the series (absent in older models). */
  readonly origins_dropped_for_gaps?: number;
  readonly horizons: readonly HorizonMetrics[];
  readonly pooled?: PooledFigures;
  readonly verdicts?: Verdicts;
  readonly verdict_text?: string;
  /** Reliability of P(up) on test, pooled over horizons, and its expected calibration error with its 95% interval. */
  readonly reliability?: readonly ReliabilityBin[];
  readonly ece?: number;
  readonly ece_ci?: Interval;
  /** The pooled ECE a perfectly calibrated P(up) reaches by chance with probability 5% on these origins. */
  readonly ece_noise?: number;
  /** The median of that pooled chance ECE. */
  readonly ece_noise_median?: number;
  readonly walk_forward?: readonly WalkForwardFold[];
  /** Per test origin, each component's summed losses (the candidate's, as the verdicts): for paired comparisons. */
  readonly origin_losses?: OriginLosses;
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
