import type { LgbmParams } from '../lightgbm/params';
import type { TrainOptions } from './types';

/** The seed's LightGBM parameters; anything passed in `modelParams` overrides them. */
export const DEFAULT_MODEL_PARAMS: LgbmParams = {
  objective: 'regression',
  metric: 'rmse',
  learning_rate: 0.05,
  num_leaves: 31,
  max_depth: 7,
  feature_fraction: 0.8,
  bagging_fraction: 0.8,
  bagging_freq: 1,
  min_data_in_leaf: 20,
  lambda_l1: 0,
  lambda_l2: 0,
  seed: 42,
  deterministic: true,
  force_row_wise: true,
  verbose: -1,
};

/** LightGBM parameters of multi-OHLC's candle-range model (a small, strongly regularised model of a noisy target). */
export const RANGE_MODEL_PARAMS: LgbmParams = {
  objective: 'regression',
  metric: 'l2',
  learning_rate: 0.05,
  num_leaves: 31,
  min_data_in_leaf: 200,
  feature_fraction: 0.9,
  bagging_fraction: 0.8,
  bagging_freq: 1,
  lambda_l2: 1,
  seed: 42,
  deterministic: true,
  force_row_wise: true,
  verbose: -1,
};

/** Most boosting rounds of the range model (early stopping on the fold's early-stopping rows usually ends sooner). */
export const RANGE_MODEL_ROUNDS = 400;

/** Default training options (the seed's values). */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  lookbackPeriods: [5, 10, 20, 50],
  testSize: 0.2,
  validationSplit: 0.2,
  numBoostRound: 500,
  earlyStoppingRounds: 50,
  modelParams: {},
  refit: false,
  walkForwardFolds: 3,
};

/** Fewest forecast origins a segment must hold for calibration (validation) and the report (test). */
export const MIN_ORIGINS = 50;
/** Recursive forecast steps spent per segment: more origins for short horizons, at least 200 origins. */
export const ORIGIN_STEP_BUDGET = 150_000;

/**
 * Forecast origins per segment for a horizon: as many as ORIGIN_STEP_BUDGET allows, at least 200, so that
 * one-step figures rest on thousands of forecasts and 300-step figures on about a thousand.
 */
export function originsFor(horizon: number): number {
  return Math.max(200, Math.floor(ORIGIN_STEP_BUDGET / horizon));
}

/** Horizons that the main fold calibrates and scores a second time from (nearly) every bar of its folds. */
export const SHORT_HORIZONS = 10;

/**
 * Horizons up to which the main fold calibrates and scores a third time, from ORIGIN_STEP_BUDGET / 60 origins (2,500):
 * five times the long run's origins at 300 steps, so the medium horizons' bands are calibrated and adapt on many more
 * outcomes.
 */
export const MEDIUM_HORIZONS = 60;

/** Trailing window (bars) of the realised volatility that scales interval residuals. */
export const VOL_WINDOW = 240;

/** Merges options over the defaults and checks their ranges, naming the bad one. */
export function resolveTrainOptions(o: Partial<TrainOptions> = {}): TrainOptions {
  const r: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...o, modelParams: { ...(o.modelParams ?? {}) } };
  const bad = (what: string) => {
    throw new Error(`invalid training option: ${what}`);
  };
  if (!Array.isArray(r.lookbackPeriods) || r.lookbackPeriods.length === 0 || r.lookbackPeriods.some((p) => !Number.isInteger(p) || p < 2 || p > 500)) {
    bad('lookbackPeriods must be integers between 2 and 500');
  }
  if (!(r.testSize > 0.05 && r.testSize < 0.5)) bad(`testSize must be between 0.05 and 0.5, got ${r.testSize}`);
  if (!(r.validationSplit > 0.05 && r.validationSplit < 0.5)) bad(`validationSplit must be between 0.05 and 0.5, got ${r.validationSplit}`);
  if (!Number.isInteger(r.numBoostRound) || r.numBoostRound < 1 || r.numBoostRound > 10000) bad(`numBoostRound must be an integer 1..10000, got ${r.numBoostRound}`);
  if (!Number.isInteger(r.walkForwardFolds) || r.walkForwardFolds < 1 || r.walkForwardFolds > 10) bad(`walkForwardFolds must be an integer 1..10, got ${r.walkForwardFolds}`);
  if (!Number.isInteger(r.earlyStoppingRounds) || r.earlyStoppingRounds < 0 || r.earlyStoppingRounds > 1000) bad(`earlyStoppingRounds must be an integer 0..1000, got ${r.earlyStoppingRounds}`);
  return r;
}
