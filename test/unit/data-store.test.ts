import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { allocColumns, findGaps, openCandleStore, type CandleColumns, type CandleStore, type SeriesKey } from '../../core/data';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const KEY: SeriesKey = { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' };

/** Bars at the given minute offsets from T0, with values derived from the offset and a tag. */
function bars(minutes: readonly number[], tag = 0): CandleColumns {
  const c = allocColumns(minutes.length);
  minutes.forEach((m, i) => {
    c.time[i] = T0 + m * MIN;
    c.open[i] = 100 + m + tag;
    c.high[i] = 102 + m + tag;
    c.low[i] = 99 + m + tag;
    c.close[i] = 101 + m + tag;
    c.volume[i] = m + tag;
  });
  return c;
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

const stores: CandleStore[] = [];
const dirs: string[] = [];
function tempStore(): CandleStore {
  const dir = mkdtempSync(join(tmpdir(), 'candlecast-store-'));
  dirs.push(dir);
  const s = openCandleStore(join(dir, 'home', 'candlecast.db'));
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('candle store', () => {
  it('round-trips columns and reads ranges with both ends included', () => {
    const s = tempStore();
    expect(s.write(KEY, bars(range(0, 100)))).toEqual({ inserted: 100, updated: 0 });
    const all = s.read(KEY);
    expect(all.length).toBe(100);
    expect(all.time).toBeInstanceOf(Float64Array);
    expect(Array.from(all.close.subarray(0, 3))).toEqual([101, 102, 103]);
    const part = s.read(KEY, { from: T0 + 10 * MIN, to: T0 + 19 * MIN });
    expect(part.length).toBe(10);
    expect(part.time[0]).toBe(T0 + 10 * MIN);
    expect(part.time[9]).toBe(T0 + 19 * MIN);
    expect(s.read(KEY, { from: T0 + 500 * MIN }).length).toBe(0);
    expect(s.read({ ...KEY, timeframe: '5m' }).length).toBe(0);
    expect(s.read({ ...KEY, exchange: 'binance' }).length).toBe(0);
  });

  it('upserts: a bar with a stored time replaces it, and the counts say which were new', () => {
    const s = tempStore();
    s.write(KEY, bars(range(0, 10)));
    expect(s.write(KEY, bars(range(5, 15), 1000))).toEqual({ inserted: 5, updated: 5 });
    const c = s.read(KEY);
    expect(c.length).toBe(15);
    expect(c.open[4]).toBe(104);
    expect(c.open[5]).toBe(1105);
    expect(s.info(KEY)).toMatchObject({ rows: 15, first: T0, last: T0 + 14 * MIN, gaps: 0, missingBars: 0 });
  });

  it('keeps the series view (rows, first, last, gaps) equal to a recount after every kind of write', () => {
    const s = tempStore();
    const writes = [range(100, 200), range(300, 320), range(250, 260), range(40, 60), range(195, 305), [10, 12, 14], range(0, 400)];
    for (const w of writes) {
      s.write(KEY, bars(w));
      const stored = s.read(KEY);
      const g = findGaps(stored.time, MIN);
      expect(s.info(KEY)).toEqual({
        ...KEY, rows: stored.length, first: stored.time[0], last: stored.time[stored.length - 1],
        gaps: g.count, missingBars: g.missingBars,
      });
    }
    expect(s.info(KEY)).toMatchObject({ rows: 400, gaps: 0 });
  });

  it('lists every series sorted by exchange, symbol and timeframe', () => {
    const s = tempStore();
    s.write({ ...KEY, exchange: 'demo' }, bars([0, 1, 2]));
    s.write(KEY, bars([0, 1, 5]));
    s.write({ ...KEY, timeframe: '5m' }, bars([0, 5]));
    expect(s.series().map((x) => `${x.exchange} ${x.timeframe} ${x.rows} ${x.gaps} ${x.missingBars}`))
      .toEqual(['csv 1m 3 1 3', 'csv 5m 2 0 0', 'demo 1m 3 0 0']);
  });

  it('refuses unsorted, fractional or non-finite data and stores nothing of it', () => {
    const s = tempStore();
    s.write(KEY, bars([0, 1, 2]));
    const unsorted = bars([5, 4]);
    expect(() => s.write(KEY, unsorted)).toThrow(/not strictly increasing at bar 1/);
    const nan = bars([5, 6]);
    nan.close[1] = NaN;
    expect(() => s.write(KEY, nan)).toThrow(/bar 1 has a non-finite value/);
    const frac = bars([5]);
    frac.time[0] += 0.5;
    expect(() => s.write(KEY, frac)).toThrow(/not an integer ms/);
    expect(s.read(KEY).length).toBe(3);
    expect(s.info(KEY)?.rows).toBe(3);
  });

  it('writes atomically: a failure inside a transaction leaves the store as it was', () => {
    const s = tempStore();
    s.write(KEY, bars(range(0, 10)));
    expect(() => s.transaction(() => {
      s.write(KEY, bars(range(10, 20)));
      throw new Error('crash mid-import');
    })).toThrow('crash mid-import');
    expect(s.read(KEY).length).toBe(10);
    expect(s.info(KEY)?.rows).toBe(10);
  });

  it('persists in WAL mode and reopens with the same data', () => {
    const s = tempStore();
    s.write(KEY, bars(range(0, 50)));
    const path = s.path;
    s.close();
    stores.splice(stores.indexOf(s), 1);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const count = raw.prepare(`SELECT count(*) FROM candles JOIN series ON series.id = candles.series_id
      WHERE exchange = ? AND symbol = ? AND timeframe = ?`).pluck();
    expect(count.get('csv', 'BTC/USDT', '1m')).toBe(50);
    expect(raw.prepare('SELECT * FROM series_view').all()).toEqual([{
      exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m', rows: 50, first: T0, last: T0 + 49 * MIN, gaps: 0, missing_bars: 0,
    }]);
    raw.close();
    const again = openCandleStore(path);
    stores.push(again);
    expect(again.read(KEY).volume[49]).toBe(49);
    expect(again.info(KEY)?.rows).toBe(50);
  });

  it('refuses a database written by a newer schema', () => {
    const s = tempStore();
    const path = s.path;
    s.close();
    stores.splice(stores.indexOf(s), 1);
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openCandleStore(path)).toThrow(/newer Candlecast/);
  });
});
