import type { Candle } from '../data/candles';
import type { FeatureStream } from '../features';
import type { CandleShape, StepModel, StepOutput } from './stepModels';

/** The raw output of the recursive loop: candles and the cumulative close log return per step. */
export interface RawPath {
  readonly steps: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** ln(close[h] / origin close). */
  readonly cumReturn: Float64Array;
}

/** Median wicks (as log ratios) and volume over the last `window` real bars before `end` (exclusive). */
export function recentShape(
  c: { open: ArrayLike<number>; high: ArrayLike<number>; low: ArrayLike<number>; close: ArrayLike<number>; volume: ArrayLike<number> },
  end: number,
  window = 50,
): CandleShape {
  const start = Math.max(0, end - window);
  const up: number[] = [];
  const down: number[] = [];
  const vol: number[] = [];
  let body = 0;
  for (let i = start; i < end; i++) {
    if (c.open[i] > 0 && c.close[i] > 0) body += Math.abs(Math.log(c.close[i] / c.open[i]));
    const top = Math.max(c.open[i], c.close[i]);
    const bottom = Math.min(c.open[i], c.close[i]);
    if (top > 0 && c.high[i] >= top) up.push(Math.log(c.high[i] / top));
    if (c.low[i] > 0 && bottom >= c.low[i]) down.push(Math.log(bottom / c.low[i]));
    vol.push(c.volume[i]);
  }
  const med = (xs: number[]) => {
    if (!xs.length) return 0;
    xs.sort((a, b) => a - b);
    const m = xs.length >> 1;
    return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
  };
  return { upperWick: med(up), lowerWick: med(down), volume: med(vol), body: end > start ? body / (end - start) : 0 };
}

/**
 * Runs the recursive forecast: predicts from the feature row of the origin bar, builds the candle, pushes it into
 * the (already cloned) stream and predicts the next step from the row it returns. No history is recomputed.
 * Each candle's high and low also take half of the typical body the step does not predict (see CandleShape.body),
 * so fed-back candles keep a realistic range and the features of later steps do not see a market that froze.
 */
export function runForecastLoop(
  stream: FeatureStream,
  originRow: Float64Array,
  origin: Candle,
  steps: number,
  model: StepModel,
  shape: CandleShape,
  barMs: number,
): RawPath {
  const open = new Float64Array(steps);
  const high = new Float64Array(steps);
  const low = new Float64Array(steps);
  const close = new Float64Array(steps);
  const cumReturn = new Float64Array(steps);
  const out: StepOutput = { openGap: 0, closeReturn: 0, upperWick: 0, lowerWick: 0 };
  let row = originRow;
  let prevClose = origin.close;
  let cum = 0;
  for (let h = 0; h < steps; h++) {
    model.next(row, shape, out);
    const o = prevClose * Math.exp(out.openGap);
    const c = prevClose * Math.exp(out.closeReturn);
    const top = Math.max(o, c);
    const bottom = Math.min(o, c);
    // A forecast close near the open would draw a doji; the extremes also cover the typical body it cannot place.
    const allowance = Math.max(0, shape.body - Math.abs(out.closeReturn - out.openGap)) / 2;
    open[h] = o;
    close[h] = c;
    high[h] = top * Math.exp(out.upperWick + allowance);
    low[h] = bottom * Math.exp(-out.lowerWick - allowance);
    cum += out.closeReturn;
    cumReturn[h] = cum;
    prevClose = c;
    if (h + 1 < steps) {
      row = stream.pushBar(origin.time + (h + 1) * barMs, o, high[h], low[h], c, shape.volume);
    }
  }
  return { steps, open, high, low, close, cumReturn };
}
