import { describe, expect, it } from 'vitest';
import { sliceColumns, type CandleColumns } from '../../core/data/candles';
import { ruleRanges } from '../../core/predictors/rangeRule';
import { PROFILE_CYCLES, profileFromSlotSums, profileHistoryBars, recentClockProfiles } from '../../core/predictors/clockProfiles';
import { TIMEFRAMES, timeframeMs } from '../../core/data/candles';
import { coarseOf, slotCount } from '../../core/predictors/clock';
import { slotOf, volSeries } from '../../core/predictors/volContext';
import { seededRandom } from '../support/seededRandom';
import { gaussian } from '../support/syntheticMarkets';

const DAY = 86_400_000;
const M5 = 300_000;
const H1 = 3_600_000;

/** Bars of `barMs` from 2024-01-01 whose size is `vol(time)`: a random walk with half-normal wicks. */
function bars(n: number, barMs: number, vol: (time: number) => number, seed = 3): CandleColumns {
  const rand = seededRandom(seed);
  const f = () => new Float64Array(n);
  const c = { length: n, time: f(), open: f(), high: f(), low: f(), close: f(), volume: f() };
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const t = Date.UTC(2024, 0, 1) + i * barMs;
    const s = vol(t);
    const cl = prev * Math.exp(s * gaussian(rand));
    c.time[i] = t;
    c.open[i] = prev;
    c.close[i] = cl;
    c.high[i] = Math.max(prev, cl) * Math.exp(Math.abs(gaussian(rand)) * s);
    c.low[i] = Math.min(prev, cl) * Math.exp(-Math.abs(gaussian(rand)) * s);
    c.volume[i] = 10;
    prev = cl;
  }
  return c;
}

const hourOf = (t: number) => Math.floor((t % DAY) / H1);
/** Index of the first 5m bar of day d. */
const dayStart = (d: number) => (d * DAY) / M5;

describe('rolling clock profiles', () => {
  it('every timeframe\'s profile finds its busiest quarter hour (or hour of week, or day), first or last', () => {
    for (const tf of TIMEFRAMES) {
      const barMs = timeframeMs(tf);
      const slots = slotCount(barMs);
      for (const busy of [0, slots - 1]) {
        // Every slot of the busy slot's coarse part (its quarter hour below 1h bars, else the slot) is 3x as busy.
        const isBusy = (s: number) => coarseOf(s, barMs) === coarseOf(busy, barMs);
        const sum = new Float64Array(slots).map((_, s) => (isBusy(s) ? 1000 * Math.log(3) : 0));
        const count = new Float64Array(slots).fill(1000);
        const p = profileFromSlotSums(sum, count, barMs);
        expect(p[busy], `${tf} slot ${busy}`).toBeGreaterThan(2.5);
        if (slots > 1) expect(Math.max(...p.filter((_, s) => !isBusy(s))), `${tf} others`).toBeLessThan(1.05);
      }
    }
  });

  it('follow a busy hour that moves: each day uses the 52 days before it', () => {
    // Days 0..59: 14:00 UTC is three times as busy as other hours; from day 60 on it is 20:00.
    const switchAt = Date.UTC(2024, 0, 1) + 60 * DAY;
    const c = bars(dayStart(130), M5, (t) => 0.001 * (hourOf(t) === (t < switchAt ? 14 : 20) ? 3 : 1));
    const p = volSeries(c, M5).profiles;
    const at = (day: number, hour: number) => p.at(dayStart(day) + 10)[slotOf(Date.UTC(2024, 0, 1) + hour * H1, M5)];
    // Day 59 has seen only the old pattern; day 125's 52 days (73..124) only the new one.
    expect(at(59, 14) / at(59, 20)).toBeGreaterThan(2);
    expect(at(125, 20) / at(125, 14)).toBeGreaterThan(2);
    // The first day has no history: every slot is 1.
    expect([...p.at(5)].every((x) => x === 1)).toBe(true);
  });

  it('a day\'s profile reads only the 52 days before it (and their reference window)', () => {
    const c = bars(dayStart(110), M5, (t) => 0.001 * (1 + 0.5 * Math.sin((2 * Math.PI * (t % DAY)) / DAY)));
    const base = volSeries(c, M5).profiles.at(dayStart(100) + 5);
    const scaled = (from: number, to: number) => {
      const d = { ...c, high: c.high.slice(), low: c.low.slice() };
      for (let i = from; i < to; i++) {
        d.high[i] *= 1.01;
        d.low[i] /= 1.01;
      }
      return volSeries(d, M5).profiles.at(dayStart(100) + 5);
    };
    // Day 100 itself and later, and bars before day 100 - 52 - 1 (the first window day's reference window): no change.
    const same = (p: Float64Array) => p.forEach((x, s) => expect(x).toBeCloseTo(base[s], 12));
    same(scaled(dayStart(100), c.length));
    same(scaled(0, dayStart(100 - PROFILE_CYCLES - 1)));
    // A bar inside the window changes it.
    expect(scaled(dayStart(70), dayStart(70) + 3)).not.toEqual(base);
  });

  it('a forecast\'s profiles, from the last profileHistoryBars bars, are those the whole series gets', () => {
    for (const barMs of [M5, H1]) {
      const n = barMs === H1 ? 12_000 : dayStart(80);
      const c = bars(n, barMs, (t) => 0.002 * (hourOf(t) >= 13 && hourOf(t) < 21 ? 2 : 1) * (new Date(t).getUTCDay() % 6 === 0 ? 0.5 : 1));
      const full = volSeries(c, barMs);
      const history = sliceColumns(c, n - profileHistoryBars(barMs));
      expect(history.length).toBeLessThan(n);
      // The forecast's short context: the last day or so of bars.
      const from = history.length - 300;
      const cache = new Map();
      const recent = recentClockProfiles(history, from, barMs, cache);
      const short = volSeries(sliceColumns(history, from), barMs, recent);
      const a = full.profiles.at(n - 1);
      const b = short.profiles.at(299);
      a.forEach((x, s) => expect(b[s]).toBeCloseTo(x, 10));
      const rule = { knots: [1, 2], weights: [[0.2, 0.2, 0.2, 0.2, 0.1, 0.1], [0, 0, 0.5, 0.2, 0.2, 0.1]] };
      const ra = ruleRanges(c, full, rule, barMs, n - 1, 30);
      const rb = ruleRanges(sliceColumns(history, from), short, rule, barMs, 299, 30);
      ra.forEach((x, k) => expect(rb[k]).toBeCloseTo(x, 12));
      // The next forecast reuses the cached fit, also from the short context alone (closed bars do not change)...
      expect(recentClockProfiles(history, from, barMs, cache).at(299)).toBe(b);
      const context = sliceColumns(history, from);
      expect(recentClockProfiles(context, 0, barMs, cache).at(299)).toBe(b);
      // ...which without the cache fits on the last day only; a history that reaches the window but holds other
      // bars there (one bar fewer) refits.
      expect(recentClockProfiles(context, 0, barMs).at(299)).not.toEqual(b);
      const gap = history.length - 2000;
      const cut = (col: Float64Array) => {
        const out = new Float64Array(col.length - 1);
        out.set(col.subarray(0, gap));
        out.set(col.subarray(gap + 1), gap);
        return out;
      };
      const holed: CandleColumns = {
        length: history.length - 1, time: cut(history.time), open: cut(history.open), high: cut(history.high),
        low: cut(history.low), close: cut(history.close), volume: cut(history.volume),
      };
      const refit = recentClockProfiles(holed, from - 1, barMs, cache).at(299);
      expect(refit).not.toBe(b);
      refit.forEach((x, s) => expect(x).toBeCloseTo(b[s], 1));
      // And the hour-of-week pattern was learnt: a weekday afternoon over a Sunday night.
      const slotAt = (iso: string) => slotOf(Date.parse(iso), barMs);
      expect(a[slotAt('2024-03-06T15:00:00Z')] / a[slotAt('2024-03-03T03:00:00Z')]).toBeGreaterThan(barMs === H1 ? 2.5 : 1.5);
    }
  });
});
