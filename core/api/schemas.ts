import { z } from 'zod';
import { evaluationReportSchema, intervalSchema, verdictsSchema } from './evaluationSchemas';
import { isoField, predictorTypeField, timeframeField } from './fields';

export { componentVerdictSchema, evaluationReportSchema, horizonMetricsSchema, intervalSchema, modelComparisonSchema, originLossesSchema, pooledFiguresSchema, verdictsSchema } from './evaluationSchemas';

// Response shapes. Forecast, model and training shapes mirror core/predictors/types.ts;
// test/unit/api-contract.test.ts fails to compile when the two drift apart.

/** One forecast candle (the seed's shape). */
export const forecastStepSchema = z.object({
  step: z.number(),
  timestamp: isoField,
  minutes_ahead: z.number(),
  predicted_open: z.number(),
  predicted_high: z.number(),
  predicted_low: z.number(),
  predicted_close: z.number(),
  predicted_return: z.number(),
  close_lower_80: z.number(),
  close_upper_80: z.number(),
  /** Calibrated P(close at this step > current close), for this forecast. */
  confidence: z.number(),
  close_lower_50: z.number(),
  close_upper_50: z.number(),
  close_lower_90: z.number(),
  close_upper_90: z.number(),
  quantiles: z.object({ q05: z.number(), q10: z.number(), q25: z.number(), q50: z.number(), q75: z.number(), q90: z.number(), q95: z.number() }),
  p_up: z.number(),
  predicted_range: z.number(),
});

/** A whole forecast: the seed's `GET /api/predictions` shape. */
export const forecastSchema = z.object({
  timestamp: isoField,
  current_price: z.number(),
  last_bar_time: isoField,
  symbol: z.string(),
  timeframe: timeframeField,
  exchange: z.string(),
  predictions: z.array(forecastStepSchema),
  model_info: z.object({
    name: z.string(),
    type: predictorTypeField,
    trained_at: isoField,
    n_steps_ahead: z.number(),
  }),
  data_stale: z.boolean().optional(),
  verdicts: verdictsSchema.optional(),
  verdict_text: z.string().optional(),
  band_levels: z.object({
    as_of: isoField.nullable(),
    outcomes: z.number(),
    steps: z.array(z.object({ step: z.number(), band_50: intervalSchema, band_80: intervalSchema, band_90: intervalSchema })),
  }).optional(),
});

/** One-step metrics in the seed's names. */
export const performanceMetricsSchema = z.object({
  train_r2: z.number(),
  val_r2: z.number(),
  train_rmse: z.number(),
  val_rmse: z.number(),
  train_mae: z.number(),
  val_mae: z.number(),
  return_r2: z.number(),
  train_return_r2: z.number(),
});

/** Advice from training (overfitting, worse than naive, too little data, intervals off on test) with its remedy. */
export const trainingWarningSchema = z.object({
  kind: z.enum(['overfitting', 'worse_than_naive', 'little_data', 'miscalibrated_intervals', 'refused_bars']),
  message: z.string(),
  remedy: z.string(),
});

/** The result of a finished training. */
export const trainSummarySchema = z.object({
  name: z.string(),
  type: predictorTypeField,
  symbol: z.string(),
  timeframe: timeframeField,
  exchange: z.string(),
  n_steps_ahead: z.number(),
  model_size_kb: z.number(),
  trained_at: isoField,
  /** The bars trained on: first and last bar open time and the count. */
  data_range: z.object({ from: isoField, to: isoField, bars: z.number() }),
  /** sha256 over the bars trained on. */
  data_fingerprint: z.string(),
  /** Targets left out of training because they span a gap in the series. */
  gap_targets_dropped: z.number(),
  performance: performanceMetricsSchema,
  evaluation: evaluationReportSchema,
  timings: z.object({ features_ms: z.number(), train_ms: z.number(), eval_ms: z.number(), total_ms: z.number() }),
  warnings: z.array(trainingWarningSchema),
});

/** A stored model as `GET /api/models` lists it (the seed's fields plus the model's own report). */
export const modelInfoSchema = z.object({
  name: z.string(),
  type: predictorTypeField,
  symbol: z.string(),
  timeframe: timeframeField,
  exchange: z.string(),
  n_steps_ahead: z.number(),
  trained_at: isoField,
  size_kb: z.number(),
  /** The seed's name for size_kb. */
  model_size_kb: z.number(),
  feature_config_hash: z.string(),
  data_range: z.object({ from: isoField, to: isoField, bars: z.number() }),
  performance: performanceMetricsSchema,
  evaluation: evaluationReportSchema,
  warnings: z.array(trainingWarningSchema),
  training_time_ms: z.number(),
});

/** The states of a job. */
export const jobStatusField = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);

/** The stages a job passes through (training stages, then forecast). */
export const jobStageField = z.enum(['queued', 'data', 'features', 'model', 'evaluation', 'refit', 'saving', 'forecast', 'done']);

/** What a job does: train a model, or make (and save) a forecast. */
export const jobKindField = z.enum(['train', 'predict']);

/** Live detail of a training: which model (k of n) and its latest boosting round. */
export const jobDetailSchema = z.object({
  model: z.object({ k: z.number(), n: z.number(), target: z.string() }).optional(),
  iteration: z.object({ iteration: z.number(), train: z.number(), valid: z.number().optional() }).optional(),
});

/** A background job. `result` is a TrainSummary for `train` jobs and a Forecast for `predict` jobs. */
export const jobSchema = z.object({
  id: z.string(),
  kind: jobKindField,
  /** The model the job trains or forecasts with. */
  name: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  timeframe: timeframeField,
  status: jobStatusField,
  stage: jobStageField,
  progress: z.number().min(0).max(1),
  message: z.string(),
  created_at: isoField,
  started_at: isoField.nullable(),
  finished_at: isoField.nullable(),
  /** For `predict` jobs: the saved forecast's id (equal to the job id). */
  prediction_id: z.string().optional(),
  result: z.union([trainSummarySchema, forecastSchema]).optional(),
  error: z.string().optional(),
});

/** How a saved forecast did once real candles for its period arrived. Figures are null until a step has happened. */
export const forecastScoreSchema = z.object({
  steps_total: z.number(),
  steps_scored: z.number(),
  /** Every step's bar is in the store (or lies before the newest stored bar): the score is final. */
  complete: z.boolean(),
  rmse: z.number().nullable(),
  rmse_naive: z.number().nullable(),
  /** 1 - rmse / rmse_naive. */
  skill: z.number().nullable(),
  directional_hits: z.number(),
  directional_count: z.number(),
  directional_accuracy: z.number().nullable(),
  coverage_80: z.number().nullable(),
  scored_at: isoField,
});

/** The states of a saved forecast. */
export const predictionStatusField = z.enum(['running', 'completed', 'failed', 'cancelled']);

/** A saved forecast in the history, without its steps. */
export const predictionSummarySchema = z.object({
  id: z.string(),
  symbol: z.string(),
  timeframe: timeframeField,
  exchange: z.string(),
  model_name: z.string().nullable(),
  status: predictionStatusField,
  created_at: isoField,
  user_id: z.string().nullable(),
  current_price: z.number().nullable(),
  last_bar_time: isoField.nullable(),
  n_steps: z.number(),
  error: z.string().nullable(),
  score: forecastScoreSchema.nullable(),
});

/** A saved forecast with its result: the seed's `{id, symbol, timeframe, status, created_at, result}` and more. */
export const predictionRecordSchema = predictionSummarySchema.extend({
  result: forecastSchema.nullable(),
});

/** One stored candle series. */
export const seriesInfoSchema = z.object({
  exchange: z.string(),
  symbol: z.string(),
  timeframe: timeframeField,
  rows: z.number(),
  first: isoField.nullable(),
  last: isoField.nullable(),
  gaps: z.number(),
});

/** One OHLCV bar; `time` in ms since the epoch (the bar's open time, UTC). */
export const candleSchema = z.object({
  time: z.number(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
});

/** What a CSV import did (issue 3's report). */
export const importReportSchema = z.object({
  exchange: z.string(),
  symbol: z.string(),
  timeframe: timeframeField,
  rows_read: z.number(),
  rows_stored: z.number(),
  duplicates_dropped: z.number(),
  gaps: z.object({
    count: z.number(),
    missing_bars: z.number(),
    largest: z.object({ from: isoField, to: isoField, bars: z.number() }).nullable(),
  }),
  first: isoField.nullable(),
  last: isoField.nullable(),
  /** What was read in a way the user should know about: no volume column, a repeated header, decimal commas. */
  notes: z.array(z.string()).optional(),
});

/** A market data source: the demo market, imported CSV files, or a ccxt exchange. */
export const sourceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['demo', 'csv', 'ccxt']),
  /** Symbols the source is known to offer (the demo market's list; empty when unknown). */
  symbols: z.array(z.string()),
});

/** One feature's importance. */
export const featureImportanceItemSchema = z.object({ name: z.string(), value: z.number() });

/** A backtest run's figures (core/backtest's metricsJson): fractions of equity, null where a ratio is undefined. */
export const backtestMetricsSchema = z.object({
  final_equity: z.number(),
  total_return: z.number(),
  annual_return: z.number().nullable(),
  annual_volatility: z.number(),
  sharpe: z.number().nullable(),
  /** 95% moving-block bootstrap interval of the Sharpe ratio over the traded bars. */
  sharpe_ci: intervalSchema,
  sortino: z.number().nullable(),
  max_drawdown: z.number(),
  max_drawdown_from: isoField.nullable(),
  max_drawdown_to: isoField.nullable(),
  trades: z.number(),
  win_rate: z.number().nullable(),
  avg_trade_return: z.number().nullable(),
  exposure: z.number(),
  turnover: z.number(),
  fees_paid: z.number(),
  slippage_paid: z.number(),
});

/** The model against one baseline: its total return minus the baseline's over the range, the interval, the verdict. */
const versusSchema = z.object({ excess_return: z.number(), excess_return_ci: intervalSchema, verdict: z.enum(['ahead', 'no_difference', 'behind']) });

/** An equity curve as [bar open time in ms, equity] pairs, starting at 1. */
export const equityCurveSchema = z.array(z.tuple([z.number(), z.number()]));

/**
 * A model's backtest (core/backtest's backtestJson, with the trade list cut to its count and the curves as pairs):
 * the strategy against buy-and-hold, momentum and flat, and how far the range overlaps the training data.
 */
export const backtestSummarySchema = z.object({
  model: z.string(),
  series: z.object({ exchange: z.string(), symbol: z.string(), timeframe: timeframeField }),
  /** The series could not be brought up to date: the stored candles were used. */
  data_stale: z.boolean(),
  options: z.object({
    horizon: z.number(),
    rebalance_every: z.number(),
    threshold_bps: z.number(),
    allow_short: z.boolean(),
    require_confidence: z.boolean(),
    fee_bps: z.number(),
    slippage_bps: z.number(),
  }),
  range: z.object({ from: isoField.nullable(), to: isoField.nullable(), bars: z.number(), decisions: z.number(), notes: z.array(z.string()) }),
  overlap: z.object({
    same_series: z.boolean(),
    fitted_until: isoField.nullable(),
    overlaps_training: z.boolean(),
    overlapping_bars: z.number(),
    held_out_test_bars: z.number(),
    message: z.string(),
  }),
  /** Mean calibrated P(up) at the horizon over the decisions. */
  confidence: z.number(),
  metrics: backtestMetricsSchema,
  baselines: z.object({ buy_and_hold: backtestMetricsSchema, momentum: backtestMetricsSchema, flat: backtestMetricsSchema }),
  /** The model's excess return over each baseline on these bars, its 95% interval, and whether it is beyond the noise. */
  versus: z.object({ buy_and_hold: versusSchema, momentum: versusSchema, flat: versusSchema }),
  versus_text: z.string(),
  trades: z.number(),
  /** At most 500 points each, first and last bar always kept. */
  equity_curve: z.object({ model: equityCurveSchema, buy_and_hold: equityCurveSchema }),
  timings: z.object({ forecast_ms: z.number(), simulate_ms: z.number() }),
});
