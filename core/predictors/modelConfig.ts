import type { Timeframe } from '../data/candles';
import type { AdaptiveLevels } from '../evaluation/adaptiveBands';
import type { ForecastCalibration } from '../evaluation/calibration';
import type { EvaluationReport, PerformanceMetrics, PredictorType, TrainingWarning } from './types';
import type { TargetName } from './dataset';

/** Version of the model folder layout and config; a load refuses any other. */
export const MODEL_FORMAT_VERSION = 5;

/** The top-level `config.json` of a saved model. */
export interface ModelConfig {
  readonly format_version: number;
  readonly name: string;
  readonly predictor_type: PredictorType;
  readonly n_steps_ahead: number;
  readonly lookback_periods: readonly number[];
  readonly feature_names: readonly string[];
  readonly feature_config_hash: string;
  readonly training_metrics: PerformanceMetrics & { readonly evaluation: EvaluationReport };
  /** Fitted on the calibration fold: shrinkage, band quantiles, direction odds, shipped range forecaster and its rule. */
  readonly calibration: ForecastCalibration;
  /**
   * The adaptive horizons' online band levels where the test fold's dense runs left them (one set per run: steps 1-10,
   * then 11-60), after every outcome up to the last bar the model was trained with: where live forecasts start
   * (adaptiveBands.ts). Not a calibration: no figure scored
   * on that test fold reads it (each of its bands used only outcomes known before its own origin). Absent: nominal.
   */
  readonly band_levels?: readonly AdaptiveLevels[];
  readonly trained_at: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly exchange: string;
  readonly data_range: { readonly from: string; readonly to: string; readonly bars: number };
  /** sha256 over the training candles: same fingerprint, same data. */
  readonly data_fingerprint: string;
  /** Targets left out of training because they span a gap in the series (absent in models saved before gaps were masked). */
  readonly gaps?: { readonly training_targets_dropped: number };
  readonly candlecast_version: string;
  readonly lightgbm_version: string;
  readonly training_time_ms: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly best_iterations: Readonly<Partial<Record<TargetName | 'range', number>>>;
  readonly refit: boolean;
  readonly warnings: readonly TrainingWarning[];
  /** Main fold, open times of first and last bar: train | early stop (`valid`) | calibration | test. */
  readonly segments: {
    readonly train: readonly [string, string]; readonly valid: readonly [string, string]; readonly calibration?: readonly [string, string];
    readonly test: readonly [string, string]; readonly embargo_bars: number;
  };
}

/** The per-model `config.json` inside each target folder of a multi-OHLC model (and beside an autoregressive one). */
export interface TargetModelConfig {
  readonly target: TargetName;
  readonly predictor_type: PredictorType;
  readonly best_iteration: number;
  readonly num_trees: number;
  readonly feature_names: readonly string[];
  readonly feature_config_hash: string;
  readonly trained_at: string;
}

/** File name of a LightGBM text model in our layout (the seed's name, kept for every target). */
export const MODEL_FILE = 'autoregressive_model.txt';

/** Multi-OHLC's candle-range model (LightGBM text), beside the target folders. */
export const RANGE_MODEL_FILE = 'range/range_model.txt';

/** Relative path of a target's model file: `autoregressive_model.txt` or `<target>/autoregressive_model.txt`. */
export function modelFilePath(type: PredictorType, target: TargetName): string {
  return type === 'autoregressive' ? MODEL_FILE : `${target}/${MODEL_FILE}`;
}
