// Clock profiles: how big candles are at each slot of the day or week, relative to the trailing day. Each cycle (a UTC
// day below 1h bars, a week above) has its own profile, fitted on the PROFILE_CYCLES cycles before it, so the profile
// follows a pattern that drifts and stays causal. Training and evaluation fit every cycle of a series in one sliding
// pass; a forecast fits only the cycles it needs, and keeps them between forecasts.
import { coarseOf, DAY_MS, fineOf, HOUR_MS, referenceWindow, slotCount, slotOf, WEEK_MS } from './clock';

/** ln(high / low) of a bar; 0 for a flat or invalid bar. */
export function logRange(high: number, low: number): number {
  const r = low > 0 && high >= low ? Math.log(high / low) : 0;
  return Number.isFinite(r) ? r : 0;
}

/** What a profile sample of bar i is: ln of its range over the mean range of the reference window before it (capped at 20x). */
function sampleOf(range: number, level: number): number {
  return Math.log(Math.min(20, range / level));
}

/** Bars at the start of a series that never give a profile sample (their reference window is too short). */
const FIRST_SAMPLED_BAR = 20;

/** Cycles of history each clock profile is fitted on: 52 weeks of hour-of-week slots, 52 days of bar-of-day slots. */
export const PROFILE_CYCLES = 52;

/** The clock profile's cycle: a day for bars under 1h (slots are bars of the day), else a week. */
export function profileCycleMs(barMs: number): number {
  return barMs < HOUR_MS ? DAY_MS : WEEK_MS;
}

/**
 * Bars of history a forecast from the last bar needs for its clock profiles: its own cycle, the cycles its range
 * levels reach back into (a reference window), PROFILE_CYCLES cycles before the oldest of those, and a reference
 * window before them (the first levels of the profile fit).
 */
export function profileHistoryBars(barMs: number): number {
  const cycleMs = profileCycleMs(barMs);
  const ref = referenceWindow(barMs);
  const cycles = PROFILE_CYCLES + 1 + Math.ceil((ref * barMs) / cycleMs);
  return Math.ceil((cycles * cycleMs) / barMs) + ref + 1;
}

/**
 * The clock profiles of one series. Every cycle (day or week, UTC) has its own profile, fitted on the bars of the
 * PROFILE_CYCLES cycles before it: the pattern drifts over the years (BTC's hour-of-week profile of 2018 is not that
 * of 2024), and a profile refitted on the past year follows it while staying causal. A forecast from bar t uses the
 * profile of t's cycle for every bar ahead; deseasonalising the past uses each bar's own cycle's profile.
 */
export interface ClockProfiles {
  /** The profile (per slot) of forecasts from bar t. */
  at(t: number): Float64Array;
  /** Prefix sums of each bar's profile value at its own slot (index i holds the sum over bars < i). */
  readonly prefix: Float64Array;
}

/**
 * The clock profile from per-slot sums of y = ln(range / trailing reference-window mean range) and their counts:
 * exp(quarter-hour part + bar-of-hour part) of mean log ratios (robust to outliers; two parts so each rests on many
 * bars: the time of day, and the top-of-the-hour pattern pooled over all hours), each shrunk toward 0 (ratio 1)
 * where its bars are few. Above 1h bars the slot (hour of week, day) is its own part. No bars: every slot is 1.
 */
export function profileFromSlotSums(sum: ArrayLike<number>, count: ArrayLike<number>, barMs: number): Float64Array {
  const slots = sum.length;
  const { coarse, fine, parts } = slotParts(barMs);
  const partSum = new Float64Array(parts);
  const partCount = new Float64Array(parts);
  const fitPart = (key: Int32Array, slotSum: (s: number) => number, out: Float64Array) => {
    partSum.fill(0);
    partCount.fill(0);
    let total = 0, n = 0;
    for (let s = 0; s < slots; s++) {
      const y = slotSum(s);
      total += y;
      n += count[s];
      partSum[key[s]] += y;
      partCount[key[s]] += count[s];
    }
    const centre = n > 0 ? total / n : 0;
    for (let k = 0; k < parts; k++) out[k] = (partSum[k] - centre * partCount[k]) / (partCount[k] + PROFILE_PRIOR);
  };
  const coarseEffect = new Float64Array(parts);
  const fineEffect = new Float64Array(parts);
  fitPart(coarse, (s) => sum[s], coarseEffect);
  fitPart(fine, (s) => sum[s] - count[s] * coarseEffect[coarse[s]], fineEffect);
  const out = new Float64Array(slots);
  for (let s = 0; s < slots; s++) out[s] = Math.exp(coarseEffect[coarse[s]] + fineEffect[fine[s]]);
  return out;
}

/** Bars a part of the profile needs before its effect counts half (shrinkage toward ratio 1). */
const PROFILE_PRIOR = 20;

const partsCache = new Map<number, { coarse: Int32Array; fine: Int32Array; parts: number }>();

/** Each slot's coarse and fine part (coarseOf, fineOf) for bars of `barMs`, and how many part keys there can be. */
function slotParts(barMs: number): { coarse: Int32Array; fine: Int32Array; parts: number } {
  let hit = partsCache.get(barMs);
  if (!hit) {
    const slots = slotCount(barMs);
    const coarse = new Int32Array(slots);
    const fine = new Int32Array(slots);
    for (let s = 0; s < slots; s++) {
      coarse[s] = coarseOf(s, barMs);
      fine[s] = fineOf(s, barMs);
    }
    hit = { coarse, fine, parts: Math.max(...coarse, ...fine) + 1 };
    partsCache.set(barMs, hit);
  }
  return hit;
}

/**
 * The rolling clock profiles of a series (ClockProfiles) from its ranges and their prefix sums: one pass with a
 * sliding window of per-slot sums, so the cost is linear in bars plus one small fit per cycle.
 */
export function clockProfiles(c: { readonly length: number; readonly time: ArrayLike<number> }, range: Float64Array, pRange: Float64Array, barMs: number): ClockProfiles {
  const n = c.length;
  const slots = slotCount(barMs);
  const ref = referenceWindow(barMs);
  const cycleMs = profileCycleMs(barMs);
  const sum = new Float64Array(slots);
  const count = new Float64Array(slots);
  const sample = (i: number, sign: 1 | -1) => {
    if (i < FIRST_SAMPLED_BAR) return;
    const from = Math.max(0, i - ref);
    const level = (pRange[i] - pRange[from]) / (i - from);
    if (!(level > 0) || !(range[i] > 0)) return;
    const s = slotOf(c.time[i], barMs);
    sum[s] += sign * sampleOf(range[i], level);
    count[s] += sign;
  };
  const byCycle = new Map<number, Float64Array>();
  const prefix = new Float64Array(n + 1);
  let added = 0;
  let dropped = 0;
  let cycle = Number.NaN;
  let p: Float64Array = new Float64Array(0);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(c.time[i] / cycleMs);
    if (k !== cycle) {
      cycle = k;
      const start = k * cycleMs;
      while (added < n && c.time[added] < start) sample(added++, 1);
      while (dropped < added && c.time[dropped] < start - PROFILE_CYCLES * cycleMs) sample(dropped++, -1);
      p = profileFromSlotSums(sum, count, barMs);
      byCycle.set(k, p);
    }
    prefix[i + 1] = prefix[i] + p[slotOf(c.time[i], barMs)];
  }
  return { at: (t) => byCycle.get(Math.floor(c.time[t] / cycleMs))!, prefix };
}

/** Per-cycle profiles a loaded model keeps between forecasts, each with the identity of the bars it was fitted on. */
export type ProfileCache = Map<number, { readonly key: string; readonly profile: Float64Array }>;

/** First index of a sorted array whose value is >= x. */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The profile of cycle k of `c` fitted directly on its window (the same numbers as the sliding pass gives). */
function cycleProfile(c: { readonly time: ArrayLike<number>; readonly high: ArrayLike<number>; readonly low: ArrayLike<number> }, k: number, lo: number, hi: number, barMs: number): Float64Array {
  const slots = slotCount(barMs);
  const ref = referenceWindow(barMs);
  const sum = new Float64Array(slots);
  const count = new Float64Array(slots);
  const first = Math.max(0, lo - ref);
  const pRange = new Float64Array(hi - first + 1);
  const range = new Float64Array(hi - first);
  for (let i = first; i < hi; i++) {
    range[i - first] = logRange(c.high[i], c.low[i]);
    pRange[i - first + 1] = pRange[i - first] + range[i - first];
  }
  for (let i = Math.max(lo, FIRST_SAMPLED_BAR); i < hi; i++) {
    const from = Math.max(0, i - ref);
    const level = (pRange[i - first] - pRange[from - first]) / (i - from);
    const r = range[i - first];
    if (!(level > 0) || !(r > 0)) continue;
    const s = slotOf(c.time[i], barMs);
    sum[s] += sampleOf(r, level);
    count[s] += 1;
  }
  return profileFromSlotSums(sum, count, barMs);
}

/**
 * The clock profiles a forecast from the last bars of `c` needs, indexed over the bars from `from` on (the forecast's
 * short context: `prefix` and `at` take indices relative to `from`). Each cycle those bars fall in gets its profile
 * fitted on its window of `c`, or taken from `cache`: when `c` reaches back to the window's start the cached fit is
 * used only if the window holds the same bars (first and last time, count); when `c` does not reach back that far
 * (a caller that read only the short context because profilesCached said so) the cached fit is used as it is, since
 * closed bars do not change. So a model refits once per day or week, not once per forecast. The numbers equal the
 * sliding pass's over the same series whenever `c` reaches profileHistoryBars back.
 */
export function recentClockProfiles(c: { readonly length: number; readonly time: ArrayLike<number>; readonly high: ArrayLike<number>; readonly low: ArrayLike<number> }, from: number, barMs: number, cache?: ProfileCache): ClockProfiles {
  const cycleMs = profileCycleMs(barMs);
  const byCycle = new Map<number, Float64Array>();
  const profileOf = (k: number) => {
    let p = byCycle.get(k);
    if (p) return p;
    const lo = lowerBound(c.time, (k - PROFILE_CYCLES) * cycleMs);
    const hi = lowerBound(c.time, k * cycleMs);
    const key = hi > lo ? `${c.time[lo]}:${c.time[hi - 1]}:${hi - lo}` : 'empty';
    const hit = cache?.get(k);
    const reaches = c.length > 0 && c.time[0] <= (k - PROFILE_CYCLES) * cycleMs;
    p = hit && (hit.key === key || !reaches) ? hit.profile : cycleProfile(c, k, lo, hi, barMs);
    if (hit && !reaches) {
      byCycle.set(k, p);
      return p;
    }
    cache?.set(k, { key, profile: p });
    byCycle.set(k, p);
    return p;
  };
  const n = c.length - from;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = c.time[from + i];
    prefix[i + 1] = prefix[i] + profileOf(Math.floor(t / cycleMs))[slotOf(t, barMs)];
  }
  if (cache) for (const k of [...cache.keys()]) if (!byCycle.has(k)) cache.delete(k);
  return { at: (t) => profileOf(Math.floor(c.time[from + t] / cycleMs)), prefix };
}

/**
 * Whether `cache` holds the profile of every cycle a forecast from the bar at `lastTime` reads (the cycles of its
 * short context of `contextBars` bars): then the forecast needs no more history than its features do.
 */
export function profilesCached(cache: ProfileCache, lastTime: number, contextBars: number, barMs: number): boolean {
  const cycleMs = profileCycleMs(barMs);
  for (let k = Math.floor((lastTime - contextBars * barMs) / cycleMs); k <= Math.floor(lastTime / cycleMs); k++) {
    if (!cache.has(k)) return false;
  }
  return true;
}
