import { describe, expect, it } from 'vitest';
import { allocColumns, barOpenTime, canResample, resampleCandles, type CandleColumns } from '../../core/data';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday

function minuteBars(minutes: readonly number[]): CandleColumns {
  const c = allocColumns(minutes.length);
  minutes.forEach((m, i) => {
    c.time[i] = T0 + m * MIN;
    c.open[i] = 100 + m;
    c.high[i] = 110 + m + (m % 3 === 0 ? 5 : 0);
    c.low[i] = 90 + m - (m % 4 === 0 ? 5 : 0);
    c.close[i] = 101 + m;
    c.volume[i] = 1 + m;
  });
  return c;
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('resampling', () => {
  it('aggregates open/high/low/close/volume per bucket', () => {
    const r = resampleCandles(minuteBars(range(0, 15)), '1m', '5m');
    expect(r.length).toBe(3);
    expect(Array.from(r.time)).toEqual([T0, T0 + 5 * MIN, T0 + 10 * MIN]);
    expect(Array.from(r.open)).toEqual([100, 105, 110]);
    expect(Array.from(r.close)).toEqual([105, 110, 115]);
    expect(Array.from(r.high)).toEqual([118, 124, 127]);
    expect(Array.from(r.low)).toEqual([85, 93, 97]);
    expect(Array.from(r.volume)).toEqual([15, 40, 65]);
  });

  it('drops the partial buckets at both edges and keeps inner buckets with exchange gaps', () => {
    const r = resampleCandles(minuteBars([...range(3, 12), 13, 14, ...range(15, 22)]), '1m', '5m');
    expect(Array.from(r.time)).toEqual([T0 + 5 * MIN, T0 + 10 * MIN, T0 + 15 * MIN]);
    expect(r.open[1]).toBe(110);
    expect(r.close[1]).toBe(115);
    expect(r.volume[1]).toBe(11 + 12 + 14 + 15);
    expect(resampleCandles(minuteBars(range(1, 5)), '1m', '5m').length).toBe(0);
    expect(resampleCandles(allocColumns(0), '1m', '1h').length).toBe(0);
  });

  it('opens weekly buckets on Mondays', () => {
    const days = allocColumns(21);
    for (let i = 0; i < 21; i++) {
      days.time[i] = T0 - 3 * 86_400_000 + i * 86_400_000; // from Friday 2023-12-29
      days.open[i] = i + 1; days.high[i] = i + 2; days.low[i] = i; days.close[i] = i + 1.5; days.volume[i] = 1;
    }
    const w = resampleCandles(days, '1d', '1w');
    expect(Array.from(w.time)).toEqual([T0, T0 + 7 * 86_400_000]);
    expect(new Date(w.time[0]).getUTCDay()).toBe(1);
    expect(w.open[0]).toBe(4);
    expect(w.volume[1]).toBe(7);
    expect(barOpenTime(T0 + 3 * 86_400_000, '1w')).toBe(T0);
  });

  it('refuses finer or non-multiple targets', () => {
    expect(canResample('1m', '1h')).toBe(true);
    expect(canResample('3m', '5m')).toBe(false);
    expect(canResample('1h', '1m')).toBe(false);
    expect(() => resampleCandles(minuteBars([0]), '1h', '1h')).toThrow(/coarser multiple/);
  });
});
