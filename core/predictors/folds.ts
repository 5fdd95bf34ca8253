import type { Timeframe } from '../data/candles';
import { minimumRows, requiredRows, type SplitOptions } from './dataset';

/** Row range [start, end). */
export type RowRange = readonly [number, number];

/**
 * One fold of the evaluation protocol, in time order with `embargo` bars between parts:
 * train | early stop | calibration | test. Trees see train (and early stopping watches its own fold); every
 * calibrated statistic (shrinkage, band quantiles, direction odds, fallbacks) is fitted on calibration only;
 * test is scored and never fitted on.
 */
export interface Fold {
  readonly train: RowRange;
  readonly earlyStop: RowRange;
  readonly calibration: RowRange;
  readonly test: RowRange;
  readonly embargo: number;
}

/** Walk-forward folds requested by default (the last one is the main split whose model is saved). */
export const WALK_FORWARD_FOLDS = 3;

function foldEndingAt(first: number, testEnd: number, testLen: number, o: SplitOptions): Fold {
  const testStart = testEnd - testLen;
  const pre = testStart - o.embargo - first;
  const calLen = Math.floor(pre * o.validationSplit);
  const calEnd = testStart - o.embargo;
  const calStart = calEnd - calLen;
  const esEnd = calStart - o.embargo;
  const esLen = Math.floor((esEnd - first) * o.validationSplit);
  const esStart = esEnd - esLen;
  return { train: [first, esStart - o.embargo], earlyStop: [esStart, esEnd], calibration: [calStart, calEnd], test: [testStart, testEnd], embargo: o.embargo };
}

/**
 * Plans the main split and up to `folds - 1` earlier walk-forward folds over rows [first, n - 1) (the last bar has
 * no target). Test blocks have equal length (testSize of the usable rows), are consecutive and end at the last row;
 * each fold's training window expands from `first` to just before its own early-stopping fold. A fold too small for
 * its calibration and test origins is left out (the main fold never is: too little data throws
 * `Insufficient data for training (got N rows, need M)`). Returned oldest first; the last is the main split.
 */
export function planFolds(n: number, first: number, tf: Timeframe, o: SplitOptions, folds = WALK_FORWARD_FOLDS): Fold[] {
  const usable = n - 1 - first;
  const need = requiredRows(tf, o);
  if (usable < need) {
    const hint = need > minimumRows(tf)
      ? `: calibration and test must each hold ${o.minOrigins} forecasts of ${o.horizon} steps; fetch more history or forecast fewer steps ahead`
      : ': fetch more history';
    throw new Error(`Insufficient data for training (got ${Math.max(0, usable)} rows, need ${need})${hint}`);
  }
  const testLen = Math.floor(usable * o.testSize);
  const out: Fold[] = [];
  const perPart = o.horizon + o.minOrigins;
  for (let k = folds - 1; k >= 0; k--) {
    const f = foldEndingAt(first, n - 1 - k * testLen, testLen, o);
    const ok = f.calibration[1] - f.calibration[0] >= perPart && f.test[1] - f.test[0] >= perPart
      && f.earlyStop[1] - f.earlyStop[0] >= o.minOrigins && f.train[1] - f.train[0] >= minimumRows(tf) / 2;
    if (ok || k === 0) out.push(f);
  }
  return out;
}
