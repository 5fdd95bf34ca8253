import { shapeForecast, stepQuantiles } from '../predictors/forecastCandles';
import { blendRanges } from '../predictors/rangeForecaster';
import type { EvaluationReport, HorizonMetrics, PooledFigures } from '../predictors/types';
import { AdaptiveLevelTracker, nominalLevels, type AdaptiveLevels } from './adaptiveBands';
import { blockLengthFor, bootstrapIntervals, bootstrapPlan, lossSkill, mean, rmseSkill, type BootstrapPlan, type Interval } from './bootstrap';
import { QUANTILE_LEVELS, type ForecastCalibration } from './calibration';
import { reliability } from './direction';
import { eceIntervals } from './eceInterval';
import { eceNoise } from './eceNoise';
import type { MultiStepRun } from './multiStep';
import { COMPONENT_SKILL, type OriginLosses } from './pairedComparison';

/** Options of the per-horizon report. */
export interface ReportOptions {
  /** Mean |1-bar log return| on the training fold: the MASE denominator (naive in-sample error). */
  readonly maseScale: number;
  /**
   * Simulate the calibration error chance alone gives on these origins (`ece_noise`; about 0.3 s for 150,000
   * records). Default true; off for reports only their pooled figures are read from.
   */
  readonly eceNoise?: boolean;
  /** Open time (ms) of bar i: given, the report carries each origin's summed losses (`origin_losses`). */
  readonly originTime?: (bar: number) => number;
}

/** Winkler (interval) score of the central (1 - alpha) band [lo, hi] for outcome y. */
export function winkler(lo: number, hi: number, y: number, alpha: number): number {
  return hi - lo + (y < lo ? (2 / alpha) * (lo - y) : 0) + (y > hi ? (2 / alpha) * (y - hi) : 0);
}

const Q10 = QUANTILE_LEVELS.indexOf(0.1);
const Q90 = QUANTILE_LEVELS.indexOf(0.9);
const BANDS = [[QUANTILE_LEVELS.indexOf(0.25), QUANTILE_LEVELS.indexOf(0.75)], [Q10, Q90], [QUANTILE_LEVELS.indexOf(0.05), QUANTILE_LEVELS.indexOf(0.95)]] as const;

/** Per-(origin, horizon) records of one scored run; masked outcomes hold 0 everywhere and valid = 0. */
interface Records {
  readonly valid: Float64Array;
  readonly sq: Float64Array; readonly sqNaive: Float64Array; readonly absLog: Float64Array;
  readonly hit: Float64Array; readonly call: Float64Array;
  readonly cover: readonly [Float64Array, Float64Array, Float64Array];
  readonly wink: Float64Array; readonly winkNaive: Float64Array;
  readonly rangeSq: Float64Array; readonly rangeNaiveSq: Float64Array;
  readonly brier: Float64Array; readonly brierBase: Float64Array;
  readonly p: Float64Array; readonly up: Float64Array;
}

/**
 * Scores every origin in time order. The adaptive horizons' bands (model and naive) are drawn at the tracker's adapted
 * levels, which have folded in exactly the outcomes known at the origin; each scored band then reports its misses.
 */
function score(run: MultiStepRun, calib: ForecastCalibration, levels: AdaptiveLevelTracker): Records {
  const H = run.horizons;
  const N = run.origins * H;
  const f = () => new Float64Array(N);
  const r: Records = {
    valid: f(), sq: f(), sqNaive: f(), absLog: f(), hit: f(), call: f(), cover: [f(), f(), f()], wink: f(), winkNaive: f(),
    rangeSq: f(), rangeNaiveSq: f(), brier: f(), brierBase: f(), p: f().fill(Number.NaN), up: f().fill(Number.NaN),
  };
  const range = new Float64Array(H);
  const naiveSpread = new Float64Array(QUANTILE_LEVELS.length);
  const adaptive = Math.min(H, levels.horizons);
  const firstAdaptive = levels.from;
  const modelMissed = [false, false, false];
  const naiveMissed = [false, false, false];
  for (let o = 0; o < run.origins; o++) {
    const base = o * H;
    const origin = run.originIndex[o];
    levels.advanceTo(origin);
    const originClose = run.originClose[o];
    const raw = {
      steps: H, open: run.rawOpen.subarray(base, base + H), high: run.rawHigh.subarray(base, base + H),
      low: run.rawLow.subarray(base, base + H), close: run.rawClose.subarray(base, base + H), cumReturn: run.predicted.subarray(base, base + H),
    };
    if (calib.fallback.range) range.fill(run.naiveRange[o]);
    else {
      range.set(run.candidateRange.subarray(base, base + H));
      blendRanges(range, run.naiveRange[o], calib.rangeWeight, run.ruleRange?.subarray(base, base + H), calib.ruleWeight);
    }
    const shown = shapeForecast(raw, originClose, calib, range, run.sigma[o], run.rangeLevel[o], levels.miss);
    // The naive band never narrows from step to step either (as shapeForecast's bands).
    naiveSpread.fill(0);
    for (let h = 0; h < H; h++) {
      const sn = run.sigma[o] * Math.sqrt(h + 1);
      const zn = stepQuantiles(calib, h, true, levels.miss);
      for (let q = 0; q < naiveSpread.length; q++) {
        const d = zn[q] * sn;
        naiveSpread[q] = d >= 0 ? Math.max(naiveSpread[q], d) : Math.min(naiveSpread[q], d);
      }
      const j = base + h;
      const y = run.actual[j];
      if (!Number.isFinite(y)) continue;
      r.valid[j] = 1;
      const actualClose = originClose * Math.exp(y);
      r.sq[j] = (shown.close[h] - actualClose) ** 2;
      r.sqNaive[j] = (originClose - actualClose) ** 2;
      r.absLog[j] = Math.abs(shown.cumReturn[h] - y);
      const x = raw.cumReturn[h];
      if (x !== 0 && y !== 0) {
        r.call[j] = 1;
        r.hit[j] = Math.sign(x) === Math.sign(y) ? 1 : 0;
      }
      BANDS.forEach(([lo, hi], b) => {
        r.cover[b][j] = actualClose >= shown.quantiles[lo][h] && actualClose <= shown.quantiles[hi][h] ? 1 : 0;
        modelMissed[b] = r.cover[b][j] === 0;
        naiveMissed[b] = y < naiveSpread[lo] || y > naiveSpread[hi];
      });
      if (h >= firstAdaptive && h < adaptive) levels.record(origin, h, modelMissed, naiveMissed);
      r.wink[j] = winkler(Math.log(shown.quantiles[Q10][h] / originClose), Math.log(shown.quantiles[Q90][h] / originClose), y, 0.2);
      r.winkNaive[j] = winkler(naiveSpread[Q10], naiveSpread[Q90], y, 0.2);
      const actualRange = run.actualRange[j];
      r.rangeSq[j] = (Math.log(shown.high[h] / shown.low[h]) - actualRange) ** 2;
      r.rangeNaiveSq[j] = (run.naiveRange[o] - actualRange) ** 2;
      const up = y > 0 ? 1 : 0;
      const baseRate = calib.baseRate[Math.min(h, calib.baseRate.length - 1)];
      r.brier[j] = (shown.pUp[h] - up) ** 2;
      r.brierBase[j] = (baseRate - up) ** 2;
      r.p[j] = shown.pUp[h];
      r.up[j] = up;
    }
  }
  return r;
}

function rowSums(a: Float64Array, origins: number, H: number): Float64Array {
  const out = new Float64Array(origins);
  for (let o = 0; o < origins; o++) for (let h = 0; h < H; h++) out[o] += a[o * H + h];
  return out;
}

function colSums(a: Float64Array, origins: number, H: number): Float64Array {
  const out = new Float64Array(H);
  for (let o = 0; o < origins; o++) for (let h = 0; h < H; h++) out[h] += a[o * H + h];
  return out;
}

/** Expected calibration error of P(up) at one horizon (10 bins over its origins). */
function horizonEce(r: Records, O: number, H: number, h: number): number {
  const p = new Float64Array(O);
  const y = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    p[o] = r.p[o * H + h];
    y[o] = r.up[o * H + h];
  }
  return reliability(p, y).ece;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
const fixed = (x: number): number => (Number.isFinite(x) ? x : 0);
const ci0 = (c: Interval): Interval => [fixed(c[0]), fixed(c[1])];

/** Figures pooled over every horizon (each origin's summed losses), with intervals from `plan`. */
function pooled(r: Records, O: number, H: number, plan: BootstrapPlan): PooledFigures {
  const s = (a: Float64Array) => rowSums(a, O, H);
  const one = (a: Float64Array, b: Float64Array, stat: (x: number, y: number, n: number) => number): [number, Interval] => {
    const sa = s(a);
    const sb = s(b);
    const total = (x: Float64Array) => x.reduce((p, v) => p + v, 0);
    return [fixed(stat(total(sa), total(sb), O)), ci0(bootstrapIntervals(plan, sa, sb, 1, stat)[0])];
  };
  // The same skills a paired comparison recomputes from the per-origin losses (COMPONENT_SKILL).
  const [close, closeCi] = one(r.sq, r.sqNaive, COMPONENT_SKILL.close);
  const [range, rangeCi] = one(r.rangeSq, r.rangeNaiveSq, COMPONENT_SKILL.range);
  const [band, bandCi] = one(r.wink, r.winkNaive, COMPONENT_SKILL.band);
  const [brier, brierCi] = one(r.brier, r.brierBase, COMPONENT_SKILL.direction);
  const [cov, covCi] = one(r.cover[1], r.valid, ratio);
  return {
    close_skill: close, close_skill_ci: closeCi, range_skill: range, range_skill_ci: rangeCi, interval_skill: band, interval_skill_ci: bandCi,
    brier_skill: brier, brier_skill_ci: brierCi, coverage_80: cov, coverage_80_ci: covCi,
  };
}

const sevenDigits = (x: number): number => Number(x.toPrecision(7));

/** Each origin's losses summed over the horizons, per component, for paired comparisons (pairedComparison.ts). */
function originLosses(r: Records, run: MultiStepRun, blockLength: number, timeOf: (bar: number) => number): OriginLosses {
  const O = run.origins;
  const H = run.horizons;
  const col = (model: Float64Array, naive: Float64Array) => ({
    model: Array.from(rowSums(model, O, H), sevenDigits),
    naive: Array.from(rowSums(naive, O, H), sevenDigits),
  });
  return {
    origin_times_ms: Array.from(run.originIndex, (bar) => timeOf(bar)), block_length: blockLength,
    close: col(r.sq, r.sqNaive), range: col(r.rangeSq, r.rangeNaiveSq), band: col(r.wink, r.winkNaive), direction: col(r.brier, r.brierBase),
  };
}

/**
 * Horizons 1..n from a report over many origins with short paths (`short`), the rest, the pooled figures, the
 * reliability table and the verdicts from `long` (every horizon, fewer origins). `kind` names the shorter run in the
 * report's origin counts (the dense 1-10 pass, or the medium 11-60 one).
 */
export function spliceReports(long: EvaluationReport, short: EvaluationReport, n: number, kind: 'short' | 'medium' = 'short'): EvaluationReport {
  const counts = kind === 'short' ? { origins_short: short.origins, short_horizons: n } : { origins_medium: short.origins, medium_horizons: n };
  return { ...long, ...counts, horizons: [...short.horizons.slice(0, n), ...long.horizons.slice(n)] };
}

/**
 * Scores calibrated multi-step forecasts on held-out origins, per horizon and pooled: median close RMSE against
 * the last price, MASE, the raw model's hit rate, coverage of the 50/80/90% bands, the 80% band's interval score
 * against the naive band, the candle-range skill against the mean of the last 20 ranges, and the Brier skill of
 * P(up) against the calibration fold's base rate and its calibration error (ECE) — each figure with a 95%
 * block-bootstrap interval over origins, all from one resampling plan.
 */
export function multiStepReport(run: MultiStepRun, calib: ForecastCalibration, opts: ReportOptions): EvaluationReport {
  return reportWithLevels(run, calib, opts).report;
}

/**
 * Where a report's online band levels start, on the run's series: `levels` (nominal over every adaptive horizon when
 * absent; a set governs only its horizons [from, horizons)), and bar times.
 */
export interface LevelsStart {
  readonly levels?: AdaptiveLevels;
  /** Open time of bar i (for the levels' times). */
  readonly timeOf: (bar: number) => number;
  /** First bar opening at or after a time (where a pending outcome of `levels` lands). */
  readonly barOf: (time: number) => number;
}

/**
 * multiStepReport, and where its online band levels ended: the levels after every outcome of the run, which is where
 * forecasts from the run's last bar on start (adaptiveBands.ts). Scoring starts at the nominal levels unless `start`
 * gives others.
 */
export function reportWithLevels(run: MultiStepRun, calib: ForecastCalibration, opts: ReportOptions, start?: LevelsStart): { report: EvaluationReport; levels: AdaptiveLevels } {
  const tracker = new AdaptiveLevelTracker(start?.levels ?? nominalLevels(), start?.barOf ?? ((time) => time));
  const report = scoredReport(run, calib, opts, score(run, calib, tracker));
  return { report, levels: tracker.snapshot(start?.timeOf ?? ((bar) => bar), run.spacing) };
}

/**
 * The online band levels carried from `start` through a run's forecasts (every one of whose outcomes is known): how
 * a loaded model catches up with the bars that came after the levels were stored.
 */
export function replayLevels(run: MultiStepRun, calib: ForecastCalibration, start: Required<LevelsStart>): AdaptiveLevels {
  const tracker = new AdaptiveLevelTracker(start.levels, start.barOf);
  score(run, calib, tracker);
  return tracker.snapshot(start.timeOf, run.spacing);
}

function scoredReport(run: MultiStepRun, calib: ForecastCalibration, opts: ReportOptions, r: Records): EvaluationReport {
  const H = run.horizons;
  const O = run.origins;
  const plan = bootstrapPlan(O, blockLengthFor(O, H, run.spacing));
  const cs = (a: Float64Array) => colSums(a, O, H);
  const valid = cs(r.valid);
  const ci = (a: Float64Array, b: Float64Array, stat: (x: number, y: number, n: number) => number) => bootstrapIntervals(plan, a, b, H, stat).map(ci0);
  const skillCi = ci(r.sq, r.sqNaive, rmseSkill);
  const coverCi = r.cover.map((c) => ci(c, r.valid, ratio));
  const bandCi = ci(r.wink, r.winkNaive, lossSkill);
  const rangeCi = ci(r.rangeSq, r.rangeNaiveSq, rmseSkill);
  const brierCi = ci(r.brier, r.brierBase, lossSkill);
  const eceCi = eceIntervals(r.p, r.up, O, H, plan);
  const noise = opts.eceNoise === false ? undefined : eceNoise(r.p, r.up, run.originIndex, H);
  const [sq, sqN, absLog, hit, call, wink, winkN, rsq, rsqN, br, brB] = [r.sq, r.sqNaive, r.absLog, r.hit, r.call, r.wink, r.winkNaive, r.rangeSq, r.rangeNaiveSq, r.brier, r.brierBase].map(cs);
  const cover = r.cover.map(cs);
  const horizons: HorizonMetrics[] = [];
  for (let h = 0; h < H; h++) {
    const n = Math.max(1, valid[h]);
    horizons.push({
      h: h + 1,
      rmse: Math.sqrt(sq[h] / n),
      rmse_naive: Math.sqrt(sqN[h] / n),
      skill: fixed(rmseSkill(sq[h], sqN[h])),
      skill_ci: skillCi[h],
      mase: opts.maseScale > 0 ? absLog[h] / n / opts.maseScale : Number.NaN,
      directional_accuracy: call[h] ? hit[h] / call[h] : 0,
      directional_count: call[h],
      coverage_50: cover[0][h] / n, coverage_50_ci: coverCi[0][h],
      coverage_80: cover[1][h] / n, coverage_80_ci: coverCi[1][h],
      coverage_90: cover[2][h] / n, coverage_90_ci: coverCi[2][h],
      interval_score_80: wink[h] / n, interval_score_80_naive: winkN[h] / n,
      interval_skill: fixed(lossSkill(wink[h], winkN[h])), interval_skill_ci: bandCi[h],
      range_skill: fixed(rmseSkill(rsq[h], rsqN[h])), range_skill_ci: rangeCi[h],
      brier: br[h] / n, brier_base: brB[h] / n, brier_skill: fixed(lossSkill(br[h], brB[h])), brier_skill_ci: brierCi[h],
      ece: horizonEce(r, O, H, h), ece_ci: ci0(eceCi.horizons[h]), ...(noise ? { ece_noise: fixed(noise.horizons[h]), ece_noise_median: fixed(noise.horizonsMedian[h]) } : {}),
    });
  }
  const rel = reliability(r.p, r.up);
  return { origins: O, origins_dropped_for_gaps: run.originsDroppedForGaps, horizons, pooled: pooled(r, O, H, plan), reliability: rel.table, ece: rel.ece, ece_ci: ci0(eceCi.pooled), ...(noise ? { ece_noise: fixed(noise.pooled), ece_noise_median: fixed(noise.pooledMedian) } : {}),
    ...(opts.originTime ? { origin_losses: originLosses(r, run, plan.blockLength, opts.originTime) } : {}),
  };
}
