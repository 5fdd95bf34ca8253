// The live feed against ccxt's real binance class talking to a local fake of Binance's spot API, and against the
// demo market: bars appear as the (manual) clock passes their close, the forming bar is replaced and never stored
// twice, and after a dropped connection the feed backs off, then fills the gap bar by bar. No sleeps: the tests move
// the clock and wait for the feed's status reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoCandles, openCandleStore, type Candle, type CandleStore, type SeriesKey } from '../../core/data';
import { createManualClock, type ManualClock } from '../../core/live/clock';
import { startMarketPoller, type LiveStatus, type MarketPoller } from '../../core/live/poller';
import { pollStoredMarket } from '../../core/live/storedSource';
import { fakeKline, startFakeBinance, type FakeBinance } from './data-fakeBinance';

const MIN = 60_000;
// 2024-05-01 10:30:20 UTC: the 10:30 bar is forming, 10:29 is the last closed one.
const NOW = Date.UTC(2024, 4, 1, 10, 30, 20);
const T1030 = Date.UTC(2024, 4, 1, 10, 30);
const BINANCE: SeriesKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' };

/** A poller under test: every bar and status it reported, and a wait for the next status. */
function recorder() {
  const bars: { candle: Candle; closed: boolean }[] = [];
  const statuses: LiveStatus[] = [];
  let waiters: ((s: LiveStatus) => void)[] = [];
  return {
    bars,
    statuses,
    hooks: {
      onBar: (candle: Candle, closed: boolean) => bars.push({ candle, closed }),
      onStatus: (s: LiveStatus) => {
        statuses.push(s);
        const w = waiters;
        waiters = [];
        w.forEach((f) => f(s));
      },
    },
    /** Resolves with the next status report (the end of the next poll). */
    next: () => new Promise<LiveStatus>((resolve) => waiters.push(resolve)),
  };
}

let store: CandleStore;
let clock: ManualClock;
let poller: MarketPoller | undefined;

beforeEach(() => {
  store = openCandleStore(':memory:');
  clock = createManualClock(NOW);
});
afterEach(() => {
  poller?.stop();
  poller = undefined;
  store.close();
});

describe('live feed from a Binance-like exchange', () => {
  let fake: FakeBinance;
  beforeEach(async () => {
    fake = await startFakeBinance({ now: NOW });
  });
  afterEach(async () => {
    await fake.close();
  });

  const source = () => ({ poll: (k: SeriesKey, now: number, after: number | null) => pollStoredMarket(store, k, now, after, { ccxt: { urls: { public: fake.apiUrl } } }) });
  /** Moves the exchange's and the feed's clocks together and waits for the poll that falls due. */
  async function moveTo(t: number, rec: ReturnType<typeof recorder>): Promise<LiveStatus> {
    fake.now = t;
    const next = rec.next();
    clock.set(t);
    return next;
  }

  it('emits each closed bar once and the forming bar until it closes; the store holds every bar once', async () => {
    const rec = recorder();
    const first = rec.next();
    poller = startMarketPoller(BINANCE, source(), clock, rec.hooks, { timing: { closeGraceMs: 1000, formingEveryMs: 30_000 } });
    const s0 = await first;
    expect(s0).toMatchObject({ state: 'live', lastBar: T1030 - MIN, failures: 0, lastUpdate: NOW });
    // The baseline: 1,000 bars stored, none announced as news; the bar in progress is.
    expect(store.info(BINANCE)).toMatchObject({ rows: 1000, last: T1030 - MIN, gaps: 0 });
    expect(rec.bars).toEqual([{ candle: expect.objectContaining({ time: T1030 }), closed: false }]);
    const [o, h, l, c] = fakeKline(T1030, MIN);
    expect(rec.bars[0].candle).toMatchObject({ open: o, high: h, low: l, close: c });
    // Next poll: 30 s later for the forming bar (nothing changed, so nothing emitted), then 1 s after the close.
    expect(s0.nextPollAt).toBe(NOW + 30_000);
    const s1 = await moveTo(NOW + 30_000, rec);
    expect(s1.nextPollAt).toBe(T1030 + MIN + 1000);
    expect(rec.bars).toHaveLength(1);
    const s2 = await moveTo(T1030 + MIN + 1000, rec);
    expect(s2).toMatchObject({ state: 'live', lastBar: T1030 });
    expect(rec.bars.map((b) => [b.candle.time, b.closed])).toEqual([[T1030, false], [T1030, true], [T1030 + MIN, false]]);
    expect(rec.bars[1].candle).toEqual({ time: T1030, open: o, high: h, low: l, close: c, volume: fakeKline(T1030, MIN)[4] });
    expect(store.info(BINANCE)).toMatchObject({ rows: 1001, last: T1030, gaps: 0 });
    // The forming bar was never written to the store.
    expect(store.read(BINANCE, { from: T1030 + MIN }).length).toBe(0);
  });

  it('goes offline when the connection drops, backs off, and fills the gap when it returns', async () => {
    const rec = recorder();
    const first = rec.next();
    poller = startMarketPoller(BINANCE, source(), clock, rec.hooks, { timing: { closeGraceMs: 1000, formingEveryMs: 60_000, backoffMs: 2000 } });
    await first;
    fake.down = true;
    let s = await moveTo(T1030 + MIN + 1000, rec);
    expect(s).toMatchObject({ state: 'offline', failures: 1 });
    expect(s.error).toMatch(/binance/i);
    const waits: number[] = [s.nextPollAt! - clock.now()];
    // Five minutes without a network: retries at 2, 4, 8, 16, 32, 64, 128 s.
    while (clock.now() < T1030 + 5 * MIN) {
      s = await moveTo(s.nextPollAt!, rec);
      expect(s.state).toBe('offline');
      waits.push(s.nextPollAt! - clock.now());
    }
    expect(waits.slice(0, 6)).toEqual([2000, 4000, 8000, 16_000, 32_000, 64_000]);
    expect(rec.bars.filter((b) => b.closed)).toEqual([]);
    fake.down = false;
    s = await moveTo(s.nextPollAt!, rec);
    expect(s).toMatchObject({ state: 'live', failures: 0, error: null });
    const lastClosed = Math.floor(clock.now() / MIN) * MIN - MIN;
    const closed = rec.bars.filter((b) => b.closed).map((b) => b.candle.time);
    const expected = [];
    for (let t = T1030; t <= lastClosed; t += MIN) expected.push(t);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(closed).toEqual(expected);
    expect(store.info(BINANCE)).toMatchObject({ rows: 1000 + expected.length, last: lastClosed, gaps: 0 });
    // The gap came in one request that started right after the last stored bar (and also held the forming bar).
    const resumed = fake.klineRequests().filter((r) => r.status === 200 && Number(r.params.startTime) === T1030);
    expect(resumed.filter((r) => r.params.limit !== '2').map((r) => r.times.length)).toEqual([expected.length + 1]);
  });

  it('pauses without polling and resumes with the bars it missed', async () => {
    const rec = recorder();
    const first = rec.next();
    poller = startMarketPoller(BINANCE, source(), clock, rec.hooks, { timing: { closeGraceMs: 1000 } });
    await first;
    poller.pause('hidden');
    expect(poller.status()).toMatchObject({ state: 'paused', nextPollAt: null, error: 'hidden' });
    const requests = fake.requests.length;
    fake.now = T1030 + 3 * MIN + 5000;
    clock.set(fake.now);
    expect(fake.requests.length).toBe(requests);
    const next = rec.next();
    poller.resume();
    expect(await next).toMatchObject({ state: 'live', lastBar: T1030 + 2 * MIN });
    expect(rec.bars.filter((b) => b.closed).map((b) => b.candle.time)).toEqual([T1030, T1030 + MIN, T1030 + 2 * MIN]);
  });
});

describe('live feed of the demo market', () => {
  const DEMO: SeriesKey = { exchange: 'demo', symbol: 'ETH/USDT', timeframe: '1m' };
  const source = { poll: (k: SeriesKey, now: number, after: number | null) => pollStoredMarket(store, k, now, after) };

  it('generates each bar as the clock passes its close; the forming bar grows into the stored bar', async () => {
    const rec = recorder();
    const first = rec.next();
    poller = startMarketPoller(DEMO, source, clock, rec.hooks);
    await first;
    const forming = rec.bars.filter((b) => !b.closed && b.candle.time === T1030);
    expect(forming).toHaveLength(1);
    // 20 s into the bar, a third of the way from its open to its final close.
    const final = demoCandles('ETH/USDT', '1m', T1030, T1030 + 2 * MIN);
    expect(forming[0].candle.open).toBe(final.open[0]);
    expect(forming[0].candle.close).toBeCloseTo(final.open[0] + (final.close[0] - final.open[0]) / 3, 5);
    for (let i = 0; i < 100 && clock.now() < T1030 + 3 * MIN; i++) {
      const next = rec.next();
      clock.set(poller.status().nextPollAt!);
      await next;
    }
    const closed = rec.bars.filter((b) => b.closed).map((b) => b.candle);
    expect(closed.map((c) => c.time)).toEqual([T1030, T1030 + MIN, T1030 + 2 * MIN]);
    closed.forEach((c, i) => expect([c.open, c.high, c.low, c.close]).toEqual([final.open[i], final.high[i], final.low[i], final.close[i]]));
    // Forming updates every 5 s for 1m bars, each a replacement of the same bar.
    const updates = rec.bars.filter((b) => !b.closed && b.candle.time === T1030 + MIN);
    expect(updates.length).toBeGreaterThanOrEqual(10);
    expect(new Set(updates.map((u) => u.candle.close)).size).toBe(updates.length);
    expect(store.info(DEMO)).toMatchObject({ last: T1030 + 2 * MIN, gaps: 0 });
  });

  it('refuses an imported series, which has no live source', async () => {
    const rec = recorder();
    const first = rec.next();
    poller = startMarketPoller({ exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' }, source, clock, rec.hooks);
    const s = await first;
    expect(s.state).toBe('offline');
    expect(s.error).toMatch(/no live source/);
  });
});
