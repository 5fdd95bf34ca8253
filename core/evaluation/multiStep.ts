import { candleAt, type CandleColumns } from '../data/candles';
import { spansGap } from '../data/sessionGaps';
import type { FeatureEngine } from '../features';
import { recentShape, runForecastLoop } from '../predictors/forecastLoop';
import type { StepModel } from '../predictors/stepModels';
import { realizedVolatility } from './metrics';

/** The records of a multi-step run (row-major `origins * horizons` where per step). */
export interface MultiStepRun {
  readonly origins: number;
  readonly horizons: number;
  /** The raw model's cumulative log return at each horizon. */
  readonly predicted: Float64Array;
  /** What happened: ln(C[origin + h] / C[origin]). */
  readonly actual: Float64Array;
  /** Realised volatility of 1-bar log returns at each origin (trailing window). */
  readonly sigma: Float64Array;
  /** Bars between consecutive origins. */
  readonly spacing: number;
  /** The predictor's own range forecast (ln(high / low)) of each step. */
  readonly candidateRange: Float64Array;
  /** Multi-OHLC: the autoregressive rule's range forecast of each step, combined with the model's; absent otherwise. */
  readonly ruleRange?: Float64Array;
  /** Per origin: mean ln(high / low) over the same trailing window as sigma (the bands' range level). */
  readonly rangeLevel: Float64Array;
  readonly originIndex: Int32Array;
  readonly actualRange: Float64Array;
  /** Per origin: mean ln(high / low) of the last 20 real bars (the naive range forecast). */
  readonly naiveRange: Float64Array;
  /** Per origin: the close of the origin bar. */
  readonly originClose: Float64Array;
  /** Per origin: the raw path's candles, kept for re-shaping (row-major origins * horizons). */
  readonly rawClose: Float64Array;
  readonly rawOpen: Float64Array;
  readonly rawHigh: Float64Array;
  readonly rawLow: Float64Array;
  /** Candidate origins left out because their window of outcomes spans a gap in the series. */
  readonly originsDroppedForGaps: number;
}

/** Where and how to run the multi-step forecasts. */
export interface MultiStepOptions {
  /** First bar index that may be an origin. */
  readonly originStart: number;
  /** Last bar index whose h-step outcome may be used (inclusive): origins end at originEnd - horizons. */
  readonly outcomeEnd: number;
  readonly horizons: number;
  readonly maxOrigins: number;
  readonly volWindow: number;
  readonly barMs: number;
  /**
   * Fills the predictor's own range forecast for steps 1..H from origin bar i, before any blending (default: the naive
   * mean range), and with `withRule` also the rule's (`ruleOut`: multi-OHLC, whose ranges combine model and rule).
   */
  readonly ranges?: (i: number, steps: number, out: Float64Array, ruleOut?: Float64Array) => void;
  readonly withRule?: boolean;
  /** Only bars this accepts may be origins (before spreading at most maxOrigins of them). */
  readonly originFilter?: (i: number) => boolean;
  readonly cancelled?: () => boolean;
  /**
   * Gap breaks of the series (gapBreaks): an origin whose next `horizons` bars span a gap is never used, since its
   * outcomes would be multi-bar returns. Without it every origin counts.
   */
  readonly breaks?: Int32Array;
}

/**
 * Origins that may be used in [start, end]: all of them, or those whose window [i, i + horizons] spans no gap, and
 * how many were left out for gaps.
 */
export function usableOrigins(start: number, end: number, horizons: number, breaks?: Int32Array): { origins: number[]; dropped: number } {
  const origins: number[] = [];
  let dropped = 0;
  for (let i = start; i <= end; i++) {
    if (breaks && spansGap(breaks, i, horizons)) dropped++;
    else origins.push(i);
  }
  return { origins, dropped };
}

/** Origin indices spread evenly over [start, end]; at most `max` of them. */
export function spreadOrigins(start: number, end: number, max: number): number[] {
  const span = end - start + 1;
  if (span <= 0) return [];
  const count = Math.min(max, span);
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(start + Math.floor((k * span) / count));
  return out;
}

/**
 * Runs the recursive forecast from many origins over one segment, streaming features through the history once and
 * branching (cloning) the stream at each origin, and records predicted and actual cumulative returns per horizon.
 */
export function collectMultiStep(c: CandleColumns, engine: FeatureEngine, model: StepModel, opts: MultiStepOptions): MultiStepRun {
  const H = opts.horizons;
  const first = Math.max(opts.originStart, engine.warmup, opts.volWindow);
  const usable = usableOrigins(first, opts.outcomeEnd - H, H, opts.breaks);
  const candidates = opts.originFilter ? usable.origins.filter(opts.originFilter) : usable.origins;
  const origins = spreadOrigins(0, candidates.length - 1, opts.maxOrigins).map((k) => candidates[k]);
  const O = origins.length;
  const predicted = new Float64Array(O * H);
  const actual = new Float64Array(O * H);
  const actualRange = new Float64Array(O * H);
  const rawClose = new Float64Array(O * H);
  const rawOpen = new Float64Array(O * H);
  const rawHigh = new Float64Array(O * H);
  const rawLow = new Float64Array(O * H);
  const sigma = new Float64Array(O);
  const naiveRange = new Float64Array(O);
  const originClose = new Float64Array(O);
  const candidateRange = new Float64Array(O * H);
  const ruleRange = opts.withRule ? new Float64Array(O * H) : undefined;
  const rangeLevel = new Float64Array(O);
  const stream = engine.stream();
  let next = 0;
  const last = O ? origins[O - 1] : -1;
  for (let i = 0; i <= last; i++) {
    const row = stream.pushBar(c.time[i], c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]);
    if (i !== origins[next]) continue;
    if (opts.cancelled?.()) throw Object.assign(new Error('evaluation was cancelled'), { name: 'AbortError' });
    const o = next++;
    const path = runForecastLoop(stream.clone(), Float64Array.from(row), candleAt(c, i), H, model, recentShape(c, i + 1), opts.barMs);
    originClose[o] = c.close[i];
    sigma[o] = realizedVolatility(c.close, i, opts.volWindow);
    let level = 0;
    const from = Math.max(0, i - opts.volWindow + 1);
    for (let k = from; k <= i; k++) level += Math.log(c.high[k] / c.low[k]);
    rangeLevel[o] = level / (i + 1 - from);
    let rangeSum = 0;
    for (let k = Math.max(0, i - 19); k <= i; k++) rangeSum += Math.log(c.high[k] / c.low[k]);
    naiveRange[o] = rangeSum / Math.min(20, i + 1);
    if (opts.ranges) opts.ranges(i, H, candidateRange.subarray(o * H, (o + 1) * H), ruleRange?.subarray(o * H, (o + 1) * H));
    else candidateRange.fill(naiveRange[o], o * H, (o + 1) * H);
    for (let h = 0; h < H; h++) {
      const j = o * H + h;
      predicted[j] = path.cumReturn[h];
      actual[j] = Math.log(c.close[i + h + 1] / c.close[i]);
      actualRange[j] = Math.log(c.high[i + h + 1] / c.low[i + h + 1]);
      rawClose[j] = path.close[h];
      rawOpen[j] = path.open[h];
      rawHigh[j] = path.high[h];
      rawLow[j] = path.low[h];
    }
  }
  return {
    origins: O, horizons: H, predicted, actual, sigma, originIndex: Int32Array.from(origins), candidateRange, ruleRange, rangeLevel,
    spacing: O > 1 ? (origins[O - 1] - origins[0]) / (O - 1) : 1,
    actualRange, naiveRange, originClose, rawClose, rawOpen, rawHigh, rawLow, originsDroppedForGaps: usable.dropped,
  };
}
