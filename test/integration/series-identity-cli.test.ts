import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSharedData, REAL_FILES } from '../support/sharedData';

// The user's path through the CLI, asserting on which bars every command used: first and last bar, row count and
// the fingerprint of the training data, never only on the shape of the answer.
const home = mkdtempSync(join(tmpdir(), 'cc-series-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/candlecast', ...args, '--home', home], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function json(...args: string[]) {
  const r = cli(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const lines = hasSharedData() ? readFileSync(REAL_FILES.btc1m, 'utf8').trim().split('\n') : [];
const header = lines[0];
const rows = lines.slice(1);
const iso = (row: string) => new Date(`${row.split(',')[0].replace(/Z?$/, 'Z')}`).toISOString();
function csvFile(name: string, body: readonly string[]): string {
  const file = join(home, name);
  writeFileSync(file, [header, ...body].join('\n') + '\n');
  return file;
}
/** sha256 over the columns as Float64 (time, open, high, low, close, volume), written here independently of the product. */
function fingerprint(body: readonly string[]): string {
  const cols = Array.from({ length: 6 }, () => new Float64Array(body.length));
  body.forEach((r, i) => {
    const f = r.split(',');
    cols[0][i] = Date.parse(iso(r));
    for (let k = 1; k < 6; k++) cols[k][i] = Number(f[k]);
  });
  const h = createHash('sha256');
  for (const c of cols) h.update(new Uint8Array(c.buffer));
  return h.digest('hex');
}

const small = ['--steps', '5', '--rounds', '20'];
const A = rows.slice(0, 4000);
const B = rows.slice(4000, 6000);

describe.skipIf(!hasSharedData())('one series, one truth: the CLI trains, evaluates and forecasts on exactly the bars the user means', () => {
  const fileA = csvFile('btc_a.csv', A);
  const fileB = csvFile('btc_b.csv', B);

  it('train --csv without --exchange trains on the file\'s bars in the csv source and leaves the demo series alone', () => {
    const s = json('train', '--csv', fileA, '--symbol', 'BTC/USDT', '--timeframe', '1m', ...small);
    expect(s).toMatchObject({ name: 'csv_BTC_USDT_1m_5steps', exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m', gap_targets_dropped: 0 });
    expect(s.data_range).toEqual({ from: iso(A[0]), to: iso(A[3999]), bars: 4000 });
    expect(s.data_fingerprint).toBe(fingerprint(A));
    const config = JSON.parse(readFileSync(join(home, 'models', 'csv_BTC_USDT_1m_5steps', 'config.json'), 'utf8'));
    expect(config.data_fingerprint).toBe(fingerprint(A));
    const series = json('data', 'list');
    expect(series).toEqual([expect.objectContaining({ exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m', rows: 4000 })]);
  });

  it('refuses to import into the demo market or an exchange (exit 2, with what to do) and stores nothing', () => {
    const intoDemo = cli('train', '--csv', fileA, '--symbol', 'BTC/USDT', '--timeframe', '1m', '--exchange', 'demo', ...small);
    expect(intoDemo.code).toBe(2);
    expect(intoDemo.stderr).toMatch(/^error: cannot import into "demo": the demo market generates its own candles.*Import into "csv"/m);
    const intoBinance = cli('data', 'import', fileA, '--symbol', 'BTC/USDT', '--exchange', 'binance');
    expect(intoBinance.code).toBe(2);
    expect(intoBinance.stderr).toMatch(/^error: cannot import into "binance": it is an exchange Candlecast fetches from/m);
    expect(json('data', 'list').map((x: { exchange: string }) => x.exchange)).toEqual(['csv']);
  });

  it('features --csv computes the matrix of the file\'s rows', () => {
    const f = json('features', '--csv', fileB, '--symbol', 'ETH/USDT', '--timeframe', '1m');
    expect(f.rows).toBe(2000);
  });

  it('evaluate scores after the training data by default; asked to include training, it counts and warns about the overlap', () => {
    const own = cli('evaluate', '--model', 'csv_BTC_USDT_1m_5steps');
    expect(own.code).toBe(2);
    expect(own.stderr).toMatch(/after the model's training data \(fitted until 2023-03-03T18:39:00Z.*--include-training/);

    const e = json('evaluate', '--model', 'csv_BTC_USDT_1m_5steps', '--csv', fileB, '--symbol', 'BTC/USDT', '--timeframe', '1m');
    expect(e).toMatchObject({ bars: 2000, series: { exchange: 'csv', symbol: 'BTC/USDT' } });
    expect([Date.parse(e.first), Date.parse(e.last)]).toEqual([Date.parse(iso(B[0])), Date.parse(iso(B[1999]))]);
    expect(e.training_overlap).toMatchObject({ same_series: true, overlapping_bars: 0 });
    expect(Date.parse(e.training_overlap.fitted_until)).toBe(Date.parse(iso(A[3999])));
    expect(Date.parse(e.training_overlap.first_origin)).toBeGreaterThan(Date.parse(iso(A[3999])));

    const inSample = cli('evaluate', '--model', 'csv_BTC_USDT_1m_5steps', '--include-training', '--days', '5', '--json');
    expect(inSample.code, inSample.stderr).toBe(0);
    const j = JSON.parse(inSample.stdout);
    expect(j.bars).toBe(6000);
    expect([Date.parse(j.first), Date.parse(j.last)]).toEqual([Date.parse(iso(A[0])), Date.parse(iso(B[1999]))]);
    expect(j.training_overlap.overlapping_bars).toBe(4000);
    expect(inSample.stderr).toMatch(/warning: 4,000 of the evaluated bars overlap the data csv_BTC_USDT_1m_5steps was trained on/);
  });

  it('backtest --csv trades the file\'s bars after the training data, and another source of the same symbol is another series', () => {
    const b = json('backtest', '--model', 'csv_BTC_USDT_1m_5steps', '--csv', fileB, '--symbol', 'BTC/USDT', '--timeframe', '1m');
    expect(b.series).toEqual({ exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' });
    expect(b.overlap).toMatchObject({ same_series: true, overlaps_training: false, overlapping_bars: 0 });
    expect(Date.parse(b.range.to)).toBe(Date.parse(iso(B[1999])));
    const other = json('backtest', '--model', 'csv_BTC_USDT_1m_5steps', '--csv', fileA, '--exchange', 'otherfile', '--symbol', 'BTC/USDT', '--timeframe', '1m');
    expect(other.series.exchange).toBe('otherfile');
    expect(other.overlap.same_series).toBe(false);
  });

  it('a CSV series and the demo series of the same symbol train, list and forecast side by side, each from its own bars', () => {
    const d = json('train', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--days', '3', ...small);
    expect(d).toMatchObject({ name: 'BTC_USDT_1m_5steps', exchange: 'demo' });
    expect(d.data_range.bars).toBe(4320);
    const models = json('models').models as { name: string; exchange: string }[];
    expect(models.map((m) => [m.name, m.exchange]).sort()).toEqual([['BTC_USDT_1m_5steps', 'demo'], ['csv_BTC_USDT_1m_5steps', 'csv']]);
    const fDemo = json('predict', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--steps', '5');
    expect(fDemo).toMatchObject({ exchange: 'demo', model_info: { name: 'BTC_USDT_1m_5steps' } });
    expect(Date.parse(fDemo.last_bar_time)).toBeGreaterThan(Date.now() - 10 * 60_000);
    const fCsv = json('predict', '--exchange', 'csv', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--steps', '5');
    expect(fCsv).toMatchObject({ exchange: 'csv', model_info: { name: 'csv_BTC_USDT_1m_5steps' }, last_bar_time: iso(B[1999]) });
    expect(fCsv.current_price).toBe(Number(B[1999].split(',')[4]));
  });

  it('a series with a hole is read by its rows, and targets across the hole are not trained on', () => {
    const gapped = [...rows.slice(0, 1200), ...rows.slice(1300, 2500)];
    const file = csvFile('gap.csv', gapped);
    const s = json('train', '--csv', file, '--symbol', 'GAP/USDT', '--timeframe', '1m', ...small);
    expect(s.data_range).toEqual({ from: iso(gapped[0]), to: iso(gapped[2399]), bars: 2400 });
    expect(s.data_fingerprint).toBe(fingerprint(gapped));
    expect(s.gap_targets_dropped).toBe(1);
  });
});
