// A local stand-in for Binance's spot REST API (GET /api/v3/exchangeInfo and /api/v3/klines) on 127.0.0.1,
// with a settable clock, a log of requests, and scripted failures. ccxt's binance class talks to it unchanged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const INTERVAL_MS: Record<string, number> = {
  '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '1d': 86_400_000,
};
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 500;

/** One request the fake received. */
export interface FakeRequest {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
  /** Open times of the klines answered (klines requests only). */
  readonly times: readonly number[];
}

/** A running fake Binance. */
export interface FakeBinance {
  /** Base URL for ccxt's `urls.api.public`. */
  readonly apiUrl: string;
  /** The exchange's clock (ms); the kline that contains it is the open, unfinished one and is served too. */
  now: number;
  /** First kline open time the exchange has. */
  listedFrom: number;
  readonly requests: FakeRequest[];
  /** Answers the next `times` klines requests with an HTTP error status (e.g. 429) instead of data. */
  failKlines(status: number, times?: number): void;
  /** While true, every connection is dropped without an answer (the network is gone). */
  down: boolean;
  /** Serves the kline opening at `openTime` broken: its high below its open and close. */
  corruptBar(openTime: number): void;
  klineRequests(): FakeRequest[];
  close(): Promise<void>;
}

/** The fake's price path: deterministic in the bar's open time, so tests can recompute any bar. */
export function fakeKline(openTime: number, intervalMs: number): [number, number, number, number, number] {
  const k = openTime / intervalMs;
  const open = 20_000 + 500 * Math.sin(k / 50) + 37 * Math.sin(k * 1.3);
  const close = 20_000 + 500 * Math.sin((k + 1) / 50) + 37 * Math.sin((k + 1) * 1.3);
  const high = Math.max(open, close) + 5 + (k % 7);
  const low = Math.min(open, close) - 4 - (k % 5);
  const volume = 10 + (k % 13) * 0.5;
  const r = (x: number) => Math.round(x * 100) / 100;
  return [r(open), r(high), r(low), r(close), r(volume)];
}

const SYMBOLS = [['BTCUSDT', 'BTC', 'USDT'], ['ETHUSDT', 'ETH', 'USDT']] as const;

function exchangeInfo(now: number): unknown {
  return {
    timezone: 'UTC',
    serverTime: now,
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [],
    symbols: SYMBOLS.map(([symbol, base, quote]) => ({
      symbol, status: 'TRADING', baseAsset: base, baseAssetPrecision: 8, quoteAsset: quote, quotePrecision: 8,
      quoteAssetPrecision: 8, orderTypes: ['LIMIT', 'MARKET'], icebergAllowed: true, ocoAllowed: true,
      isSpotTradingAllowed: true, isMarginTradingAllowed: false, permissions: [], permissionSets: [['SPOT']],
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000.00', tickSize: '0.01' },
        { filterType: 'LOT_SIZE', minQty: '0.00001', maxQty: '9000.00', stepSize: '0.00001' },
      ],
    })),
  };
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeBinance(opts: { now: number; listedFrom?: number }): Promise<FakeBinance> {
  const requests: FakeRequest[] = [];
  const failures: number[] = [];
  const corrupt = new Set<number>();
  const state = { now: opts.now, listedFrom: opts.listedFrom ?? 0, down: false };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const klines = (params: Record<string, string>): { status: number; body: unknown; times: number[] } => {
    const tf = INTERVAL_MS[params.interval];
    if (!tf || !SYMBOLS.some(([s]) => s === params.symbol)) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' }, times: [] };
    const failure = failures.shift();
    if (failure !== undefined) return { status: failure, body: { code: -1003, msg: 'Too many requests.' }, times: [] };
    const limit = Math.min(MAX_LIMIT, Number(params.limit ?? DEFAULT_LIMIT));
    const openBar = Math.floor(state.now / tf) * tf;
    const end = Math.min(openBar, params.endTime ? Number(params.endTime) : Infinity);
    let start = params.startTime ? Math.ceil(Number(params.startTime) / tf) * tf : openBar - (limit - 1) * tf;
    start = Math.max(start, Math.ceil(state.listedFrom / tf) * tf);
    const rows: unknown[] = [];
    const times: number[] = [];
    for (let t = start; t <= end && rows.length < limit; t += tf) {
      const [o, h0, l, c, v] = fakeKline(t, tf);
      const h = corrupt.has(t) ? Math.min(o, c) - 1 : h0;
      rows.push([t, o.toFixed(2), h.toFixed(2), l.toFixed(2), c.toFixed(2), v.toFixed(2), t + tf - 1, (v * c).toFixed(2), 42, '1.0', '2.0', '0']);
      times.push(t);
    }
    return { status: 200, body: rows, times };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (state.down) {
      requests.push({ path: url.pathname, params: Object.fromEntries(url.searchParams), status: 0, times: [] });
      req.socket.destroy();
      return;
    }
    const params = Object.fromEntries(url.searchParams);
    if (url.pathname === '/api/v3/exchangeInfo') {
      requests.push({ path: url.pathname, params, status: 200, times: [] });
      send(res, 200, exchangeInfo(state.now));
      return;
    }
    if (url.pathname === '/api/v3/klines') {
      const answer = klines(params);
      requests.push({ path: url.pathname, params, status: answer.status, times: answer.times });
      send(res, answer.status, answer.body);
      return;
    }
    requests.push({ path: url.pathname, params, status: 404, times: [] });
    send(res, 404, { code: -1, msg: 'not here' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/v3`,
    get now() { return state.now; },
    set now(t: number) { state.now = t; },
    get listedFrom() { return state.listedFrom; },
    set listedFrom(t: number) { state.listedFrom = t; },
    get down() { return state.down; },
    set down(v: boolean) { state.down = v; },
    requests,
    failKlines(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    corruptBar(openTime) {
      corrupt.add(openTime);
    },
    klineRequests: () => requests.filter((r) => r.path === '/api/v3/klines'),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
