// The live feed through the real `candlecast serve`, its clock driven over stdin (CANDLECAST_TEST_CLOCK): a plain
// HTTP client subscribed with /api/events?exchange&symbol&timeframe sees each closed demo bar once, the store holds
// them, a rolling forecast follows each closed bar, a saved forecast's running score grows bar by bar, and a forecast
// is scored only with bars that closed after it was made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candlesToCsv, demoCandles, sliceColumns } from '../../core/data';
import { openEvents, startServe, type SseEvent, type TestServer } from './server-harness';

const MIN = 60_000;
// The feed's clock starts 10 minutes ahead of the wall clock, 20 s into a bar, so no refresh on wall time reaches it.
const C0 = Math.floor(Date.now() / MIN) * MIN + 10 * MIN + 20_000;
const BAR0 = C0 - 20_000;
const MARKET = '?exchange=demo&symbol=BTC_USDT&timeframe=1m';

let srv: TestServer;
let events: Awaited<ReturnType<typeof openEvents>>;

beforeAll(async () => {
  srv = await startServe({ env: { CANDLECAST_TEST_CLOCK: String(C0) }, stdin: true });
  events = await openEvents(srv.url, MARKET);
}, 60_000);
afterAll(async () => {
  events?.close();
  await srv?.stop();
});

const closedAt = (t: number) => (e: SseEvent) => e.event === 'candle' && e.data.closed && e.data.candle.time === t;
const advance = (ms: number) => srv.send(`advance ${ms}`);

describe('live feed over HTTP', () => {
  it('refuses a bad market in the event stream query, naming the field', async () => {
    const r = await srv.get('/api/events?exchange=demo&symbol=BTC_USDT&timeframe=7m');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'invalid_request', field: 'timeframe' });
  });

  it('streams each closed bar once, as the clock passes its close, and stores it', async () => {
    const first = await events.waitFor((e) => e.event === 'liveStatus' && e.data.state === 'live', 60_000);
    expect(first.data).toMatchObject({ exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m', last_bar: new Date(BAR0 - MIN).toISOString() });
    const status = await srv.get('/api/live');
    expect(status.body).toEqual([expect.objectContaining({ exchange: 'demo', symbol: 'BTC/USDT', state: 'live', watchers: 1 })]);
    advance(MIN);
    const bar = await events.waitFor(closedAt(BAR0));
    const real = demoCandles('BTC/USDT', '1m', BAR0, BAR0);
    expect(bar.data.candle).toEqual({ time: BAR0, open: real.open[0], high: real.high[0], low: real.low[0], close: real.close[0], volume: real.volume[0] });
    // The machine sleeps for five minutes: the next poll brings the five bars, in order, once each.
    advance(5 * MIN);
    await events.waitFor(closedAt(BAR0 + 5 * MIN));
    const closed = events.events.filter((e) => e.event === 'candle' && e.data.closed).map((e) => e.data.candle.time);
    expect(closed).toEqual([0, 1, 2, 3, 4, 5].map((k) => BAR0 + k * MIN));
    // Forming events come before their bar closes, never after.
    for (const t of closed) {
      const at = events.events.findIndex(closedAt(t));
      expect(events.events.slice(at + 1).some((e) => e.event === 'candle' && !e.data.closed && e.data.candle.time === t)).toBe(false);
    }
    const stored = await srv.get(`/api/candles?exchange=demo&symbol=BTC_USDT&timeframe=1m&from=${BAR0}&to=${BAR0 + 10 * MIN}`);
    expect(stored.body.candles.map((c: { time: number }) => c.time)).toEqual(closed);
  });

  it('refreshes a rolling forecast after each closed bar, and scores a saved forecast bar by bar', async () => {
    const train = await srv.post('/api/models/train', { symbol: 'BTC_USDT', timeframe: '1m', n_steps_ahead: 20, days_history: 3, options: { numBoostRound: 40 } });
    expect((await srv.waitJob(train.body.jobId)).status).toBe('completed');
    const name = train.body.name as string;
    const watch = await srv.post('/api/live/watch', { exchange: 'demo', symbol: 'BTC_USDT', timeframe: '1m', rolling_model: name, lease_s: 600 });
    expect(watch.status).toBe(200);
    const bad = await srv.post('/api/live/watch', { exchange: 'demo', symbol: 'ETH_USDT', timeframe: '1m', rolling_model: name });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_request', field: 'rolling_model' });
    expect(bad.body.detail).toMatch(/BTC\/USDT/);

    const f = await srv.get(`/api/predictions?symbol=BTC_USDT&timeframe=1m&model=${name}&auto_train=false&save=true`);
    expect(f.status).toBe(200);
    const id = f.body.prediction_id as string;
    const lastBar = Date.parse(f.body.last_bar_time);
    expect(lastBar).toBe(BAR0 + 5 * MIN);
    const s0 = await srv.get(`/api/predictions/${id}/score`);
    expect(s0.body).toMatchObject({ prediction_id: id, steps_total: 20, steps_scored: 0, steps_before_made: 0, complete: false, skill: null });

    const before = events.events.length;
    advance(MIN);
    await events.waitFor(closedAt(lastBar + MIN));
    const rolled = await events.waitFor((e) => e.event === 'forecast' && e.data.after_bar === new Date(lastBar + MIN).toISOString());
    expect(rolled.data.model).toBe(name);
    expect(Date.parse(rolled.data.forecast.last_bar_time)).toBe(lastBar + MIN);
    expect(rolled.data.forecast.predictions).toHaveLength(20);
    expect(events.events.slice(before).some((e) => e.event === 'forecast')).toBe(true);

    advance(2 * MIN);
    await events.waitFor(closedAt(lastBar + 3 * MIN));
    const s3 = (await srv.get(`/api/predictions/${id}/score`)).body;
    expect(s3).toMatchObject({ steps_scored: 3, steps_before_made: 0, complete: false });
    // The same figures from the forecast and the stored closes.
    const real = (await srv.get(`/api/candles?exchange=demo&symbol=BTC_USDT&timeframe=1m&from=${lastBar + MIN}&to=${lastBar + 3 * MIN}`)).body.candles;
    const steps = f.body.predictions.slice(0, 3);
    const p0 = f.body.current_price as number;
    const rmse = Math.sqrt(steps.reduce((a: number, s: { predicted_close: number }, i: number) => a + (s.predicted_close - real[i].close) ** 2, 0) / 3);
    const rmseNaive = Math.sqrt(real.reduce((a: number, c: { close: number }) => a + (p0 - c.close) ** 2, 0) / 3);
    expect(s3.close_rmse).toBeCloseTo(rmse, 8);
    expect(s3.skill).toBeCloseTo(1 - rmse / rmseNaive, 8);
    const inside = steps.filter((s: { close_lower_80: number; close_upper_80: number }, i: number) => real[i].close >= s.close_lower_80 && real[i].close <= s.close_upper_80).length;
    expect(s3.bands.find((b: { level: number }) => b.level === 80)).toEqual({ level: 80, inside, scored: 3, coverage: inside / 3 });
    expect(s3.steps.map((x: { time: number }) => x.time)).toEqual(real.map((c: { time: number }) => c.time));

    const models = (await srv.get('/api/live/models')).body;
    const row = models.find((m: { model: string }) => m.model === name);
    expect(row).toMatchObject({ forecasts: 1, steps_scored: 3, skill_ci: null, stale: false, stale_reasons: [] });
    expect(row.verdict).toMatch(/too few scored forecasts/);
  });

  it('scores a forecast only with bars that closed after it was made', async () => {
    // An imported series that ends in 2024: its next bars closed long before a forecast made today.
    const T0 = Date.UTC(2024, 0, 1);
    const all = demoCandles('BTC/USDT', '1m', T0, T0 + 3029 * MIN, 5);
    const imp = (c: typeof all, file: string) => srv.post('/api/series/import', { csv: candlesToCsv(c), file_name: file, symbol: 'OLD_USDT', exchange: 'csv', timeframe: '1m' });
    expect((await imp(sliceColumns(all, 0, 3000), 'old.csv')).status).toBe(200);
    const train = await srv.post('/api/models/train', { symbol: 'OLD_USDT', exchange: 'csv', timeframe: '1m', n_steps_ahead: 20, days_history: 2, options: { numBoostRound: 30 } });
    expect((await srv.waitJob(train.body.jobId)).status).toBe('completed');
    const f = await srv.get('/api/predictions?symbol=OLD_USDT&exchange=csv&timeframe=1m&steps=20&auto_train=false&save=true');
    const id = f.body.prediction_id as string;
    expect((await imp(sliceColumns(all, 3000, 3030), 'later.csv')).status).toBe(200);
    const live = (await srv.get(`/api/predictions/${id}/score`)).body;
    expect(live).toMatchObject({ steps_total: 20, steps_scored: 0, steps_before_made: 20, complete: true, skill: null });
    // The history's hindsight score does use those bars; the live score does not.
    const record = (await srv.get(`/api/predictions/${id}`)).body;
    expect(record.score.steps_scored).toBe(20);
  });
});
