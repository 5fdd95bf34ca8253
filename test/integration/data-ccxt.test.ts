// ccxt's real binance class against a local fake of Binance's spot API: paging, 429 retry, resume, open candle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import {
  ensureCandles, ExchangeUnreachableError, fetchCcxtCandles, openCandleStore,
  type CandleStore, type FetchProgress,
} from '../../core/data';
import { fakeKline, startFakeBinance, type FakeBinance } from './data-fakeBinance';

const MIN = 60_000;
// 2024-05-01 10:30:20 UTC: the 10:30 bar is open, 10:29 is the last closed one.
const NOW = Date.UTC(2024, 4, 1, 10, 30, 20);
const LAST_CLOSED = Date.UTC(2024, 4, 1, 10, 29);
const KEY = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' as const };

let fake: FakeBinance;
let store: CandleStore;

beforeEach(async () => {
  fake = await startFakeBinance({ now: NOW });
  store = openCandleStore(':memory:');
});
afterEach(async () => {
  store.close();
  await fake.close();
});

const conn = () => ({ urls: { public: fake.apiUrl }, backoffMs: 5, retries: 3 });

describe('ccxt binance against a local Binance spot API', () => {
  it('pages forward over several requests, stores every closed bar once and drops the open candle', async () => {
    const progress: FetchProgress[] = [];
    const r = await ensureCandles(store, { ...KEY, bars: 2500 }, { now: NOW, ccxt: conn(), onProgress: (p) => progress.push(p) });

    expect(fake.requests[0].path).toBe('/api/v3/exchangeInfo');
    const kl = fake.klineRequests();
    expect(kl.map((q) => q.params.limit)).toEqual(['1000', '1000', '1000']);
    const first = LAST_CLOSED - 2499 * MIN;
    expect(kl.map((q) => Number(q.params.startTime))).toEqual([first, first + 1000 * MIN, first + 2000 * MIN]);
    expect(kl.every((q) => q.params.symbol === 'BTCUSDT' && q.params.interval === '1m')).toBe(true);
    // The last page included the bar still in progress; it was not stored.
    const openBar = Date.UTC(2024, 4, 1, 10, 30);
    expect(kl[2].times.at(-1)).toBe(openBar);

    expect(r.source).toBe('exchange');
    expect(r.stale).toBe(false);
    expect(r.added).toBe(2500);
    expect(r.candles.length).toBe(2500);
    expect(r.candles.time[0]).toBe(first);
    expect(r.candles.time[2499]).toBe(LAST_CLOSED);
    expect(store.info(KEY)).toMatchObject({ rows: 2500, first, last: LAST_CLOSED, gaps: 0 });
    const [o, h, l, c, v] = fakeKline(first + 1234 * MIN, MIN);
    expect([r.candles.open[1234], r.candles.high[1234], r.candles.low[1234], r.candles.close[1234], r.candles.volume[1234]])
      .toEqual([o, h, l, c, v]);

    expect(progress.at(-1)).toEqual({ fetched: 2500, expected: 2500 });
    const fetched = progress.map((p) => p.fetched);
    expect(fetched).toEqual([...fetched].sort((a, b) => a - b));
    expect(fetched).toContain(1000);
  });

  it('retries after HTTP 429 and then succeeds', async () => {
    fake.failKlines(429, 2);
    const r = await ensureCandles(store, { ...KEY, bars: 300 }, { now: NOW, ccxt: conn() });
    const kl = fake.klineRequests();
    expect(kl.map((q) => q.status)).toEqual([429, 429, 200]);
    expect(new Set(kl.map((q) => q.params.startTime)).size).toBe(1);
    expect(r.stale).toBe(false);
    expect(r.candles.length).toBe(300);
  });

  it('resumes from the last stored bar: an update asks only for the new bars', async () => {
    await ensureCandles(store, { ...KEY, bars: 1200 }, { now: NOW, ccxt: conn() });
    const before = fake.klineRequests().length;
    const later = NOW + 7 * MIN;
    fake.now = later;
    const r = await ensureCandles(store, { ...KEY, bars: 1200 }, { now: later, ccxt: conn() });
    const update = fake.klineRequests().slice(before);
    expect(update).toHaveLength(1);
    expect(Number(update[0].params.startTime)).toBe(LAST_CLOSED + MIN);
    expect(r.added).toBe(7);
    expect(r.candles.length).toBe(1200);
    expect(r.candles.time[1199]).toBe(LAST_CLOSED + 7 * MIN);
    expect(store.info(KEY)).toMatchObject({ rows: 1207, gaps: 0 });
    // The markets were loaded once, by the first call.
    expect(fake.requests.filter((q) => q.path === '/api/v3/exchangeInfo')).toHaveLength(1);
  });

  it('stops at the first listed bar when asked for more history than the exchange has', async () => {
    fake.listedFrom = LAST_CLOSED - 99 * MIN;
    const r = await ensureCandles(store, { ...KEY, bars: 500 }, { now: NOW, ccxt: conn() });
    expect(r.candles.length).toBe(100);
    expect(r.candles.time[0]).toBe(fake.listedFrom);
  });

  it('returns the stored candles marked stale when the exchange keeps failing, and the error when nothing is stored', async () => {
    await ensureCandles(store, { ...KEY, bars: 100 }, { now: NOW, ccxt: conn() });
    fake.now = NOW + 5 * MIN;
    fake.failKlines(503, 10);
    const r = await ensureCandles(store, { ...KEY, bars: 100 }, { now: NOW + 5 * MIN, ccxt: conn() });
    expect(r.stale).toBe(true);
    expect(r.source).toBe('store');
    expect(r.error).toMatch(/failed after 4 attempts/);
    expect(r.candles.length).toBe(95);
    expect(r.candles.time[94]).toBe(LAST_CLOSED);

    const other = { ...KEY, symbol: 'ETH/USDT' };
    await expect(ensureCandles(store, { ...other, bars: 10 }, { now: NOW, ccxt: conn() })).rejects.toBeInstanceOf(ExchangeUnreachableError);
    expect(store.info(other)).toBeUndefined();
  });

  it('treats a refused connection as unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    await expect(fetchCcxtCandles(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', since: NOW - 60 * MIN, now: NOW },
      { urls: { public: `http://127.0.0.1:${port}/api/v3` }, retries: 1, backoffMs: 5 },
    )).rejects.toBeInstanceOf(ExchangeUnreachableError);
  });

  it('refuses a market the exchange does not list without asking for candles', async () => {
    await expect(ensureCandles(store, { ...KEY, symbol: 'DOGE/USDT', bars: 10 }, { now: NOW, ccxt: conn() }))
      .rejects.toThrow(/binance has no market DOGE\/USDT/);
    expect(fake.klineRequests()).toHaveLength(0);
  });

  it('skips loading markets when they are given (ccxt markets option)', async () => {
    const markets = {
      'BTC/USDT': {
        id: 'BTCUSDT', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', baseId: 'BTC', quoteId: 'USDT',
        type: 'spot', spot: true, active: true, precision: {}, limits: {},
      },
    };
    const r = await fetchCcxtCandles(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '5m', since: Date.UTC(2024, 4, 1, 6, 20), now: NOW },
      { urls: { public: fake.apiUrl }, markets, backoffMs: 5 },
    );
    expect(fake.requests.filter((q) => q.path === '/api/v3/exchangeInfo')).toHaveLength(0);
    expect(r.fetched).toBe(50);
  });
});
