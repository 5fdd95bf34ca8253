// REST: import, train (wait) and forecast each series on its own bars; refused imports and name clashes; a broken
// bar from an exchange is left out by name and the rest still trains. The service runs in process behind the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candlesToCsv, demoCandles, lastClosedBarOpen } from '../../core/data';
import { startServer, type RunningServer } from '../../core/server';
import { createService, type Service } from '../../core/service';
import { startFakeBinance, type FakeBinance } from './data-fakeBinance';
import { ensureBuilt } from './server-harness';

const MIN = 60_000;
let home: string;
let service: Service;
let server: RunningServer;
let binance: FakeBinance;
const now = Date.now();

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(`${server.url}${path}`, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

beforeAll(async () => {
  ensureBuilt();
  home = mkdtempSync(join(tmpdir(), 'candlecast-identity-'));
  binance = await startFakeBinance({ now });
  service = createService({ home, forecastWorkers: 1, ccxt: { binance: { urls: { public: binance.apiUrl }, retries: 0 } } });
  server = await startServer(service, { port: 0 });
});

afterAll(async () => {
  await server?.close();
  await service?.close();
  await binance?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const small = { n_steps_ahead: 5, options: { numBoostRound: 20 }, wait: true };
// A file of 3,000 one-minute bars ending a day ago (another seed than the demo market's, so the data differ).
const fileLast = lastClosedBarOpen(now, '1m') - 1440 * MIN;
const fileBars = demoCandles('BTC/USDT', '1m', fileLast - 2999 * MIN, fileLast, 11);
const iso = (t: number) => new Date(t).toISOString();

describe('REST: one series, one truth', () => {
  it('imports into the csv source, trains it with wait: true and forecasts from its own model and bars', async () => {
    const imp = await call('POST', '/api/series/import', { csv: candlesToCsv(fileBars), file_name: 'btc.csv', symbol: 'BTC_USDT', timeframe: '1m' });
    expect(imp.status).toBe(200);
    expect(imp.body).toMatchObject({ exchange: 'csv', rows_stored: 3000 });
    const trained = await call('POST', '/api/models/train', { symbol: 'BTC_USDT', timeframe: '1m', exchange: 'csv', ...small });
    expect(trained.status, JSON.stringify(trained.body)).toBe(200);
    expect(trained.body).toMatchObject({ name: 'csv_BTC_USDT_1m_5steps', type: 'autoregressive', symbol: 'BTC/USDT', timeframe: '1m', n_steps_ahead: 5, status: 'completed' });
    for (const k of ['model_size_kb', 'trained_at', 'performance']) expect(trained.body).toHaveProperty(k);
    expect(trained.body.data_range).toEqual({ from: iso(fileBars.time[0]), to: iso(fileLast), bars: 3000 });
    const f = await call('GET', '/api/predictions?symbol=BTC_USDT&timeframe=1m&exchange=csv&steps=5&auto_train=false');
    expect(f.status).toBe(200);
    expect(f.body).toMatchObject({ exchange: 'csv', last_bar_time: iso(fileLast), current_price: fileBars.close[2999], model_info: { name: 'csv_BTC_USDT_1m_5steps' } });
  });

  it('refuses imports into the demo market or an exchange with a 400 naming the field', async () => {
    for (const exchange of ['demo', 'binance']) {
      const r = await call('POST', '/api/series/import', { csv: candlesToCsv(fileBars), file_name: 'btc.csv', symbol: 'BTC_USDT', timeframe: '1m', exchange });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: 'invalid_request', field: 'exchange' });
      expect(r.body.detail).toMatch(new RegExp(`cannot import into "${exchange}"`));
    }
    const series = (await call('GET', '/api/series')).body as { exchange: string }[];
    expect(series.map((s) => s.exchange)).toEqual(['csv']);
  });

  it('the demo series of the same symbol gets its own model; a name held by another series is a 409', async () => {
    const demo = await call('POST', '/api/models/train', { symbol: 'BTC_USDT', timeframe: '1m', days_history: 3, ...small });
    expect(demo.status, JSON.stringify(demo.body)).toBe(200);
    expect(demo.body).toMatchObject({ name: 'BTC_USDT_1m_5steps', exchange: 'demo' });
    expect(demo.body.data_range.bars).toBe(3 * 1440);
    const clash = await call('POST', '/api/models/train', { symbol: 'BTC_USDT', timeframe: '1m', name: 'csv_BTC_USDT_1m_5steps', ...small });
    expect(clash.status).toBe(409);
    expect(clash.body.detail).toMatch(/belongs to csv BTC\/USDT 1m, not demo BTC\/USDT 1m/);
    const models = (await call('GET', '/api/models')).body as { name: string; exchange: string; data_range: { to: string } }[];
    expect(models.map((m) => [m.name, m.exchange]).sort()).toEqual([['BTC_USDT_1m_5steps', 'demo'], ['csv_BTC_USDT_1m_5steps', 'csv']]);
    expect(models.find((m) => m.exchange === 'csv')!.data_range.to).toBe(iso(fileLast));
    const f = await call('GET', '/api/predictions?symbol=BTC_USDT&timeframe=1m&steps=5&auto_train=false');
    expect(f.body).toMatchObject({ exchange: 'demo', model_info: { name: 'BTC_USDT_1m_5steps' } });
    expect(Date.parse(f.body.last_bar_time)).toBeGreaterThan(fileLast);
  });

  it('a bar from the exchange that breaks a candle rule is left out by name, and the rest of the series trains', async () => {
    const bad = lastClosedBarOpen(now, '1m') - 500 * MIN;
    binance.corruptBar(bad);
    const r = await call('POST', '/api/models/train', { symbol: 'BTC_USDT', timeframe: '1m', exchange: 'binance', days_history: 2, ...small });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'binance_BTC_USDT_1m_5steps', exchange: 'binance' });
    expect(r.body.data_range.bars).toBe(2 * 1440 - 1);
    const model = ((await call('GET', '/api/models')).body as { name: string; warnings: { kind: string; message: string }[] }[])
      .find((m) => m.name === 'binance_BTC_USDT_1m_5steps')!;
    expect(model.warnings).toContainEqual(expect.objectContaining({ kind: 'refused_bars', message: expect.stringContaining(iso(bad)) }));
    const candles = (await call('GET', `/api/candles?exchange=binance&symbol=BTC_USDT&timeframe=1m&from=${bad - 2 * MIN}&to=${bad + 2 * MIN}`)).body;
    expect(candles.candles.map((c: { time: number }) => c.time)).toEqual([bad - 2 * MIN, bad - MIN, bad + MIN, bad + 2 * MIN]);
  });
});
