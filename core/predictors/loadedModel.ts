import { join } from 'node:path';
import { timeframeMs, sliceColumns, candleAt, type CandleColumns } from '../data/candles';
import { gapBreaks } from '../data/sessionGaps';
import { realizedVolatility } from '../evaluation/metrics';
import { FeatureEngine } from '../features';
import { LgbmBooster, type ImportanceKind } from '../lightgbm';
import { targetNames, type TargetName } from './dataset';
import { recentShape, runForecastLoop } from './forecastLoop';
import { shapeForecast } from './forecastCandles';
import { mergeLevels, missAt, nominalLevels, type AdaptiveLevels } from '../evaluation/adaptiveBands';
import { bandLevelsInfo, catchUpLevels, replayHistoryBars, startingSets, type ReplayModel } from './bandLevelReplay';
import { RANGE_MODEL_FILE, modelFilePath, type ModelConfig } from './modelConfig';
import { meanAbsReturn } from './foldRun';
import { NAIVE_RANGE_BARS, openRangeForecaster, type OpenRangeForecaster } from './rangeForecaster';
import { lowerBound, profileHistoryBars, profilesCached, recentClockProfiles, type ProfileCache } from './clockProfiles';
import { referenceWindow, trailingMean, volSeries } from './volContext';
import { modelDir, modelSizeKb, readModelConfig, summarize } from './modelStore';
import { stepModelFor, type OpenStepModel } from './stepModelFor';
import type { StepModel } from './stepModels';
import type { EvaluationReport, Forecast, ForecastStep, ModelSummary } from './types';
import { collectMultiStep } from '../evaluation/multiStep';
import { reportWithLevels } from '../evaluation/multiStepReport';
import { MIN_ORIGINS, originsFor } from './defaults';

/** A model loaded from the store, ready to forecast. */
export interface LoadedModel {
  readonly config: ModelConfig;
  readonly summary: ModelSummary;
  readonly featureConfigHash: string;
  /**
   * Forecasts the bars after the last candle of `history` (the series the model was trained for). The bands of steps
   * 1-60 are drawn at the online levels caught up with every outcome in `history` after the stored ones
   * (bandLevelReplay.ts), kept for the next forecast.
   */
  forecast(history: CandleColumns, opts?: { steps?: number }): Forecast;
  /**
   * Bars of history a forecast from the bar opening at `lastBarTime` reads: the feature warm-up, the year or so its
   * clock profiles are fitted on (profileHistoryBars) unless the model already holds them from a forecast before, and
   * the bars since its band levels' last origin (at most REPLAY_MAX_ORIGINS of them).
   */
  historyBars(lastBarTime: number): number;
  /**
   * The multi-step report of this model on any series: origins spread over all of it, the model's own calibration.
   * Meaningful on data the model did not train on (another symbol, or bars after its training range).
   */
  evaluate(candles: CandleColumns, opts?: { maxOrigins?: number; steps?: number; originStart?: number; continueBandLevels?: boolean }): EvaluationReport;
  /** Feature importance of one of its models (default: close), highest first. */
  featureImportance(kind: ImportanceKind, target?: TargetName): { name: string; value: number }[];
  /** The feature engine behind forecast(), for callers that stream their own history through it (backtests). */
  readonly engine: FeatureEngine;
  /** The shipped candle-range forecaster behind forecast(); opened once, closed by dispose(). */
  rangeForecaster(): OpenRangeForecaster;
  /** The one-step model behind forecast(); opened once, closed by dispose(). */
  stepModel(): StepModel;
  dispose(): void;
}

/** Bars of the range forecast's short context: a reference window (about a day) and the naive range's bars. */
function rangeContextBars(barMs: number): number {
  return Math.max(referenceWindow(barMs), NAIVE_RANGE_BARS) + 1;
}

/** Bars of history replayed into the feature stream before forecasting: enough for every window and EMA to settle. */
export function warmupBars(engine: FeatureEngine): number {
  return Math.max(1000, 4 * engine.warmup);
}

/**
 * Loads a model and checks it against this build: format version, model files, and that its feature names are
 * exactly what the feature engine computes today.
 */
export function loadModel(modelsDir: string, name: string): LoadedModel {
  const config = readModelConfig(modelsDir, name);
  const dir = modelDir(modelsDir, name);
  const engine = new FeatureEngine({ lookbackPeriods: config.lookback_periods });
  const names = engine.getFeatureNames();
  if (engine.hash !== config.feature_config_hash || names.length !== config.feature_names.length || names.some((n, i) => n !== config.feature_names[i])) {
    throw new Error(`model ${name}: its feature names do not match this version's feature engine (retrain it)`);
  }
  const boosters = new Map<TargetName, LgbmBooster>();
  try {
    for (const t of targetNames(config.predictor_type)) {
      const file = join(dir, modelFilePath(config.predictor_type, t));
      let b: LgbmBooster;
      try {
        b = LgbmBooster.fromFile(file);
      } catch (err) {
        throw new Error(`model ${name}: cannot load ${modelFilePath(config.predictor_type, t)}: ${(err as Error).message}`);
      }
      boosters.set(t, b);
      if (b.numFeatures !== names.length) throw new Error(`model ${name}: ${t} model expects ${b.numFeatures} features, engine gives ${names.length}`);
    }
  } catch (err) {
    boosters.forEach((b) => b.dispose());
    throw err;
  }
  let rangeBooster: LgbmBooster | undefined;
  if (config.calibration.rangeKind === 'model' && !config.calibration.fallback.range) {
    try {
      rangeBooster = LgbmBooster.fromFile(join(dir, RANGE_MODEL_FILE));
    } catch (err) {
      boosters.forEach((b) => b.dispose());
      throw new Error(`model ${name}: cannot load ${RANGE_MODEL_FILE}: ${(err as Error).message}`);
    }
  }
  let step: OpenStepModel | undefined;
  const stepModel = () => (step ??= stepModelFor(config.predictor_type, boosters)).model;
  let ranges: OpenRangeForecaster | undefined;
  // Clock profiles of the cycles recent forecasts used: refitted once a day or week, not per forecast.
  const profileCache: ProfileCache = new Map();
  const rangeForecaster = () => (ranges ??= openRangeForecaster(
    config.calibration.fallback.range ? 'naive' : config.calibration.rangeKind, config.calibration.rangeRule, timeframeMs(config.timeframe), config.calibration.rangeWeight, rangeBooster?.fastPredictor(), config.calibration.ruleWeight,
  ));
  const summary = summarize(config, modelSizeKb(modelsDir, name));
  const barMs = timeframeMs(config.timeframe);
  // The online band levels, caught up with the bars since they were stored (bandLevelReplay.ts); kept between forecasts.
  const replay: ReplayModel = {
    engine, step: stepModel, forecaster: rangeForecaster, calibration: config.calibration, timeframe: config.timeframe, barMs,
    warmup: warmupBars(engine), contextBars: rangeContextBars(barMs), profiles: profileCache,
  };
  const stored = config.band_levels ?? [];
  const caughtUp: (AdaptiveLevels | undefined)[] = stored.map(() => undefined);
  const startLevels = (lastBarTime: number) => startingSets(lastBarTime, stored, caughtUp);
  return {
    config,
    summary,
    featureConfigHash: config.feature_config_hash,
    forecast(history, opts = {}) {
      const steps = opts.steps ?? config.n_steps_ahead;
      if (!Number.isInteger(steps) || steps < 1 || steps > 5000) throw new Error(`steps must be an integer between 1 and 5000, got ${steps}`);
      if (history.length < engine.warmup + 2) throw new Error(`need at least ${engine.warmup + 2} bars of history to forecast, got ${history.length}`);
      const recent = sliceColumns(history, history.length - warmupBars(engine));
      const stream = engine.stream();
      stream.pushColumns(recent, 0, recent.length - 1);
      const n = recent.length - 1;
      const row = stream.pushBar(recent.time[n], recent.open[n], recent.high[n], recent.low[n], recent.close[n], recent.volume[n]);
      const last = candleAt(recent, recent.length - 1);
      const levels = startLevels(last.time).map((base) => catchUpLevels(base, history, replay));
      levels.forEach((l, i) => {
        if (l.asOf !== null && l.asOf >= (caughtUp[i]?.asOf ?? Number.NEGATIVE_INFINITY)) caughtUp[i] = l;
      });
      const raw = runForecastLoop(stream, row, last, steps, stepModel(), recentShape(recent, recent.length), barMs);
      const sigma = realizedVolatility(recent.close, recent.length - 1, config.calibration.volWindow);
      // The range forecast's context: the last day or so of bars, with the clock profiles of their cycles (fitted on
      // the year or so of `history` before each, or kept from an earlier forecast).
      const from = Math.max(0, history.length - rangeContextBars(barMs));
      const context = sliceColumns(history, from);
      const cv = volSeries(context, barMs, recentClockProfiles(history, from, barMs, profileCache));
      const ranges = rangeForecaster().forecast(context, cv, context.length - 1, steps);
      const level = trailingMean(cv.pRange, context.length - 1, config.calibration.volWindow);
      // The adaptive horizons' bands (steps 1-60) at the online levels, caught up with every outcome known at the last bar.
      const miss = missAt(levels, last.time);
      const shown = shapeForecast(raw, last.close, config.calibration, ranges, sigma, level, miss);
      const predictions: ForecastStep[] = [];
      const q = shown.quantiles;
      for (let h = 0; h < steps; h++) {
        predictions.push({
          step: h + 1,
          timestamp: new Date(last.time + (h + 1) * barMs).toISOString(),
          minutes_ahead: ((h + 1) * barMs) / 60_000,
          predicted_open: shown.open[h],
          predicted_high: shown.high[h],
          predicted_low: shown.low[h],
          predicted_close: shown.close[h],
          predicted_return: Math.exp(shown.cumReturn[h]) - 1,
          close_lower_80: q[1][h],
          close_upper_80: q[5][h],
          confidence: shown.pUp[h],
          close_lower_50: q[2][h],
          close_upper_50: q[4][h],
          close_lower_90: q[0][h],
          close_upper_90: q[6][h],
          quantiles: { q05: q[0][h], q10: q[1][h], q25: q[2][h], q50: q[3][h], q75: q[4][h], q90: q[5][h], q95: q[6][h] },
          p_up: shown.pUp[h],
          predicted_range: shown.range[h],
        });
      }
      return {
        timestamp: new Date().toISOString(),
        current_price: last.close,
        last_bar_time: new Date(last.time).toISOString(),
        symbol: config.symbol,
        timeframe: config.timeframe,
        exchange: config.exchange,
        predictions,
        model_info: { name: config.name, type: config.predictor_type, trained_at: config.trained_at, n_steps_ahead: config.n_steps_ahead },
        ...(config.training_metrics.evaluation.verdicts ? { verdicts: config.training_metrics.evaluation.verdicts, verdict_text: config.training_metrics.evaluation.verdict_text } : {}),
        ...bandLevelsInfo(config.calibration, levels, miss, steps),
      };
    },
    historyBars(lastBarTime) {
      const warm = warmupBars(engine) + 1;
      const own = profilesCached(profileCache, lastBarTime, rangeContextBars(barMs), barMs) ? warm : Math.max(warm, profileHistoryBars(barMs));
      return Math.max(own, ...startLevels(lastBarTime).map((l) => replayHistoryBars(l, lastBarTime, replay)));
    },
    evaluate(candles, opts = {}) {
      const steps = opts.steps ?? config.n_steps_ahead;
      const needed = engine.warmup + config.calibration.volWindow + steps + MIN_ORIGINS;
      if (candles.length < needed) throw new Error(`need at least ${needed} bars to evaluate ${steps} steps ahead, got ${candles.length}`);
      const firstOrigin = Math.max(opts.originStart ?? 0, engine.warmup, config.calibration.volWindow);
      const room = candles.length - 1 - steps - firstOrigin + 1;
      if (room < MIN_ORIGINS) {
        throw new Error(`need ${MIN_ORIGINS} forecast origins with ${steps} bars of outcomes after them, `
          + `but only ${Math.max(0, room)} fit after bar ${firstOrigin} of ${candles.length}`);
      }
      const breaks = gapBreaks(candles.time, config.timeframe);
      const v = volSeries(candles, timeframeMs(config.timeframe));
      const forecaster = rangeForecaster();
      const run = collectMultiStep(candles, engine, stepModel(), {
        originStart: firstOrigin, outcomeEnd: candles.length - 1, horizons: steps, maxOrigins: opts.maxOrigins ?? originsFor(steps),
        volWindow: config.calibration.volWindow, barMs: timeframeMs(config.timeframe), breaks,
        // The forecaster's own ranges: the report blends them with the calibration's weights (as training's did).
        ranges: (i, n, out, ruleOut) => forecaster.unblended(candles, v, i, n, out, ruleOut),
        withRule: forecaster.kind === 'model' && !!config.calibration.ruleWeight,
      });
      // On the model's own series after its training data, the bands go on from the stored online levels, as live
      // forecasts would have; anywhere else (or from an earlier bar) they start at nominal, as the test fold did.
      const first = run.origins ? candles.time[run.originIndex[0]] : Number.NEGATIVE_INFINITY;
      const levels = opts.continueBandLevels && stored.length ? mergeLevels([nominalLevels(), ...startingSets(first, stored)]) : undefined;
      const series = { levels, timeOf: (bar: number) => candles.time[bar], barOf: (time: number) => lowerBound(candles.time, time) };
      return reportWithLevels(run, config.calibration, { maseScale: meanAbsReturn(candles, [0, candles.length - 1], breaks) }, series).report;
    },
    featureImportance(kind, target = 'close') {
      const b = boosters.get(target);
      if (!b) throw new Error(`model ${name} has no ${target} model (it is ${config.predictor_type})`);
      const values = b.featureImportance(kind);
      return names.map((n, i) => ({ name: n, value: values[i] })).sort((a, b2) => b2.value - a.value);
    },
    engine,
    stepModel,
    rangeForecaster,
    dispose() {
      step?.dispose();
      ranges?.dispose();
      rangeBooster?.dispose();
      boosters.forEach((b) => b.dispose());
    },
  };
}
