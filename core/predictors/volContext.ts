// Causal volatility context of a series for the candle-range forecasters: per-bar log ranges, prefix sums for
// trailing means at any window, and the clock profile (how big candles are at each time of day / week).

/** The candle columns the range forecasters read. */
export interface RangeColumns {
  readonly length: number;
  readonly time: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const HOUR_MS = 3_600_000;

/** Trailing windows (bars) of the range means, short to long. */
export const RANGE_WINDOWS = [1, 5, 20, 60, 240] as const;

/** Bars in one day for a bar length, clamped to [240, 1440]: the reference window of the context. */
export function referenceWindow(barMs: number): number {
  return Math.max(240, Math.min(1440, Math.round(DAY_MS / barMs)));
}

/** Clock slots: bar of the day below 1h bars, hour of the week for 1h..<1d bars, day of the week beyond. */
export function slotCount(barMs: number): number {
  if (barMs < HOUR_MS) return Math.max(1, Math.round(DAY_MS / barMs));
  if (barMs < DAY_MS) return Math.max(1, Math.round(WEEK_MS / barMs));
  return 7;
}

/** The clock slot of a bar that opens at `timeMs`. */
export function slotOf(timeMs: number, barMs: number): number {
  const slots = slotCount(barMs);
  if (barMs < HOUR_MS) return Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / barMs) % slots;
  if (barMs < DAY_MS) return Math.floor((((timeMs % WEEK_MS) + WEEK_MS) % WEEK_MS) / barMs) % slots;
  return Math.floor(timeMs / DAY_MS + 3) % 7;
}

/** Per-bar series and their prefix sums (index i holds the sum of bars < i). */
export interface VolSeries {
  readonly length: number;
  readonly range: Float64Array;
  readonly pRange: Float64Array;
  readonly pAbsRet: Float64Array;
  readonly pVolume: Float64Array;
}

/** ln(high / low) per bar (0 for a flat or invalid bar) and |ln(C_i / C_{i-1})|, with prefix sums. */
export function volSeries(c: RangeColumns): VolSeries {
  const n = c.length;
  const range = new Float64Array(n);
  const pRange = new Float64Array(n + 1);
  const pAbsRet = new Float64Array(n + 1);
  const pVolume = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const r = c.low[i] > 0 && c.high[i] >= c.low[i] ? Math.log(c.high[i] / c.low[i]) : 0;
    range[i] = Number.isFinite(r) ? r : 0;
    const a = i > 0 && c.close[i - 1] > 0 && c.close[i] > 0 ? Math.abs(Math.log(c.close[i] / c.close[i - 1])) : 0;
    pRange[i + 1] = pRange[i] + range[i];
    pAbsRet[i + 1] = pAbsRet[i] + (Number.isFinite(a) ? a : 0);
    const v = c.volume[i];
    pVolume[i + 1] = pVolume[i] + (Number.isFinite(v) && v > 0 ? v : 0);
  }
  return { length: n, range, pRange, pAbsRet, pVolume };
}

/** Mean of a prefix-summed series over the `w` bars ending at `end` (inclusive), clipped to the series start. */
export function trailingMean(p: Float64Array, end: number, w: number): number {
  const start = Math.max(0, end - w + 1);
  return (p[end + 1] - p[start]) / (end + 1 - start);
}

/** Coarse clock part of a slot: its quarter hour of the day (bars under 1h), else the slot itself. */
function coarseOf(slot: number, barMs: number): number {
  return barMs < HOUR_MS ? Math.floor((slot * barMs) / (15 * 60_000)) : slot;
}

/** Fine clock part of a slot: its bar within the hour (bars under 15m), else 0. */
function fineOf(slot: number, barMs: number): number {
  return barMs < 15 * 60_000 ? Math.floor(((slot * barMs) % HOUR_MS) / barMs) : 0;
}

/**
 * The clock profile: per slot, the typical ratio of a bar's range to the trailing reference-window mean range, fitted
 * on rows [from, to) only, as exp(quarter-hour part + bar-of-hour part) of mean log ratios (robust to outliers; two
 * parts so each rests on many bars: the time of day, and the top-of-the-hour pattern pooled over all hours), each
 * shrunk toward 0 (ratio 1) where its bars are few. Above 1h bars the slot (hour of week, day) is its own part.
 */
export function fitClockProfile(c: RangeColumns, v: VolSeries, from: number, to: number, barMs: number): Float64Array {
  const slots = slotCount(barMs);
  const ref = referenceWindow(barMs);
  const rows: { slot: number; y: number }[] = [];
  for (let i = Math.max(from, 20); i < to; i++) {
    const level = trailingMean(v.pRange, i - 1, ref);
    if (!(level > 0) || !(v.range[i] > 0)) continue;
    rows.push({ slot: slotOf(c.time[i], barMs), y: Math.log(Math.min(20, v.range[i] / level)) });
  }
  const prior = 20;
  const fitPart = (partOf: (slot: number) => number, residual: (r: { slot: number; y: number }) => number) => {
    const sum = new Map<number, number>();
    const cnt = new Map<number, number>();
    let total = 0;
    for (const r of rows) total += residual(r);
    const centre = rows.length ? total / rows.length : 0;
    for (const r of rows) {
      const k = partOf(r.slot);
      sum.set(k, (sum.get(k) ?? 0) + residual(r) - centre);
      cnt.set(k, (cnt.get(k) ?? 0) + 1);
    }
    return (k: number) => (sum.get(k) ?? 0) / ((cnt.get(k) ?? 0) + prior);
  };
  const coarse = fitPart((s) => coarseOf(s, barMs), (r) => r.y);
  const fine = fitPart((s) => fineOf(s, barMs), (r) => r.y - coarse(coarseOf(r.slot, barMs)));
  const out = new Float64Array(slots);
  for (let s = 0; s < slots; s++) out[s] = Math.exp(coarse(coarseOf(s, barMs)) + fine(fineOf(s, barMs)));
  return out;
}
