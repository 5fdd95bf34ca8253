import type { CandleColumns } from '../data/candles';
import { BacktestInputError, type BacktestModel, type TrainingOverlap } from './types';

/** The bars a backtest trades over and how they relate to the model's training data. */
export interface ResolvedRange {
  /** First decision bar (index). */
  readonly start: number;
  /** Last bar traded (index, inclusive). */
  readonly end: number;
  readonly notes: readonly string[];
  readonly overlap: TrainingOverlap;
}

const iso = (t: number) => new Date(t).toISOString();

/** First index with time >= t (c.length when none). */
function firstAtOrAfter(time: Float64Array, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Chooses the bars to trade: `from`/`to` when given, else every bar after the model's fitted data (on its own
 * series: same source and symbol) or the whole series (another series); the first decision waits for `historyBars` of history. Then counts
 * how many traded bars the model's trees were fitted on.
 */
export function resolveRange(c: CandleColumns, model: BacktestModel, opts: { from?: number; to?: number; symbol?: string; exchange?: string }): ResolvedRange {
  const notes: string[] = [];
  const n = c.length;
  if (n < 2) throw new BacktestInputError(`need at least 2 bars to backtest, got ${n}`);
  const sameSeries = (opts.symbol === undefined || opts.symbol === model.symbol) && (opts.exchange === undefined || opts.exchange === model.exchange);
  const fittedUntil = sameSeries && model.fittedUntil !== undefined ? model.fittedUntil : undefined;
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) {
    throw new BacktestInputError(`from (${iso(opts.from)}) is after to (${iso(opts.to)})`);
  }
  let start: number;
  if (opts.from !== undefined) {
    start = firstAtOrAfter(c.time, n, opts.from);
  } else if (fittedUntil !== undefined) {
    start = firstAtOrAfter(c.time, n, fittedUntil + 1);
    if (start >= n - 1) {
      throw new BacktestInputError(
        `no bars after the model's training data (fitted until ${iso(fittedUntil)}; the candles end ${iso(c.time[n - 1])}): `
        + 'fetch newer bars, or give a from/to range (it will be flagged as overlapping the training data)',
      );
    }
    notes.push(`default range: the bars after the model's training data (fitted until ${iso(fittedUntil)})`);
  } else {
    start = 0;
  }
  const end = opts.to !== undefined ? firstAtOrAfter(c.time, n, opts.to + 1) - 1 : n - 1;
  if (start < model.historyBars) {
    notes.push(`first decision moved from bar ${start} to bar ${model.historyBars}: the features need ${model.historyBars} bars of history`);
    start = model.historyBars;
  }
  if (end - start < 1) {
    const span = `${opts.from !== undefined ? iso(opts.from) : 'start'} .. ${opts.to !== undefined ? iso(opts.to) : 'end'}`;
    throw new BacktestInputError(
      `the range ${span} leaves ${Math.max(0, end - start + 1)} bars to trade after ${model.historyBars} bars of feature history (${n} bars given); need at least 2`,
    );
  }
  return { start, end, notes, overlap: trainingOverlap(c, start, end, model, sameSeries) };
}

/** How many bars of [start, end] the model's trees were fitted on, or that lie in its held-out test segment. */
export function trainingOverlap(c: CandleColumns, start: number, end: number, model: BacktestModel, sameSeries: boolean): TrainingOverlap {
  if (!sameSeries) {
    return {
      same_series: false, fitted_until: null, overlaps_training: false, overlapping_bars: 0, held_out_test_bars: 0,
      message: `another series than the model's (${model.exchange} ${model.symbol}): no training overlap by date, but markets move together`,
    };
  }
  const fitted = model.fittedUntil;
  let overlapping = 0;
  let heldOut = 0;
  for (let i = start; i <= end; i++) {
    const t = c.time[i];
    if (fitted !== undefined && t <= fitted) overlapping++;
    if (model.heldOutTest && t >= model.heldOutTest[0] && t <= model.heldOutTest[1]) heldOut++;
  }
  const bars = end - start + 1;
  let message: string;
  if (fitted === undefined) message = 'the model does not record its training dates: overlap unknown';
  else if (overlapping > 0) {
    message = `WARNING: ${overlapping} of ${bars} bars were in the model's training data (fitted until ${iso(fitted)}): `
      + 'these figures are in-sample and flatter the model';
  } else message = `out of sample: every bar is after the model's training data (fitted until ${iso(fitted)})`;
  if (heldOut > 0) message += `; ${heldOut} bars lie in its held-out test segment, which the trees never saw`;
  return {
    same_series: true, fitted_until: fitted ?? null, overlaps_training: overlapping > 0, overlapping_bars: overlapping,
    held_out_test_bars: heldOut, message,
  };
}
