import type { CandleColumns } from '../data/candles';
import { nominalLevels, type AdaptiveLevels } from '../evaluation/adaptiveBands';
import { calibrate, fitRangeWeights, upShares, spliceCalibration, type ForecastCalibration, type MultiStepSamples, type RangeWeights } from '../evaluation/calibration';
import { collectMultiStep, type MultiStepRun } from '../evaluation/multiStep';
import { reportWithLevels, spliceReports } from '../evaluation/multiStepReport';
import { describeVerdicts, verdictOf, type ComponentVerdict, type Verdicts } from '../evaluation/verdicts';
import type { FeatureEngine, FeatureMatrix } from '../features';
import { LgbmBooster, trainBooster, type LabelledMatrix } from '../lightgbm';
import type { LgbmParams } from '../lightgbm/params';
import { buildTarget, rowsWithoutGaps, type TargetName } from './dataset';
import { MEDIUM_HORIZONS, ORIGIN_STEP_BUDGET, RANGE_MODEL_PARAMS, RANGE_MODEL_ROUNDS, SHORT_HORIZONS, VOL_WINDOW } from './defaults';
import { lowerBound } from './clockProfiles';
import { bandScale } from './forecastCandles';
import type { Fold } from './folds';
import { blendRanges, modelRanges, rangeTrainingRows, type RangeKind } from './rangeForecaster';
import { fitRangeRule, ruleRanges } from './rangeRule';
import { stepModelFor } from './stepModelFor';
import type { EvaluationReport, PooledFigures, PredictorType } from './types';
import type { VolSeries } from './volContext';

/** Everything a fold needs that does not change between folds. */
export interface FoldInputs {
  readonly c: CandleColumns;
  readonly fm: FeatureMatrix;
  readonly engine: FeatureEngine;
  readonly type: PredictorType;
  readonly targets: readonly TargetName[];
  readonly params: LgbmParams;
  readonly numBoostRound: number;
  readonly earlyStoppingRounds: number;
  readonly horizons: number;
  readonly barMs: number;
  /** Gap breaks of the series (gapBreaks): targets and outcomes that span a gap are masked. */
  readonly breaks: Int32Array;
  readonly vol: VolSeries;
  readonly cancelled?: () => boolean;
  readonly onModel?: (k: number, n: number, target: string, it: { iteration: number; train: number; valid?: number }) => void;
  readonly onStage?: (message: string) => void;
}

/** A trained, calibrated and scored fold. The caller owns (and disposes) the boosters. */
export interface FoldResult {
  readonly boosters: Map<TargetName, LgbmBooster>;
  readonly rangeBooster?: LgbmBooster;
  readonly best: Partial<Record<TargetName | 'range', number>>;
  readonly calibration: ForecastCalibration;
  /** Where the test fold's online band levels ended, one set per dense run (the live forecasts' start; adaptiveBands.ts). */
  readonly bandLevels: readonly AdaptiveLevels[];
  readonly evaluation: EvaluationReport;
  readonly verdicts: Verdicts;
  /** The pooled figures before any fallback (what the fold's own test said about the candidate). */
  readonly candidate: PooledFigures;
}

/**
 * The labelled rows [start, end) of one target, leaving out rows whose target bar is not the next bar of the series
 * (the target would span a gap). Shares the feature matrix's memory when nothing is left out.
 */
export function labelledRows(fm: FeatureMatrix, c: CandleColumns, target: TargetName, [start, end]: readonly [number, number], breaks: Int32Array): LabelledMatrix {
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

function samplesOf(run: MultiStepRun, weights: RangeWeights): MultiStepSamples {
  const H = run.horizons;
  const scale = new Float64Array(run.origins * H);
  const range = new Float64Array(H);
  for (let o = 0; o < run.origins; o++) {
    range.set(run.candidateRange.subarray(o * H, (o + 1) * H));
    blendRanges(range, run.naiveRange[o], weights.candidate, run.ruleRange?.subarray(o * H, (o + 1) * H), weights.rule);
    bandScale(range, run.sigma[o], run.rangeLevel[o], scale.subarray(o * H, (o + 1) * H));
  }
  return { origins: run.origins, horizons: H, predicted: run.predicted, actual: run.actual, sigma: run.sigma, scale, spacing: run.spacing };
}

/** Pooled squared-error skill of the blended range forecasts on a run (the calibration fold's fallback test). */
function rangeSkillOn(run: MultiStepRun, weights: RangeWeights): number {
  let a = 0;
  let b = 0;
  for (let o = 0; o < run.origins; o++) {
    for (let h = 0; h < run.horizons; h++) {
      const j = o * run.horizons + h;
      const y = run.actualRange[j];
      if (!Number.isFinite(y)) continue;
      const n = run.naiveRange[o];
      const rule = run.ruleRange && weights.rule ? weights.rule[h] * (run.ruleRange[j] - n) : 0;
      a += (n + weights.candidate[h] * (run.candidateRange[j] - n) + rule - y) ** 2;
      b += (run.naiveRange[o] - y) ** 2;
    }
  }
  return b > 0 ? 1 - Math.sqrt(a / b) : 0;
}

function component(p: PooledFigures, key: 'close' | 'range' | 'interval' | 'brier', fallback: (v: ComponentVerdict['verdict']) => boolean): ComponentVerdict {
  const skill = p[`${key}_skill`];
  const ci = p[`${key}_skill_ci`];
  const verdict = verdictOf(ci);
  return { verdict, skill, skill_ci: ci, fallback: fallback(verdict) };
}

/**
 * Trains one fold's boosters (early stopping on its own fold), its range forecaster (multi-OHLC: a LightGBM model of
 * each coming candle's size; autoregressive: the fitted HAR-style rule, rangeRule.ts), calibrates on the calibration fold and scores
 * the test fold. Components then fall back to their naive benchmarks: the range when its calibration-fold skill is
 * below 0 or its test verdict is worse than naive; the band and the direction odds when worse than naive; the
 * median whenever the close has no edge (so "no edge" always shows the last price). Fallbacks are switches beside
 * the fitted statistics, never refits: what the calibration fold gave is kept as it was. The shipped figures are
 * re-scored after the fallbacks; the verdicts keep the candidate's figures. With `denseShortHorizons` (the main
 * fold), horizons 1..SHORT_HORIZONS are calibrated and scored a second time from up to ORIGIN_STEP_BUDGET / 10 origins,
 * and horizons up to MEDIUM_HORIZONS a third time from ORIGIN_STEP_BUDGET / 60.
 */
export function runFold(x: FoldInputs, fold: Fold, maxOrigins: number, opts: { denseShortHorizons?: boolean } = {}): FoldResult {
  const boosters = new Map<TargetName, LgbmBooster>();
  const best: Partial<Record<TargetName | 'range', number>> = {};
  let rangeBooster: LgbmBooster | undefined;
  try {
    x.targets.forEach((target, k) => {
      const r = trainBooster(
        { train: labelledRows(x.fm, x.c, target, fold.train, x.breaks), valid: labelledRows(x.fm, x.c, target, fold.earlyStop, x.breaks), featureNames: x.fm.names, params: x.params, numBoostRound: x.numBoostRound, earlyStoppingRounds: x.earlyStoppingRounds },
        { shouldStop: x.cancelled, onIteration: (it) => x.onModel?.(k + 1, x.targets.length, target, it) },
      );
      boosters.set(target, r.booster);
      best[target] = r.bestIteration;
    });
    const rule = fitRangeRule(x.c, x.vol, x.barMs, fold.train, x.horizons, x.breaks);
    let candidate: RangeKind = 'rule';
    if (x.type === 'multi_ohlc') {
      x.onStage?.('range model');
      const r = trainBooster({
        train: rangeTrainingRows(x.c, x.vol, rule, x.barMs, fold.train, x.horizons, x.breaks),
        valid: rangeTrainingRows(x.c, x.vol, rule, x.barMs, fold.earlyStop, x.horizons, x.breaks),
        params: RANGE_MODEL_PARAMS, numBoostRound: RANGE_MODEL_ROUNDS, earlyStoppingRounds: 30,
      }, { shouldStop: x.cancelled });
      rangeBooster = r.booster;
      best.range = r.bestIteration;
      candidate = 'model';
    }
    const fast = rangeBooster?.fastPredictor();
    const step = stepModelFor(x.type, boosters);
    try {
      const ranges = (i: number, steps: number, out: Float64Array, ruleOut?: Float64Array) => {
        if (fast) modelRanges(fast, x.c, x.vol, rule, x.barMs, i, steps, out, ruleOut);
        else ruleRanges(x.c, x.vol, rule, x.barMs, i, steps, out);
      };
      const multi = { horizons: x.horizons, maxOrigins, volWindow: VOL_WINDOW, barMs: x.barMs, breaks: x.breaks, ranges, withRule: !!fast, cancelled: x.cancelled };
      const maseScale = meanAbsReturn(x.c, fold.train, x.breaks);
      const extra = { volWindow: VOL_WINDOW, rangeRule: { knots: rule.knots, weights: rule.weights }, rangeKind: candidate };
      const pass = (horizons: number, origins: number) => {
        const o = { ...multi, horizons, maxOrigins: origins };
        x.onStage?.(`calibrating ${horizons} steps on the calibration fold`);
        const calRun = collectMultiStep(x.c, x.engine, step.model, { ...o, originStart: fold.calibration[0], outcomeEnd: fold.calibration[1] });
        x.onStage?.(`scoring ${horizons} steps on the test fold`);
        const testRun = collectMultiStep(x.c, x.engine, step.model, { ...o, originStart: fold.test[0], outcomeEnd: fold.test[1] });
        const weights = fitRangeWeights(horizons, calRun.origins, calRun.candidateRange, calRun.naiveRange, calRun.actualRange, calRun.ruleRange);
        const history = upShares(x.c.close, x.breaks, [fold.train[0], fold.calibration[1]], horizons);
        return { calRun, testRun, weights, calib: calibrate(samplesOf(calRun, weights), { ...extra, rangeWeight: weights.candidate, ruleWeight: weights.rule, history }) };
      };
      const long = pass(x.horizons, maxOrigins);
      // Short horizons again from (nearly) every bar of the folds, and medium ones from thousands of origins: their
      // figures and quantiles rest on many more outcomes than the long run's.
      const shortH = Math.min(x.horizons - 1, SHORT_HORIZONS);
      const mediumH = Math.min(x.horizons - 1, MEDIUM_HORIZONS);
      const dense = opts.denseShortHorizons;
      const short = dense && shortH >= 1 ? pass(shortH, Math.floor(ORIGIN_STEP_BUDGET / shortH)) : undefined;
      const medium = dense && mediumH > shortH ? pass(mediumH, Math.floor(ORIGIN_STEP_BUDGET / mediumH)) : undefined;
      const withMedium = medium ? spliceCalibration(long.calib, medium.calib, mediumH) : long.calib;
      const calibCand = short ? spliceCalibration(withMedium, short.calib, shortH) : withMedium;
      // The band levels of the adaptive horizons run online over the test fold (adaptiveBands.ts), each horizon in the
      // densest run that scores it; where those runs left them is where live forecasts start.
      const series = { timeOf: (bar: number) => x.c.time[bar], barOf: (time: number) => lowerBound(x.c.time, time) };
      const report = (calib: ForecastCalibration, eceNoise: boolean) => {
        const ro = { maseScale, eceNoise };
        // Only the long run's per-origin losses are kept (they sum to the pooled figures the verdicts rest on).
        const full = reportWithLevels(long.testRun, calib, { ...ro, originTime: series.timeOf }, series);
        if (!short) return { report: full.report, levels: [full.levels] };
        const s = reportWithLevels(short.testRun, calib, ro, { ...series, levels: nominalLevels(shortH) });
        if (!medium) return { report: spliceReports(full.report, s.report, shortH), levels: [s.levels] };
        const m = reportWithLevels(medium.testRun, calib, ro, { ...series, levels: nominalLevels(mediumH, shortH) });
        const spliced = spliceReports(spliceReports(full.report, m.report, mediumH, 'medium'), s.report, shortH);
        return { report: spliced, levels: [s.levels, m.levels] };
      };
      // The candidate is scored for its verdicts only; the shipped report (the main fold's: earlier folds keep only
      // their pooled figures) also carries the calibration error chance alone gives.
      const scored = report(calibCand, false);
      const cand = scored.report;
      const p = cand.pooled!;
      const calRangeSkill = rangeSkillOn(long.calRun, long.weights);
      const verdicts: Verdicts = {
        close: component(p, 'close', (v) => v !== 'edge'),
        direction: component(p, 'brier', (v) => v === 'worse_than_naive'),
        band: component(p, 'interval', (v) => v === 'worse_than_naive'),
        range: component(p, 'range', (v) => v === 'worse_than_naive' || calRangeSkill < 0),
      };
      const fallback = { close: verdicts.close.fallback, direction: verdicts.direction.fallback, band: verdicts.band.fallback, range: verdicts.range.fallback };
      const changed = (Object.keys(verdicts) as (keyof Verdicts)[]).some((k) => verdicts[k].fallback);
      const shipped = changed || dense ? report({ ...calibCand, fallback }, !!dense) : scored;
      const calib: ForecastCalibration = { ...calibCand, fallback };
      return { boosters, rangeBooster, best, calibration: calib, bandLevels: shipped.levels, evaluation: { ...shipped.report, origin_losses: cand.origin_losses, verdicts, verdict_text: describeVerdicts(verdicts) }, verdicts, candidate: p };
    } finally {
      step.dispose();
      fast?.dispose();
    }
  } catch (err) {
    boosters.forEach((b) => b.dispose());
    rangeBooster?.dispose();
    throw err;
  }
}

/** Mean |1-bar log return| over a row range, leaving out returns across a gap: the MASE scale. */
export function meanAbsReturn(c: CandleColumns, [start, end]: readonly [number, number], breaks: Int32Array): number {
  let s = 0;
  let n = 0;
  for (let t = start; t < end; t++) {
    if (breaks[t + 1] !== breaks[t]) continue;
    s += Math.abs(Math.log(c.close[t + 1] / c.close[t]));
    n++;
  }
  return s / Math.max(1, n);
}
