// Live scoring: only bars that closed after the forecast was made count; bands, range error; a model's record with
// block-bootstrap intervals and the stale rule.
import { describe, expect, it } from 'vitest';
import { toColumns } from '../../core/data/candles';
import { createManualClock } from '../../core/live/clock';
import { liveScore } from '../../core/live/liveScore';
import { blockBootstrap, modelLiveScore, staleReasons } from '../../core/live/modelScore';
import { backoffDelay, nextPollTime } from '../../core/live/poller';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0);
const key = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' as const };

function forecast(n: number, opts: { close?: (i: number) => number } = {}) {
  return {
    current_price: 100,
    predictions: Array.from({ length: n }, (_, i) => {
      const c = opts.close?.(i) ?? 101;
      return {
        step: i + 1, timestamp: new Date(T0 + (i + 1) * MIN).toISOString(), predicted_high: c + 1, predicted_low: c - 1, predicted_close: c,
        close_lower_80: c - 0.5, close_upper_80: c + 0.5, close_lower_50: c - 0.2, close_upper_50: c + 0.2,
      };
    }),
  };
}

const bars = (closes: number[]) => toColumns(closes.map((c, i) => ({ time: T0 + (i + 1) * MIN, open: c, high: c + 2, low: c - 1, close: c, volume: 1 })));

describe('live score of one forecast', () => {
  it('counts only steps whose bar closed after the forecast was made', () => {
    const f = forecast(5);
    const actual = bars([101.1, 101.3, 99, 102, 101]);
    // Made when bar 2 (open T0+2m) had just closed: bars 1 and 2 were known and never count.
    const s = liveScore(f, actual, T0 + 3 * MIN, MIN, T0 + 5 * MIN);
    expect(s).toMatchObject({ steps_total: 5, steps_before_made: 2, steps_scored: 3, complete: true });
    expect(s.steps.map((x) => x.time)).toEqual([T0 + 3 * MIN, T0 + 4 * MIN, T0 + 5 * MIN]);
    // Closes 99, 102, 101 against 101 (forecast) and 100 (naive).
    expect(s.close_rmse).toBeCloseTo(Math.sqrt((4 + 1 + 0) / 3), 12);
    expect(s.close_rmse_naive).toBeCloseTo(Math.sqrt((1 + 4 + 1) / 3), 12);
    expect(s.skill).toBeCloseTo(1 - Math.sqrt(5 / 6), 12);
    expect(s.bands).toEqual([
      { level: 50, inside: 1, scored: 3, coverage: 1 / 3 },
      { level: 80, inside: 1, scored: 3, coverage: 1 / 3 },
    ]);
    // Real range 3 on every bar, predicted 2.
    expect(s.range_mae).toBe(1);
    expect(s.mean_range).toBe(3);
  });

  it('is not complete while steps are still to come, and skips steps missing from the source', () => {
    const actual = bars([101, 101]);
    const s = liveScore(forecast(4), toColumns([{ time: T0 + 2 * MIN, open: 1, high: 1, low: 1, close: 101, volume: 0 }]), T0, MIN, T0 + 2 * MIN);
    expect(s).toMatchObject({ steps_scored: 1, complete: false });
    expect(liveScore(forecast(4), actual, T0 + 10 * MIN, MIN, T0 + 2 * MIN)).toMatchObject({ steps_scored: 0, steps_before_made: 4, skill: null });
  });
});

describe('a model\'s live record', () => {
  const origin = (k: number, err: number, naiveErr: number, inside: boolean) => ({
    madeAt: T0 + k * MIN,
    steps: [{ step: 1, time: T0 + (k + 1) * MIN, close: 100, predicted_close: 100 + err, naive: 100 + naiveErr, inside: { 80: inside }, range: 1, predicted_range: 1 }],
  });

  it('claims an edge only when the interval excludes zero', () => {
    const good = Array.from({ length: 40 }, (_, k) => origin(k, 0.2 + (k % 3) * 0.1, 1 + (k % 4) * 0.2, true));
    const g = modelLiveScore(good);
    expect(g.skill_ci![0]).toBeGreaterThan(0);
    expect(g.verdict).toMatch(/^beats the naive forecast/);
    // Errors of the model and of the naive forecast from the same spread: no edge either way is shown.
    let seed = 7;
    const u = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const mixed = Array.from({ length: 40 }, (_, k) => origin(k, 0.5 + u(), 0.5 + u(), k % 2 === 0));
    const m = modelLiveScore(mixed);
    expect(m.skill_ci![0]).toBeLessThan(0);
    expect(m.skill_ci![1]).toBeGreaterThan(0);
    expect(m.verdict).toMatch(/^no edge/);
    expect(m.coverage_80).toBe(0.5);
    expect(modelLiveScore(good.slice(0, 3)).skill_ci).toBeNull();
    expect(blockBootstrap([], 1)).toEqual({ skill: null, coverage: null });
  });

  it('flags a model whose last 100 closes fell outside its 80% band too often, or whose data is far behind', () => {
    const poor = Array.from({ length: 120 }, (_, k) => origin(k, 0.5, 1, k % 2 === 0));
    const s = modelLiveScore(poor);
    expect(s).toMatchObject({ recent_steps: 100, recent_coverage_80: 0.5 });
    expect(staleReasons(s, 0, 86_400_000)).toEqual(['only 50% of its last 100 real closes fell inside its 80% band (below 65%)']);
    expect(staleReasons(modelLiveScore(poor.slice(0, 99)), 0, 86_400_000)).toEqual([]);
    expect(staleReasons(modelLiveScore([]), 49 * 3_600_000, 86_400_000)).toEqual(['its data ends 49 h before the newest bar of its market']);
  });
});

describe('poll timing and the manual clock', () => {
  it('polls at the next close or the forming refresh, whichever is first, and doubles the back-off up to its cap', () => {
    expect(nextPollTime(T0 + 20_000, MIN, key, { closeGraceMs: 1000 }, 0)).toBe(T0 + 25_000);
    expect(nextPollTime(T0 + 58_000, MIN, key, { closeGraceMs: 1000 }, 0)).toBe(T0 + 61_000);
    expect(nextPollTime(T0 + 58_000, MIN, key, {}, 10_000)).toBe(T0 + 68_000);
    expect([1, 2, 3, 10].map((f) => backoffDelay(f, { backoffMs: 1000, maxBackoffMs: 30_000 }, 0))).toEqual([1000, 2000, 4000, 30_000]);
    expect(backoffDelay(1, { backoffMs: 100 }, 500)).toBe(500);
  });

  it('fires timers in time order as it advances, never going back', () => {
    const clock = createManualClock(1000);
    const seen: number[] = [];
    clock.at(3000, () => seen.push(clock.now()));
    clock.at(2000, () => {
      seen.push(clock.now());
      clock.at(2500, () => seen.push(clock.now()));
    });
    const cancel = clock.at(2200, () => seen.push(-1));
    cancel();
    clock.advance(5000);
    expect(seen).toEqual([2000, 2500, 3000]);
    expect(clock.now()).toBe(6000);
    expect(() => clock.set(10)).toThrow(/cannot go back/);
  });
});
