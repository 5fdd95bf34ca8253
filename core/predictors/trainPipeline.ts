import { createHash } from 'node:crypto';
import { timeframeMs, type CandleColumns } from '../data/candles';
import { gapBreaks } from '../data/sessionGaps';
import { diagnose } from '../evaluation/diagnosis';
import { oneStepMetrics } from '../evaluation/oneStep';
import { FeatureEngine } from '../features';
import { TrainingAborted } from '../lightgbm';
import { lightgbmVersion } from '../lightgbm/native';
import { candlecastVersion } from '../runtime/packageRoot';
import { rowsWithoutGaps, requiredRows, targetNames } from './dataset';
import { DEFAULT_MODEL_PARAMS, MIN_ORIGINS, originsFor, resolveTrainOptions } from './defaults';
import { labelledRows, meanAbsReturn, runFold, type FoldInputs } from './foldRun';
import { planFolds } from './folds';
import { MODEL_FILE, MODEL_FORMAT_VERSION, RANGE_MODEL_FILE, modelFilePath, type ModelConfig, type TargetModelConfig } from './modelConfig';
import { volSeries } from './volContext';
import { modelSizeKb, validateModelName, writeModelFolder } from './modelStore';
import { assertNameFreeFor, resolveSeriesModel } from './modelIdentity';
import type { TrainingWarning, TrainProgress, TrainRequest, TrainSummary, WalkForwardFold } from './types';
import type { RefusedBar } from '../data/barRules';

/** Hooks of a training run: progress reports and a cancellation check polled between units of work. */
export interface TrainContext {
  readonly onProgress?: (p: TrainProgress) => void;
  readonly cancelled?: () => boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** sha256 of the candles a model was trained on. */
export function dataFingerprint(c: CandleColumns): string {
  const h = createHash('sha256');
  for (const col of [c.time, c.open, c.high, c.low, c.close, c.volume]) h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  return h.digest('hex');
}

/** The warning for bars left out because they broke a candle rule, naming the first few by time. */
function refusedBarsWarning(refused: readonly RefusedBar[]): TrainingWarning[] {
  if (refused.length === 0) return [];
  const named = refused.slice(0, 3).map((b) => `${iso(b.time)} (${b.reason})`).join('; ');
  return [{
    kind: 'refused_bars',
    message: `${refused.length} bar${refused.length === 1 ? '' : 's'} of the series broke a candle rule and ${refused.length === 1 ? 'was' : 'were'} left out: ${named}${refused.length > 3 ? '; ...' : ''}.`,
    remedy: 'The other bars trained as usual; re-fetch or re-import the series if the source has corrected them.',
  }];
}

/**
 * Trains, evaluates and saves one model: features, then walk-forward folds (train | early stop | calibration | test,
 * embargoed; see runFold), the last of which is the main split. The saved model is exactly the main fold's: the trees
 * whose bands and odds were calibrated on its calibration fold and scored on its test fold (no refit, so the figures
 * describe the model you use). Targets and outcomes that span a gap are masked throughout. Heavy and synchronous:
 * run it in a worker thread.
 */
export async function trainModel(req: TrainRequest, ctx: TrainContext = {}): Promise<TrainSummary> {
  const started = performance.now();
  const opts = resolveTrainOptions(req.options);
  const name = validateModelName(req.name ?? resolveSeriesModel(req.modelsDir, req.key, req.type, req.nStepsAhead).name);
  assertNameFreeFor(req.modelsDir, name, req.key);
  if (!Number.isInteger(req.nStepsAhead) || req.nStepsAhead < 1 || req.nStepsAhead > 5000) {
    throw new Error(`nStepsAhead must be an integer between 1 and 5000, got ${req.nStepsAhead}`);
  }
  const report = (p: TrainProgress) => ctx.onProgress?.(p);
  const checkCancel = () => {
    if (ctx.cancelled?.()) throw new TrainingAborted();
  };
  const c = req.candles;
  report({ stage: 'data', value: 0.01, message: `${c.length} bars of ${req.key.symbol} ${req.key.timeframe}` });

  const engine = new FeatureEngine({ lookbackPeriods: opts.lookbackPeriods });
  const tFeatures = performance.now();
  const fm = engine.batch(c);
  const featuresMs = performance.now() - tFeatures;
  report({ stage: 'features', value: 0.05, message: `${fm.cols} features x ${fm.rows} bars` });
  checkCancel();

  const split = { testSize: opts.testSize, validationSplit: opts.validationSplit, embargo: Math.max(...opts.lookbackPeriods), horizon: req.nStepsAhead, minOrigins: MIN_ORIGINS };
  const folds = planFolds(c.length, fm.firstValidRow, req.key.timeframe, split, opts.walkForwardFolds);
  const main = folds[folds.length - 1];
  const breaks = gapBreaks(c.time, req.key.timeframe);
  const gapTargetsDropped = (end: number) => (end - main.train[0]) - rowsWithoutGaps(breaks, main.train[0], end).length;
  const barMs = timeframeMs(req.key.timeframe);
  const targets = targetNames(req.type);
  const inputs: FoldInputs = {
    c, fm, engine, type: req.type, targets, params: { ...DEFAULT_MODEL_PARAMS, ...opts.modelParams }, numBoostRound: opts.numBoostRound,
    earlyStoppingRounds: opts.earlyStoppingRounds, horizons: req.nStepsAhead, barMs, breaks, vol: volSeries(c, barMs), cancelled: ctx.cancelled,
  };
  const params = inputs.params;
  const tTrain = performance.now();
  const walkForward: WalkForwardFold[] = [];
  // Earlier walk-forward folds: their own trees, early stopping and calibration, a third of the origin budget each.
  for (let k = 0; k < folds.length - 1; k++) {
    const base = 0.05 + (0.6 * k) / folds.length;
    const f = runFold({
      ...inputs,
      onModel: (m, n, target, it) => report({ stage: 'model', value: base, message: `walk-forward fold ${k + 1} of ${folds.length}: model ${m} of ${n} (${target}), round ${it.iteration}`, model: { k: m, n, target }, iteration: it }),
      onStage: (message) => report({ stage: 'evaluation', value: base, message: `walk-forward fold ${k + 1} of ${folds.length}: ${message}` }),
    }, folds[k], Math.max(MIN_ORIGINS, Math.floor(originsFor(req.nStepsAhead) / 3)));
    f.boosters.forEach((b) => b.dispose());
    f.rangeBooster?.dispose();
    walkForward.push({ fold: k + 1, test: [iso(c.time[folds[k].test[0]]), iso(c.time[folds[k].test[1] - 1])], origins: f.evaluation.origins, ...f.candidate });
    checkCancel();
  }
  const mainBase = 0.05 + (0.6 * (folds.length - 1)) / folds.length;
  const tMain = performance.now();
  const result = runFold({
    ...inputs,
    onModel: (m, n, target, it) => report({
      stage: 'model', value: mainBase + (0.3 / folds.length) * (it.iteration / opts.numBoostRound),
      message: `model ${m} of ${n} (${target}): round ${it.iteration}, early-stop rmse ${it.valid?.toExponential(3)}`, model: { k: m, n, target }, iteration: it,
    }),
    onStage: (message) => report({ stage: 'evaluation', value: 0.8, message }),
  }, main, originsFor(req.nStepsAhead), { denseShortHorizons: true });
  const boosters = result.boosters;
  try {
    const trainMs = tMain - tTrain;
    const evalMs = performance.now() - tMain;
    const closeBooster = boosters.get('close')!;
    const oneStep = (range: readonly [number, number]) => {
      const m = labelledRows(fm, c, 'close', range, breaks);
      const closes = rowsWithoutGaps(breaks, range[0], range[1]).map((t) => c.close[t]);
      return { predictedReturn: closeBooster.predict(m), actualReturn: m.labels, close: Float64Array.from(closes) };
    };
    const performanceMetrics = oneStepMetrics(oneStep(main.train), oneStep(main.earlyStop));
    const evaluation = { ...result.evaluation, walk_forward: walkForward };
    const calibration = result.calibration;
    const best = result.best;
    checkCancel();

    report({ stage: 'saving', value: 0.96, message: `saving ${name}` });
    const trainedAt = new Date().toISOString();
    const warnings = [
      ...refusedBarsWarning(req.refusedBars ?? []),
      ...diagnose({ performance: performanceMetrics, evaluation, usableRows: c.length - 1 - fm.firstValidRow, requiredRows: requiredRows(req.key.timeframe, split) }),
    ];
    const config: ModelConfig = {
      format_version: MODEL_FORMAT_VERSION,
      name,
      predictor_type: req.type,
      n_steps_ahead: req.nStepsAhead,
      lookback_periods: opts.lookbackPeriods,
      feature_names: fm.names,
      feature_config_hash: engine.hash,
      training_metrics: { ...performanceMetrics, evaluation },
      calibration,
      band_levels: result.bandLevels,
      trained_at: trainedAt,
      symbol: req.key.symbol,
      timeframe: req.key.timeframe,
      exchange: req.key.exchange,
      data_range: { from: iso(c.time[0]), to: iso(c.time[c.length - 1]), bars: c.length },
      gaps: { training_targets_dropped: gapTargetsDropped(main.train[1]) },
      data_fingerprint: dataFingerprint(c),
      candlecast_version: candlecastVersion(),
      lightgbm_version: lightgbmVersion(),
      training_time_ms: Math.round(performance.now() - started),
      params,
      best_iterations: best,
      refit: false,
      warnings,
      segments: {
        train: [iso(c.time[main.train[0]]), iso(c.time[main.train[1] - 1])],
        valid: [iso(c.time[main.earlyStop[0]]), iso(c.time[main.earlyStop[1] - 1])],
        calibration: [iso(c.time[main.calibration[0]]), iso(c.time[main.calibration[1] - 1])],
        test: [iso(c.time[main.test[0]]), iso(c.time[main.test[1] - 1])],
        embargo_bars: main.embargo,
      },
    };
    checkCancel();
    assertNameFreeFor(req.modelsDir, name, req.key);
    const files: Record<string, string> = { 'config.json': JSON.stringify(config, null, 2) };
    if (result.rangeBooster) files[RANGE_MODEL_FILE] = result.rangeBooster.saveModelString();
    for (const target of targets) {
      const b = boosters.get(target)!;
      const path = modelFilePath(req.type, target);
      files[path] = b.saveModelString();
      const sub: TargetModelConfig = {
        target, predictor_type: req.type, best_iteration: best[target]!, num_trees: b.numTrees,
        feature_names: fm.names, feature_config_hash: engine.hash, trained_at: trainedAt,
      };
      if (req.type === 'multi_ohlc') files[path.replace(MODEL_FILE, 'config.json')] = JSON.stringify(sub, null, 2);
    }
    writeModelFolder(req.modelsDir, name, files);
    const totalMs = performance.now() - started;
    report({ stage: 'saving', value: 1, message: `saved ${name}` });
    return {
      name,
      type: req.type,
      symbol: req.key.symbol,
      timeframe: req.key.timeframe,
      exchange: req.key.exchange,
      n_steps_ahead: req.nStepsAhead,
      model_size_kb: Math.round(modelSizeKb(req.modelsDir, name) * 10) / 10,
      data_range: config.data_range,
      data_fingerprint: config.data_fingerprint,
      gap_targets_dropped: config.gaps?.training_targets_dropped ?? 0,
      trained_at: trainedAt,
      performance: performanceMetrics,
      evaluation,
      timings: { features_ms: Math.round(featuresMs), train_ms: Math.round(trainMs), eval_ms: Math.round(evalMs), total_ms: Math.round(totalMs) },
      warnings,
    };
  } finally {
    for (const b of boosters.values()) b.dispose();
    result.rangeBooster?.dispose();
  }
}
