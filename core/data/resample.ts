import { allocColumns, barOpenTime, sliceColumns, timeframeMs, type CandleColumns, type Timeframe } from './candles';

/** Whether bars of timeframe `from` aggregate into whole bars of timeframe `to`. */
export function canResample(from: Timeframe, to: Timeframe): boolean {
  const a = timeframeMs(from);
  const b = timeframeMs(to);
  return b > a && b % a === 0;
}

/**
 * Aggregates sorted candles of timeframe `from` into the coarser timeframe `to` (open of the first bar, highest high,
 * lowest low, close of the last bar, summed volume). The first and last buckets are dropped when the series starts
 * after or ends before their edges, since their missing part is unknown; inner buckets with exchange gaps are kept.
 */
export function resampleCandles(c: CandleColumns, from: Timeframe, to: Timeframe): CandleColumns {
  if (!canResample(from, to)) throw new Error(`cannot resample ${from} candles to ${to}: ${to} must be a coarser multiple of ${from}`);
  const fromMs = timeframeMs(from);
  const toMs = timeframeMs(to);
  const out = allocColumns(c.length === 0 ? 0 : Math.floor((c.time[c.length - 1] - c.time[0]) / toMs) + 2);
  let n = -1;
  let bucket = NaN;
  for (let i = 0; i < c.length; i++) {
    const b = barOpenTime(c.time[i], to);
    if (b !== bucket) {
      bucket = b;
      n++;
      out.time[n] = b; out.open[n] = c.open[i]; out.high[n] = c.high[i]; out.low[n] = c.low[i];
      out.close[n] = c.close[i]; out.volume[n] = c.volume[i];
      continue;
    }
    if (c.high[i] > out.high[n]) out.high[n] = c.high[i];
    if (c.low[i] < out.low[n]) out.low[n] = c.low[i];
    out.close[n] = c.close[i];
    out.volume[n] += c.volume[i];
  }
  const count = n + 1;
  if (count === 0) return out;
  const start = c.time[0] > out.time[0] ? 1 : 0;
  const end = c.time[c.length - 1] + fromMs < out.time[n] + toMs ? n : count;
  return sliceColumns(out, start, Math.max(start, end));
}
