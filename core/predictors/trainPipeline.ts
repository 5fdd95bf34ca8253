import { createHash } from 'node:crypto';
import { timeframeMs, type CandleColumns } from '../data/candles';
import { gapBreaks, spansGap } from '../data/sessionGaps';
import { calibrate } from '../evaluation/calibration';
import { diagnose } from '../evaluation/diagnosis';
import { collectMultiStep } from '../evaluation/multiStep';
import { multiStepReport } from '../evaluation/multiStepReport';
import { oneStepMetrics } from '../evaluation/oneStep';
import { FeatureEngine, type FeatureMatrix } from '../features';
import { LgbmBooster, trainBooster, TrainingAborted, type LabelledMatrix } from '../lightgbm';
import { lightgbmVersion } from '../lightgbm/native';
import { candlecastVersion } from '../runtime/packageRoot';
import { buildTarget, planSegments, rowsWithoutGaps, requiredRows, targetNames, type Segments, type TargetName } from './dataset';
import { DEFAULT_MODEL_PARAMS, MIN_ORIGINS, VOL_WINDOW, originsFor, resolveTrainOptions } from './defaults';
import { MODEL_FILE, MODEL_FORMAT_VERSION, modelFilePath, type ModelConfig, type TargetModelConfig } from './modelConfig';
import { modelSizeKb, validateModelName, writeModelFolder } from './modelStore';
import { assertNameFreeFor, resolveSeriesModel } from './modelIdentity';
import { stepModelFor } from './stepModelFor';
import type { TrainingWarning, TrainProgress, TrainRequest, TrainSummary } from './types';
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

/**
 * The labelled rows [start, end) of one target, leaving out rows whose target bar is not the next bar of the series
 * (the target would span a gap and be a multi-bar return). Shares the feature matrix's memory when nothing is left out.
 */
function rowsOf(fm: FeatureMatrix, c: CandleColumns, target: TargetName, [start, end]: readonly [number, number], breaks: Int32Array): LabelledMatrix {
  const labels = buildTarget(c, target, start, end);
  const keep = rowsWithoutGaps(breaks, start, end);
  if (keep.length === end - start) return { data: fm.matrix.subarray(start * fm.cols, end * fm.cols), rows: end - start, cols: fm.cols, labels };
  const data = new Float64Array(keep.length * fm.cols);
  const kept = new Float64Array(keep.length);
  keep.forEach((t, r) => {
    data.set(fm.matrix.subarray(t * fm.cols, (t + 1) * fm.cols), r * fm.cols);
    kept[r] = labels[t - start];
  });
  return { data, rows: keep.length, cols: fm.cols, labels: kept };
}

function meanAbsReturn(c: CandleColumns, [start, end]: readonly [number, number], breaks: Int32Array): number {
  let s = 0;
  let n = 0;
  for (let t = start; t < end; t++) {
    if (spansGap(breaks, t, 1)) continue;
    s += Math.abs(Math.log(c.close[t + 1] / c.close[t]));
    n++;
  }
  return s / Math.max(1, n);
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
 * Trains, evaluates and saves one model: features, one LightGBM model per target with early stopping on the
 * validation segment, calibration and the multi-step report on held-out segments, an optional refit on all bars,
 * then an atomic save. Heavy and synchronous: run it in a worker thread.
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
  const seg: Segments = planSegments(c.length, fm.firstValidRow, req.key.timeframe, split);
  const breaks = gapBreaks(c.time, req.key.timeframe);
  const gapTargetsDropped = (end: number) => (end - seg.first) - rowsWithoutGaps(breaks, seg.first, end).length;
  const params = { ...DEFAULT_MODEL_PARAMS, ...opts.modelParams };
  const targets = targetNames(req.type);
  const boosters = new Map<TargetName, LgbmBooster>();
  const best: Partial<Record<TargetName, number>> = {};
  const tTrain = performance.now();
  try {
    targets.forEach((target, k) => {
      const span = 0.55 / targets.length;
      const base = 0.05 + k * span;
      const r = trainBooster(
        { train: rowsOf(fm, c, target, seg.train, breaks), valid: rowsOf(fm, c, target, seg.valid, breaks), featureNames: fm.names, params, numBoostRound: opts.numBoostRound, earlyStoppingRounds: opts.earlyStoppingRounds },
        {
          shouldStop: ctx.cancelled,
          onIteration: (it) => report({
            stage: 'model', value: base + span * (it.iteration / opts.numBoostRound),
            message: `model ${k + 1} of ${targets.length} (${target}): round ${it.iteration}, valid rmse ${it.valid?.toExponential(3)}`,
            model: { k: k + 1, n: targets.length, target }, iteration: it,
          }),
        },
      );
      boosters.set(target, r.booster);
      best[target] = r.bestIteration;
    });
    let trainMs = performance.now() - tTrain;

    report({ stage: 'evaluation', value: 0.6, message: 'one-step metrics' });
    const closeBooster = boosters.get('close')!;
    const oneStep = (range: readonly [number, number]) => {
      const m = rowsOf(fm, c, 'close', range, breaks);
      const closes = rowsWithoutGaps(breaks, range[0], range[1]).map((t) => c.close[t]);
      return { predictedReturn: closeBooster.predict(m), actualReturn: m.labels, close: Float64Array.from(closes) };
    };
    const performanceMetrics = oneStepMetrics(oneStep(seg.train), oneStep(seg.valid));
    checkCancel();

    const tEval = performance.now();
    const barMs = timeframeMs(req.key.timeframe);
    const step = stepModelFor(req.type, boosters);
    const multi = { horizons: req.nStepsAhead, maxOrigins: originsFor(req.nStepsAhead), volWindow: VOL_WINDOW, barMs, cancelled: ctx.cancelled, breaks };
    report({ stage: 'evaluation', value: 0.62, message: 'calibrating intervals on validation' });
    const validRun = collectMultiStep(c, engine, step.model, { ...multi, originStart: seg.valid[0], outcomeEnd: seg.valid[1] });
    const calibration = calibrate(validRun, VOL_WINDOW);
    report({ stage: 'evaluation', value: 0.7, message: `multi-step report on test (${req.nStepsAhead} steps)` });
    const testRun = collectMultiStep(c, engine, step.model, { ...multi, originStart: seg.test[0], outcomeEnd: seg.test[1] });
    const evaluation = multiStepReport(testRun, calibration, { maseScale: meanAbsReturn(c, seg.train, breaks), withRange: req.type === 'multi_ohlc' });
    step.dispose();
    const evalMs = performance.now() - tEval;
    checkCancel();

    if (opts.refit) {
      const tRefit = performance.now();
      const all: readonly [number, number] = [seg.first, seg.test[1]];
      targets.forEach((target, k) => {
        report({ stage: 'refit', value: 0.8 + (0.15 * k) / targets.length, message: `refit ${target} on all ${all[1] - all[0]} rows (${best[target]} rounds)`, model: { k: k + 1, n: targets.length, target } });
        const r = trainBooster({ train: rowsOf(fm, c, target, all, breaks), featureNames: fm.names, params, numBoostRound: Math.max(1, best[target]!) }, { shouldStop: ctx.cancelled });
        boosters.get(target)!.dispose();
        boosters.set(target, r.booster);
      });
      trainMs += performance.now() - tRefit;
    }

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
      trained_at: trainedAt,
      symbol: req.key.symbol,
      timeframe: req.key.timeframe,
      exchange: req.key.exchange,
      data_range: { from: iso(c.time[0]), to: iso(c.time[c.length - 1]), bars: c.length },
      gaps: { training_targets_dropped: gapTargetsDropped(opts.refit ? seg.test[1] : seg.valid[1]) },
      data_fingerprint: dataFingerprint(c),
      candlecast_version: candlecastVersion(),
      lightgbm_version: lightgbmVersion(),
      training_time_ms: Math.round(performance.now() - started),
      params,
      best_iterations: best,
      refit: opts.refit,
      warnings,
      segments: {
        train: [iso(c.time[seg.train[0]]), iso(c.time[seg.train[1] - 1])],
        valid: [iso(c.time[seg.valid[0]]), iso(c.time[seg.valid[1] - 1])],
        test: [iso(c.time[seg.test[0]]), iso(c.time[seg.test[1] - 1])],
        embargo_bars: seg.embargo,
      },
    };
    checkCancel();
    assertNameFreeFor(req.modelsDir, name, req.key);
    const files: Record<string, string> = { 'config.json': JSON.stringify(config, null, 2) };
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
  }
}
