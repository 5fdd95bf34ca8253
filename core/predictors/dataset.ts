import type { CandleColumns, Timeframe } from '../data/candles';
import type { PredictorType } from './types';

/** The targets a predictor type learns, in the order its models are trained. */
export function targetNames(type: PredictorType): readonly TargetName[] {
  return type === 'autoregressive' ? ['close'] : ['open', 'high', 'low', 'close'];
}

/** Names of the per-bar targets (all in log-return space, relative to the current close). */
export type TargetName = 'open' | 'high' | 'low' | 'close';

/**
 * Target of row t, about bar t+1: close ln(C'/C), open ln(O'/C), high as upper wick ln(H'/max(O',C')) >= 0,
 * low as lower wick ln(min(O',C')/L') >= 0. Valid candles follow by construction.
 */
export function buildTarget(c: CandleColumns, target: TargetName, start: number, end: number): Float64Array {
  const y = new Float64Array(end - start);
  for (let t = start; t < end; t++) {
    const o = c.open[t + 1];
    const cl = c.close[t + 1];
    switch (target) {
      case 'close': y[t - start] = Math.log(cl / c.close[t]); break;
      case 'open': y[t - start] = Math.log(o / c.close[t]); break;
      case 'high': y[t - start] = Math.max(0, Math.log(c.high[t + 1] / Math.max(o, cl))); break;
      case 'low': y[t - start] = Math.max(0, Math.log(Math.min(o, cl) / c.low[t + 1])); break;
    }
  }
  return y;
}

/**
 * Rows t in [start, end) whose target bar t+1 directly follows bar t (no gap between them, given the series' gap
 * breaks from gapBreaks). Rows whose target spans a gap are masked this way: left out of training and scoring, while
 * the features of later rows still see every bar.
 */
export function rowsWithoutGaps(breaks: Int32Array, start: number, end: number): number[] {
  const rows: number[] = [];
  for (let t = start; t < end; t++) if (breaks[t + 1] === breaks[t]) rows.push(t);
  return rows;
}

/** Fewest usable rows (after warm-up) for a timeframe: 1,000 for 1m and 5m, 500 otherwise. */
export function minimumRows(tf: Timeframe): number {
  return tf === '1m' || tf === '5m' ? 1000 : 500;
}

/** Options of the time-ordered split. */
export interface SplitOptions {
  readonly testSize: number;
  readonly validationSplit: number;
  readonly embargo: number;
  /** Each of validation and test must hold this many bars of outcomes beyond the forecast horizon. */
  readonly horizon: number;
  readonly minOrigins: number;
}

/** Rows needed so that train, validation and test each have room for their purpose. */
export function requiredRows(tf: Timeframe, o: SplitOptions): number {
  const need = o.horizon + o.minOrigins;
  const byTest = Math.ceil(need / o.testSize);
  const byValid = Math.ceil(need / ((1 - o.testSize) * o.validationSplit)) + 2 * o.embargo;
  return Math.max(minimumRows(tf), byTest, byValid);
}

