import { describe, expect, it } from 'vitest';
import {
  demoCandles, ensureCandles, lastClosedBarOpen, openCandleStore, timeframeMs,
  type CandleColumns, type Timeframe,
} from '../../core/data';

const NOW = Date.UTC(2026, 5, 10, 13, 37, 12);
const HOUR = 3_600_000;

function lastBars(symbol: string, tf: Timeframe, n: number, seed = 0, now = NOW): CandleColumns {
  const to = lastClosedBarOpen(now, tf);
  return demoCandles(symbol, tf, to - (n - 1) * timeframeMs(tf), to, seed);
}

function logReturns(c: CandleColumns): number[] {
  const r: number[] = [];
  for (let i = 1; i < c.length; i++) r.push(Math.log(c.close[i] / c.close[i - 1]));
  return r;
}

function kurtosis(x: readonly number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
  return x.reduce((a, b) => a + (b - m) ** 4, 0) / x.length / (v * v);
}

function autocorrelation(x: readonly number[], lag: number): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - m) ** 2;
    if (i >= lag) num += (x[i] - m) * (x[i - lag] - m);
  }
  return num / den;
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('demo market', () => {
  it('is deterministic: same (symbol, timeframe, seed) same candles; another seed or symbol, other candles', () => {
    const a = lastBars('BTC/USDT', '1m', 3000);
    const b = lastBars('BTC_USDT', '1m', 3000);
    expect(b).toEqual(a);
    const other = lastBars('BTC/USDT', '1m', 3000, 1);
    expect(other.close).not.toEqual(a.close);
    expect(Array.from(other.time)).toEqual(Array.from(a.time));
    expect(lastBars('ETH/USDT', '1m', 3000).close).not.toEqual(a.close);
  });

  it('gives every bar the same values whatever range is asked, across chunk boundaries, so updates append consistently', () => {
    const tf: Timeframe = '1h';
    const to = lastClosedBarOpen(NOW, tf);
    const long = demoCandles('ETH/USDT', tf, to - 9999 * HOUR, to);
    const pieces = [[-9999, -7000], [-6999, -2049], [-2048, -1], [0, 0]].map(([a, b]) => demoCandles('ETH/USDT', tf, to + a * HOUR, to + b * HOUR));
    const joined = pieces.flatMap((p) => Array.from(p.close));
    expect(joined).toEqual(Array.from(long.close));
    expect(pieces.flatMap((p) => Array.from(p.high))).toEqual(Array.from(long.high));
    expect(pieces.flatMap((p) => Array.from(p.volume))).toEqual(Array.from(long.volume));
  });

  it('produces valid, contiguous candles ending at the last closed bar', () => {
    for (const [symbol, tf] of [['BTC/USDT', '1m'], ['SOL/USDT', '4h'], ['ETH/USDT', '1w']] as const) {
      const c = lastBars(symbol, tf, 2000);
      expect(c.length).toBe(2000);
      expect(c.time[c.length - 1]).toBe(lastClosedBarOpen(NOW, tf));
      for (let i = 0; i < c.length; i++) {
        if (i > 0) {
          expect(c.time[i] - c.time[i - 1]).toBe(timeframeMs(tf));
          expect(c.open[i]).toBe(c.close[i - 1]);
        }
        expect(c.high[i]).toBeGreaterThanOrEqual(Math.max(c.open[i], c.close[i]));
        expect(c.low[i]).toBeLessThanOrEqual(Math.min(c.open[i], c.close[i]));
        expect(c.low[i]).toBeGreaterThan(0);
        expect(c.volume[i]).toBeGreaterThanOrEqual(0);
      }
    }
    const weeks = lastBars('BTC/USDT', '1w', 10);
    expect(new Date(weeks.time[0]).getUTCDay()).toBe(1);
  });

  it('has fat tails and volatility clustering in 1-bar returns', () => {
    for (const tf of ['1m', '1h'] as const) {
      const r = logReturns(lastBars('BTC/USDT', tf, 20_000));
      expect(kurtosis(r)).toBeGreaterThan(3);
      expect(autocorrelation(r.map(Math.abs), 1)).toBeGreaterThan(0.1);
      expect(Math.abs(autocorrelation(r, 1))).toBeLessThan(0.05);
    }
  });

  it('has intraday seasonality: more volatility and volume at 14-16 UTC than at 02-04 UTC', () => {
    const c = lastBars('BTC/USDT', '5m', 30 * 288);
    const r = logReturns(c);
    const busy = { abs: [] as number[], vol: [] as number[] };
    const quiet = { abs: [] as number[], vol: [] as number[] };
    for (let i = 1; i < c.length; i++) {
      const hour = new Date(c.time[i]).getUTCHours();
      const bucket = hour >= 14 && hour < 16 ? busy : hour >= 2 && hour < 4 ? quiet : undefined;
      bucket?.abs.push(Math.abs(r[i - 1]));
      bucket?.vol.push(c.volume[i]);
    }
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    expect(mean(busy.abs)).toBeGreaterThan(1.3 * mean(quiet.abs));
    expect(mean(busy.vol)).toBeGreaterThan(1.3 * mean(quiet.vol));
  });

  it('scales wicks and volume with volatility', () => {
    const c = lastBars('ETH/USDT', '1h', 10_000);
    const r = logReturns(c).map(Math.abs);
    const window = 24;
    const realized: number[] = [];
    const wick: number[] = [];
    const volume: number[] = [];
    for (let i = window; i < r.length; i++) {
      realized.push(r.slice(i - window, i).reduce((a, b) => a + b, 0) / window);
      const k = i + 1;
      wick.push((c.high[k] - Math.max(c.open[k], c.close[k]) + Math.min(c.open[k], c.close[k]) - c.low[k]) / c.close[k]);
      volume.push(c.volume[k]);
    }
    expect(correlation(realized, wick)).toBeGreaterThan(0.2);
    expect(correlation(realized, volume)).toBeGreaterThan(0.2);
  });

  it('keeps prices at plausible levels over the years', () => {
    const levels = { 'BTC/USDT': [8_000, 500_000], 'ETH/USDT': [300, 30_000], 'SOL/USDT': [10, 1_500] } as const;
    for (const [symbol, [lo, hi]] of Object.entries(levels)) {
      const d = lastBars(symbol, '1d', 3650);
      expect(Math.min(...d.low)).toBeGreaterThan(lo);
      expect(Math.max(...d.high)).toBeLessThan(hi);
    }
  });

  it('refuses symbols it does not have', () => {
    expect(() => lastBars('DOGE/USDT', '1m', 10)).toThrow(/demo market has no DOGE\/USDT; it has BTC\/USDT, ETH\/USDT, SOL\/USDT/);
  });
});

describe('ensureCandles on the demo market', () => {
  it('generates what is missing, appends only new bars later, and returns identical history', async () => {
    const store = openCandleStore(':memory:');
    const first = await ensureCandles(store, { symbol: 'BTC/USDT', timeframe: '1m', bars: 500 }, { now: NOW });
    expect(first).toMatchObject({ source: 'demo', stale: false, added: 500, key: { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' } });
    expect(first.candles.time[499]).toBe(lastClosedBarOpen(NOW, '1m'));

    const later = NOW + 10 * 60_000;
    const second = await ensureCandles(store, { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m', bars: 500 }, { now: later });
    expect(second.added).toBe(10);
    expect(Array.from(second.candles.close.subarray(0, 490))).toEqual(Array.from(first.candles.close.subarray(10)));
    expect(second.candles).toEqual(lastBars('BTC/USDT', '1m', 500, 0, later));

    const days = await ensureCandles(store, { symbol: 'BTC/USDT', timeframe: '1m', days: 1 }, { now: later });
    expect(days.candles.length).toBe(1440);
    expect(days.added).toBe(1440 - 510);
    expect(store.info(days.key)).toMatchObject({ rows: 1440, gaps: 0 });
    store.close();
  });

  it('fills a hole left between two distant requests, and keeps seeds apart by exchange id', async () => {
    const store = openCandleStore(':memory:');
    await ensureCandles(store, { symbol: 'SOL/USDT', timeframe: '1h', bars: 10 }, { now: NOW });
    await ensureCandles(store, { symbol: 'SOL/USDT', timeframe: '1h', bars: 10 }, { now: NOW + 100 * HOUR });
    expect(store.info({ exchange: 'demo', symbol: 'SOL/USDT', timeframe: '1h' })?.gaps).toBe(1);
    const all = await ensureCandles(store, { symbol: 'SOL/USDT', timeframe: '1h', bars: 200 }, { now: NOW + 100 * HOUR });
    expect(all.candles.length).toBe(200);
    expect(store.info(all.key)).toMatchObject({ rows: 200, gaps: 0 });

    const seeded = await ensureCandles(store, { exchange: 'demo-7', symbol: 'SOL/USDT', timeframe: '1h', bars: 200 }, { now: NOW + 100 * HOUR });
    expect(seeded.candles.close).toEqual(demoCandles('SOL/USDT', '1h', all.candles.time[0], all.candles.time[199], 7).close);
    expect(seeded.candles.close).not.toEqual(all.candles.close);
    store.close();
  });

  it('reads store-only exchanges as stored and says clearly when there is nothing', async () => {
    const store = openCandleStore(':memory:');
    await expect(ensureCandles(store, { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m', bars: 10 }, { now: NOW }))
      .rejects.toThrow(/no stored candles for csv BTC\/USDT 1m/);
    store.write({ exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' }, lastBars('BTC/USDT', '1m', 20));
    const r = await ensureCandles(store, { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m', bars: 10 }, { now: NOW });
    expect(r).toMatchObject({ source: 'store', stale: false, added: 0 });
    expect(r.candles.length).toBe(10);
    await expect(ensureCandles(store, { symbol: 'BTC/USDT', timeframe: '1m' }, { now: NOW })).rejects.toThrow(/bars or days/);
    await expect(ensureCandles(store, { symbol: 'BTC/USDT', timeframe: '1m', bars: 0 }, { now: NOW })).rejects.toThrow(/bars must be/);
    store.close();
  });
});
