// The real exchange files of ../shared/data through the importer, the store, resampling and the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CsvError, formatIsoTime, importCandleCsv, openCandleStore, resampleCandles, type CandleStore,
} from '../../core/data';
import { REAL_FILES } from '../support/sharedData';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const HOUR = 3_600_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'candlecast-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zeroVolumeBars(store: CandleStore, key: { exchange: string; symbol: string; timeframe: '1m' | '5m' | '1h' }): number {
  return store.read(key).volume.filter((v) => v === 0).length;
}

describe('the real files of ../shared/data', () => {
  it('import with the row counts and gaps their README states', () => {
    const store = openCandleStore(join(dir, 'real.db'));
    const btc1m = importCandleCsv(store, REAL_FILES.btc1m, { symbol: 'BTC/USDT' });
    expect(btc1m).toMatchObject({ timeframe: '1m', rowsRead: 30_240, rowsStored: 30_240, duplicatesDropped: 0, inserted: 30_240 });
    expect(btc1m.gaps).toEqual({ count: 0, missingBars: 0, largest: null });
    expect(formatIsoTime(btc1m.first)).toBe('2023-03-01T00:00:00Z');
    expect(formatIsoTime(btc1m.last)).toBe('2023-03-21T23:59:00Z');

    const eth5m = importCandleCsv(store, REAL_FILES.eth5m, { symbol: 'ETH/USDT' });
    expect(eth5m).toMatchObject({ timeframe: '5m', rowsRead: 38_059, rowsStored: 38_059 });
    expect(eth5m.gaps.count).toBe(4);
    expect(eth5m.gaps.missingBars).toBe(119);
    expect(eth5m.gaps.largest?.bars).toBe(56);
    expect(formatIsoTime(eth5m.gaps.largest!.from).slice(0, 10)).toBe('2021-04-25');
    expect(formatIsoTime(eth5m.last)).toBe('2021-05-13T13:25:00Z');

    const btc1h = importCandleCsv(store, REAL_FILES.btc1h, { symbol: 'BTC/USDT' });
    expect(btc1h).toMatchObject({ timeframe: '1h', rowsRead: 64_532, rowsStored: 64_532 });
    expect(btc1h.gaps.count).toBe(28);
    expect(btc1h.gaps.missingBars).toBe(128);
    expect(btc1h.gaps.largest?.bars).toBe(33);
    expect(formatIsoTime(btc1h.gaps.largest!.from).slice(0, 10)).toBe('2018-02-08');
    expect(formatIsoTime(btc1h.first)).toBe('2017-08-17T04:00:00Z');

    expect(store.series().map((s) => [s.symbol, s.timeframe, s.rows, s.gaps, s.missingBars])).toEqual([
      ['BTC/USDT', '1h', 64_532, 28, 128], ['BTC/USDT', '1m', 30_240, 0, 0], ['ETH/USDT', '5m', 38_059, 4, 119],
    ]);
    expect(zeroVolumeBars(store, { exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m' })).toBe(18);
    expect(zeroVolumeBars(store, { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1h' })).toBe(4);

    // Importing the same file again replaces every bar and changes nothing.
    const again = importCandleCsv(store, REAL_FILES.eth5m, { symbol: 'ETH/USDT' });
    expect(again).toMatchObject({ inserted: 0, updated: 38_059 });
    expect(store.info({ exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m' })).toMatchObject({ rows: 38_059, gaps: 4 });
    store.close();
  });

  it('resample 1m to 1h on the BTC file exactly as a direct per-hour computation', () => {
    const store = openCandleStore(join(dir, 'resample.db'));
    importCandleCsv(store, REAL_FILES.btc1m, { symbol: 'BTC/USDT' });
    const minutes = store.read({ exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' });
    store.close();
    const hours = resampleCandles(minutes, '1m', '1h');

    const lines = readFileSync(REAL_FILES.btc1m, 'utf8').trim().split('\n').slice(1);
    const direct = new Map<number, number[][]>();
    for (const line of lines) {
      const [ts, ...v] = line.split(',');
      const t = Date.parse(ts);
      const h = t - (t % HOUR);
      direct.set(h, [...(direct.get(h) ?? []), v.map(Number)]);
    }
    expect(hours.length).toBe(504);
    expect(direct.size).toBe(504);
    let i = 0;
    for (const [h, rows] of direct) {
      expect(rows.length).toBe(60);
      expect(hours.time[i]).toBe(h);
      expect(hours.open[i]).toBe(rows[0][0]);
      expect(hours.high[i]).toBe(Math.max(...rows.map((r) => r[1])));
      expect(hours.low[i]).toBe(Math.min(...rows.map((r) => r[2])));
      expect(hours.close[i]).toBe(rows[59][3]);
      expect(hours.volume[i]).toBeCloseTo(rows.reduce((s, r) => s + r[4], 0), 9);
      i++;
    }
  });
});

describe('a malformed file changes nothing in the store', () => {
  const header = 'timestamp,open,high,low,close,volume';
  const rows = readFileSync(REAL_FILES.btc1m, 'utf8').trim().split('\n').slice(1, 40);
  const bad: [string, string, RegExp][] = [
    ['non-numeric', '2023-03-01T00:39:00Z,23100,23110,n/a,23105,1.5', /low is not a number: "n\/a"/],
    ['high below open/close', '2023-03-01T00:39:00Z,23100,23101,23090,23105,1.5', /high 23101 is below max\(open, close\) 23105/],
    ['low above open/close', '2023-03-01T00:39:00Z,23100,23110,23101,23105,1.5', /low 23101 is above min\(open, close\) 23100/],
    ['negative volume', '2023-03-01T00:39:00Z,23100,23110,23090,23105,-0.5', /volume is negative: -0.5/],
    ['negative price', '2023-03-01T00:39:00Z,-23100,23110,-23190,23105,1', /open must be a positive price, got -23100/],
    ['conflicting duplicate', rows[2].replace(/^2023-03-01/, '2023-04-01').replace(/,([\d.]+)$/, ',999'), /repeats line 4 with different values/],
  ];

  it.each(bad)('%s: the error names file and line, the store is as it was', (name, line, message) => {
    const store = openCandleStore(join(dir, `bad-${name.replace(/\W+/g, '-')}.db`));
    const key = { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' as const };
    importCandleCsv(store, REAL_FILES.btc1m, { symbol: 'BTC/USDT' });
    const before = store.read(key);
    const listBefore = store.series();

    const file = join(dir, `bad-${name.replace(/\W+/g, '-')}.csv`);
    // The bad row goes to line 30 of the file, after 28 good rows that would be new bars at other times.
    const shifted = rows.slice(0, 28).map((r) => r.replace(/^2023-03-01/, '2023-04-01'));
    writeFileSync(file, [header, ...shifted, line, ...rows.slice(28)].join('\n'));
    let error: unknown;
    try {
      importCandleCsv(store, file, { symbol: 'BTC/USDT' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CsvError);
    const e = error as CsvError;
    expect(e.message.startsWith(`${file}:30: `)).toBe(true);
    expect(e.message).toMatch(message);
    expect(store.series()).toEqual(listBefore);
    expect(store.read(key)).toEqual(before);
    store.close();
  });
});

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'core/cli/main.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, CANDLECAST_CLI: '1' }, encoding: 'utf8', timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('candlecast data (CLI)', () => {
  it('imports, lists, exports, refuses a bad file with exit 2 and leaves the store as it was', () => {
    const home = join(dir, 'home');
    const imported = cli(['data', 'import', REAL_FILES.eth5m, '--symbol', 'ETH_USDT', '--home', home, '--json']);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m', rows_read: 38_059, rows_stored: 38_059, duplicates_dropped: 0,
      gaps: { count: 4, missing_bars: 119, largest: { from: '2021-04-25T04:05:00Z', to: '2021-04-25T08:40:00Z', bars: 56 } },
      first: '2021-01-01T00:00:00Z', last: '2021-05-13T13:25:00Z',
    });

    const list = () => cli(['data', 'list', '--home', home, '--json']);
    const listed = list();
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([{
      exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m', rows: 38_059,
      first: '2021-01-01T00:00:00Z', last: '2021-05-13T13:25:00Z', gaps: 4, missing_bars: 119,
    }]);

    const badFile = join(dir, 'cli-bad.csv');
    writeFileSync(badFile, 'timestamp,open,high,low,close,volume\n2021-06-01T00:00:00Z,1,2,0.5,1.5,3\n2021-06-01T00:05:00Z,1,0.9,0.5,1.5,3\n');
    const bad = cli(['data', 'import', badFile, '--symbol', 'ETH/USDT', '--home', home]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(`error: ${badFile}:3: high 0.9 is below max(open, close) 1.5`);
    expect(bad.stdout).toBe('');
    expect(list().stdout).toBe(listed.stdout);

    const out = join(dir, 'export.csv');
    const exported = cli(['data', 'export', '--exchange', 'csv', '--symbol', 'ETH/USDT', '--timeframe', '5m',
      '--from', '2021-04-25T00:00:00Z', '--to', '2021-04-26', out, '--home', home, '--json']);
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ rows: 289 - 56, first: '2021-04-25T00:00:00Z', last: '2021-04-26T00:00:00Z' });
    const original = readFileSync(REAL_FILES.eth5m, 'utf8').split('\n');
    const start = original.findIndex((l) => l.startsWith('2021-04-25T00:00:00Z'));
    expect(readFileSync(out, 'utf8').split('\n').slice(1, 11)).toEqual(original.slice(start, start + 10));

    const roundTrip = cli(['data', 'import', out, '--symbol', 'ETH/USDT', '--exchange', 'copy', '--timeframe', '5m', '--home', home, '--json']);
    expect(JSON.parse(roundTrip.stdout)).toMatchObject({ exchange: 'copy', rows_stored: 233, gaps: { count: 1, missing_bars: 56 } });
    const store = openCandleStore(join(home, 'candlecast.db'));
    const range = { from: Date.UTC(2021, 3, 25), to: Date.UTC(2021, 3, 26) };
    expect(store.read({ exchange: 'copy', symbol: 'ETH/USDT', timeframe: '5m' }))
      .toEqual(store.read({ exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m' }, range));
    store.close();

    const usage = cli(['data', 'export', '--symbol', 'ETH/USDT', '--timeframe', '7m', out, '--home', home]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^error: unknown timeframe "7m"/);
    const missing = cli(['data', 'import', join(dir, 'nope.csv'), '--symbol', 'ETH/USDT', '--home', home]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`error: ${join(dir, 'nope.csv')}: cannot read: no such file`);
  });

  it('fetches from the demo market offline with a JSON summary', () => {
    const home = join(dir, 'home-demo');
    const r = cli(['data', 'fetch', '--symbol', 'SOL/USDT', '--timeframe', '1h', '--bars', '300', '--home', home, '--json']);
    expect(r.status).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ exchange: 'demo', symbol: 'SOL/USDT', timeframe: '1h', source: 'demo', stale: false, added: 300, rows: 300 });
    expect(body.gaps).toEqual({ count: 0, missing_bars: 0, largest: null });
    expect(r.stderr).toMatch(/300\/300 bars/);
  });
});
