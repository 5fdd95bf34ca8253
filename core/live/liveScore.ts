// The running score of one saved forecast against the real bars that closed after it was made: close error against
// the naive forecast (the price when it was made), whether each real close fell inside each of its bands, and the
// error of the predicted high-low range. Pure: forecast and candles in, figures out.
import type { CandleColumns } from '../data/candles';
import { findTime } from '../evaluation/forecastScore';

/** The part of a forecast step the live score reads; bands are every `close_lower_<p>` / `close_upper_<p>` pair. */
export interface ScoredStepInput {
  readonly step: number;
  readonly timestamp: string;
  readonly predicted_high: number;
  readonly predicted_low: number;
  readonly predicted_close: number;
  readonly [field: string]: unknown;
}

/** The part of a forecast the live score reads. */
export interface LiveScorable {
  readonly current_price: number;
  readonly predictions: readonly ScoredStepInput[];
}

/** One scored step: the real bar beside what was forecast for it. */
export interface LiveStepScore {
  readonly step: number;
  /** Open time of the bar, ms. */
  readonly time: number;
  readonly close: number;
  readonly predicted_close: number;
  /** The naive forecast: the price when the forecast was made. */
  readonly naive: number;
  /** Band level (e.g. "80") to whether the real close fell inside it. */
  readonly inside: Readonly<Record<string, boolean>>;
  /** Real high - low and the predicted one. */
  readonly range: number;
  readonly predicted_range: number;
}

/** Coverage of one band so far. */
export interface BandScore {
  /** Nominal level in percent (80 for close_lower_80/close_upper_80). */
  readonly level: number;
  readonly inside: number;
  readonly scored: number;
  readonly coverage: number | null;
}

/** A forecast's running score. Error figures are null until a step has been scored. */
export interface LiveScore {
  readonly steps_total: number;
  readonly steps_scored: number;
  /** Steps whose bar had already closed when the forecast was made: never scored. */
  readonly steps_before_made: number;
  /** Every step's bar has closed (scored, or missing from the source). */
  readonly complete: boolean;
  readonly close_rmse: number | null;
  readonly close_rmse_naive: number | null;
  readonly close_mae: number | null;
  readonly close_mae_naive: number | null;
  /** 1 - rmse / rmse_naive: above 0 the forecast beat the naive one so far. */
  readonly skill: number | null;
  readonly bands: readonly BandScore[];
  /** Mean |predicted range - real range| and the mean real range, in price units. */
  readonly range_mae: number | null;
  readonly mean_range: number | null;
  readonly steps: readonly LiveStepScore[];
}

/** The band levels a step carries, ascending (80 for close_lower_80/close_upper_80). */
export function bandLevels(step: ScoredStepInput | undefined): number[] {
  if (!step) return [];
  const levels: number[] = [];
  for (const k of Object.keys(step)) {
    const m = /^close_lower_(\d{1,2})$/.exec(k);
    if (m && typeof step[k] === 'number' && typeof step[`close_upper_${m[1]}`] === 'number') levels.push(Number(m[1]));
  }
  return levels.sort((a, b) => a - b);
}

/**
 * Scores a forecast made at `madeAt` (ms) against `actual` bars of its series. A step counts only when its bar
 * closed after the forecast was made (open + tfMs > madeAt) and is present in `actual`; `newestClosed` (the open
 * time of the newest closed bar known) decides whether the score is complete.
 */
export function liveScore(forecast: LiveScorable, actual: CandleColumns, madeAt: number, tfMs: number, newestClosed: number | null): LiveScore {
  const levels = bandLevels(forecast.predictions[0]);
  const inside = new Map<number, number>(levels.map((l) => [l, 0]));
  const p0 = forecast.current_price;
  const steps: LiveStepScore[] = [];
  let se = 0;
  let seNaive = 0;
  let ae = 0;
  let aeNaive = 0;
  let rangeErr = 0;
  let rangeSum = 0;
  let beforeMade = 0;
  let lastTime = -Infinity;
  for (const s of forecast.predictions) {
    const t = Date.parse(s.timestamp);
    lastTime = Math.max(lastTime, t);
    if (t + tfMs <= madeAt) {
      beforeMade++;
      continue;
    }
    const i = findTime(actual.time, t);
    if (i < 0) continue;
    const close = actual.close[i];
    const flags: Record<string, boolean> = {};
    for (const l of levels) {
      const hit = close >= (s[`close_lower_${l}`] as number) && close <= (s[`close_upper_${l}`] as number);
      flags[String(l)] = hit;
      if (hit) inside.set(l, inside.get(l)! + 1);
    }
    const range = actual.high[i] - actual.low[i];
    const predictedRange = s.predicted_high - s.predicted_low;
    se += (s.predicted_close - close) ** 2;
    seNaive += (p0 - close) ** 2;
    ae += Math.abs(s.predicted_close - close);
    aeNaive += Math.abs(p0 - close);
    rangeErr += Math.abs(predictedRange - range);
    rangeSum += range;
    steps.push({ step: s.step, time: t, close, predicted_close: s.predicted_close, naive: p0, inside: flags, range, predicted_range: predictedRange });
  }
  const n = steps.length;
  const rmse = n ? Math.sqrt(se / n) : null;
  const rmseNaive = n ? Math.sqrt(seNaive / n) : null;
  return {
    steps_total: forecast.predictions.length,
    steps_scored: n,
    steps_before_made: beforeMade,
    complete: forecast.predictions.length > 0 && newestClosed !== null && newestClosed >= lastTime,
    close_rmse: rmse,
    close_rmse_naive: rmseNaive,
    close_mae: n ? ae / n : null,
    close_mae_naive: n ? aeNaive / n : null,
    skill: rmse !== null && rmseNaive !== null && rmseNaive > 0 ? 1 - rmse / rmseNaive : null,
    bands: levels.map((level) => ({ level, inside: inside.get(level)!, scored: n, coverage: n ? inside.get(level)! / n : null })),
    range_mae: n ? rangeErr / n : null,
    mean_range: n ? rangeSum / n : null,
    steps,
  };
}
