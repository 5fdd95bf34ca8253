// The service in process (as Electron's main process runs it) behind the REST server, with an exchange that cannot
// be reached: forecasts still come, from the stored candles, and say so with data_stale.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createHttpTransport, createLocalTransport, fetchEventSource, type ApiClient } from '../../core/api';
import { candlesToCsv, demoCandles, lastClosedBarOpen, openCandleStore } from '../../core/data';
import { startServer, type RunningServer } from '../../core/server';
import { createService, type Service } from '../../core/service';
import { ensureBuilt } from './server-harness';

let home: string;
let service: Service;
let server: RunningServer;
let http: ApiClient;

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  ensureBuilt();
  home = mkdtempSync(join(tmpdir(), 'candlecast-service-'));
  const port = await closedPort();
  service = createService({ home, forecastWorkers: 1, ccxt: { binance: { urls: { public: `http://127.0.0.1:${port}/api/v3` }, retries: 0, timeoutMs: 2000 } } });
  server = await startServer(service, { port: 0 });
  http = createApiClient(createHttpTransport({
    baseUrl: server.url,
    fetch: (url, init) => fetch(url, init),
    EventSource: fetchEventSource((url, init) => fetch(url, init)),
  }));
});

afterAll(async () => {
  await server?.close();
  await service?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('an unreachable exchange', () => {
  it('trains and forecasts from stored candles with data_stale: true', async () => {
    const last = lastClosedBarOpen(Date.now(), '1m') - 30 * 60_000;
    const bars = demoCandles('BTC/USDT', '1m', last - 2999 * 60_000, last, 5);
    // Bars fetched from binance earlier (imports into an exchange's series are refused: they would mix with fetched bars).
    const refused = await http.importCsv({ csv: candlesToCsv(bars), file_name: 'binance.csv', symbol: 'BTC_USDT', exchange: 'binance', timeframe: '1m' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'invalid_request', field: 'exchange' });
    const store = openCandleStore(join(home, 'candlecast.db'));
    expect(store.write({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' }, bars).inserted).toBe(3000);
    store.close();

    const finished = new Map<string, string>();
    const off = http.onJobStatus((s) => {
      if (s.status !== 'queued' && s.status !== 'running') finished.set(s.jobId, s.status);
    });
    const { jobId } = await http.trainModel({ symbol: 'BTC_USDT', exchange: 'binance', timeframe: '1m', n_steps_ahead: 10, days_history: 2, options: { numBoostRound: 30 } });
    while (!finished.has(jobId)) await new Promise((r) => setTimeout(r, 20));
    off();
    const done = finished.get(jobId);
    expect(done).toBe('completed');

    const f = await http.getPredictions({ symbol: 'BTC_USDT', exchange: 'binance', timeframe: '1m', steps: 10, days_history: 2, auto_train: false });
    expect(f.data_stale).toBe(true);
    expect(f.predictions).toHaveLength(10);
    expect(Date.parse(f.last_bar_time)).toBe(last);
  });

  it('answers 503 (not 500) when nothing is stored and the exchange is unreachable', async () => {
    await expect(http.getCandles({ symbol: 'ETH_USDT', exchange: 'binance', timeframe: '1m', refresh: true, days_history: 1 }))
      .rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('the same service without HTTP', () => {
  it('a local transport gives the same validation and results', async () => {
    const local = createApiClient(createLocalTransport(service.api, service.subscribe));
    await expect(local.getJob({ id: '../x' })).rejects.toMatchObject({ code: 'invalid_request', field: 'id' });
    const models = await local.listModels();
    expect(models.map((m) => m.name)).toEqual(['binance_BTC_USDT_1m_10steps']);
    expect(models[0].exchange).toBe('binance');
  });
});
