// POST /api/models/:name/backtest against the real server: a small trained demo model, the summary's shape and
// figures, and the errors a client gets for an unknown model, a bad option and a range with nothing to trade
// (on an imported series, which does not grow while the test runs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestSummarySchema } from '../../core/api';
import { candlesToCsv, demoCandles, sliceColumns, type CandleColumns } from '../../core/data';
import { smallTrain, startServe, type TestServer } from './server-harness';

let srv: TestServer;
const NAME = 'BTC_USDT_1m_20steps';
const DAY = 86_400_000;

beforeAll(async () => {
  srv = await startServe();
  const started = await srv.post('/api/models/train', smallTrain());
  expect(started.status).toBe(200);
  expect((await srv.waitJob(started.body.jobId)).status).toBe('completed');
});

afterAll(async () => {
  await srv?.stop();
});

describe('POST /api/models/:name/backtest', () => {
  it('backtests the last day against the baselines and flags the overlap with the training data', async () => {
    const from = new Date(Date.now() - DAY).toISOString();
    const r = await srv.post(`/api/models/${NAME}/backtest`, { from, fee_bps: 0 });
    expect(r.status, r.text).toBe(200);
    const s = backtestSummarySchema.parse(r.body);
    expect(s.model).toBe(NAME);
    expect(s.series).toEqual({ exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' });
    expect(s.options).toMatchObject({ horizon: 1, threshold_bps: 5, fee_bps: 0, slippage_bps: 0, allow_short: true, require_confidence: false });
    expect(s.range.bars).toBeGreaterThan(1000);
    expect(s.range.bars).toBeLessThanOrEqual(1441);
    expect(Date.parse(s.range.from!)).toBeGreaterThanOrEqual(Date.parse(from));
    // The model's training run used every stored bar (its test fold chose the fallbacks): the whole day is in-sample.
    expect(s.overlap.overlaps_training).toBe(true);
    expect(s.overlap.overlapping_bars).toBeGreaterThan(0);
    expect(s.overlap.message).toMatch(/^WARNING/);
    expect(s.baselines.flat).toMatchObject({ total_return: 0, trades: 0, exposure: 0, fees_paid: 0 });
    expect(s.baselines.buy_and_hold.trades).toBe(1);
    expect(s.trades).toBe(s.metrics.trades);
    for (const curve of [s.equity_curve.model, s.equity_curve.buy_and_hold]) {
      expect(curve.length).toBeGreaterThan(100);
      expect(curve.length).toBeLessThanOrEqual(501);
      expect(curve[0]).toEqual([Date.parse(s.range.from!), 1]);
      expect(curve[curve.length - 1][0]).toBe(Date.parse(s.range.to!));
      for (let i = 1; i < curve.length; i++) expect(curve[i][0]).toBeGreaterThan(curve[i - 1][0]);
    }
    expect(s.equity_curve.model.at(-1)![1]).toBeCloseTo(s.metrics.final_equity, 12);
    expect(s.equity_curve.buy_and_hold.at(-1)![1]).toBeCloseTo(s.baselines.buy_and_hold.final_equity, 12);
  });

  it('fees lower the model\'s result on the same bars', async () => {
    const from = new Date(Date.now() - DAY / 2).toISOString();
    const [free, costly] = await Promise.all([0, 50].map((fee_bps) => srv.post(`/api/models/${NAME}/backtest`, { from, fee_bps, long_only: true })));
    expect(free.status).toBe(200);
    expect(costly.status).toBe(200);
    expect(costly.body.options.allow_short).toBe(false);
    if (costly.body.metrics.trades > 0) {
      expect(costly.body.metrics.fees_paid).toBeGreaterThan(0);
      expect(costly.body.metrics.final_equity).toBeLessThan(free.body.metrics.final_equity);
    }
    expect(costly.body.baselines.buy_and_hold.final_equity).toBeLessThan(free.body.baselines.buy_and_hold.final_equity);
  });

  it('answers 404 for an unknown model', async () => {
    const r = await srv.post('/api/models/NO_SUCH_MODEL/backtest', {});
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
    expect(r.body.detail).toMatch(/NO_SUCH_MODEL/);
  });

  it.each([
    ['fee_bps', { fee_bps: 2000 }, /1000/],
    ['threshold_bps', { threshold_bps: -1 }, /0/],
    ['horizon', { horizon: 21 }, /20 steps/],
    ['horizon', { horizon: 1.5 }, /int/i],
    ['long_only', { long_only: 'yes' }, /boolean/],
    ['to', { from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }, /before from/],
    ['from', { from: 'yesterday' }, /ISO 8601/],
    ['extra', { extra: 1 }, /extra|unrecognized/i],
  ])('answers 400 naming %s for a bad option', async (field, body, detail) => {
    const r = await srv.post(`/api/models/${NAME}/backtest`, body);
    expect(r.status, r.text).toBe(400);
    expect(r.body.error).toBe('invalid_request');
    expect(r.body.detail).toMatch(detail);
    if (field !== 'extra') expect(r.body.field).toBe(field);
  });
});

// A CSV series grows only when the user imports more, so "nothing after the training data" does not race the
// wall clock the way the demo market (one new bar a minute) would on a busy machine.
describe('POST /api/models/:name/backtest, default range on an imported series', () => {
  const MIN = 60_000;
  const T0 = Date.UTC(2024, 0, 1);
  const HISTORY = 3000;
  const LATER = 240;
  const CSV_NAME = 'csv_TST_USDT_1m_20steps';
  const all = demoCandles('BTC/USDT', '1m', T0, T0 + (HISTORY + LATER - 1) * MIN, 7);
  const importCsv = (c: CandleColumns, fileName: string) =>
    srv.post('/api/series/import', { csv: candlesToCsv(c), file_name: fileName, symbol: 'TST_USDT', exchange: 'csv', timeframe: '1m' });

  beforeAll(async () => {
    expect((await importCsv(sliceColumns(all, 0, HISTORY), 'history.csv')).body.rows_stored).toBe(HISTORY);
    const train = await srv.post('/api/models/train', { symbol: 'TST_USDT', exchange: 'csv', timeframe: '1m', n_steps_ahead: 20, days_history: 3, options: { numBoostRound: 50 } });
    expect(train.status, train.text).toBe(200);
    expect((await srv.waitJob(train.body.jobId)).status).toBe('completed');
  });

  it('answers 422 with what to do when no bars follow the training data', async () => {
    const r = await srv.post(`/api/models/${CSV_NAME}/backtest`, {});
    expect(r.status, r.text).toBe(422);
    expect(r.body.detail).toMatch(/no bars after the model's training data.*give a from\/to range/);
  });

  it('backtests exactly the bars imported after the training data, out of sample', async () => {
    expect((await importCsv(sliceColumns(all, HISTORY), 'later.csv')).body.rows_stored).toBe(LATER);
    const r = await srv.post(`/api/models/${CSV_NAME}/backtest`, { fee_bps: 0 });
    expect(r.status, r.text).toBe(200);
    const s = backtestSummarySchema.parse(r.body);
    expect(s.series).toEqual({ exchange: 'csv', symbol: 'TST/USDT', timeframe: '1m' });
    // The default range starts at the first bar after the training data and runs to the last imported bar.
    expect(Date.parse(s.range.from!)).toBe(all.time[HISTORY]);
    expect(Date.parse(s.range.to!)).toBe(all.time[HISTORY + LATER - 1]);
    expect(s.range.bars).toBe(LATER);
    expect(s.range.decisions).toBe(LATER - 1);
    expect(s.overlap).toMatchObject({ same_series: true, overlaps_training: false, overlapping_bars: 0 });
    expect(Date.parse(s.overlap.fitted_until!)).toBe(all.time[HISTORY - 1]);
    const buyHold = all.close[HISTORY + LATER - 1] / all.close[HISTORY];
    expect(s.baselines.buy_and_hold.final_equity).toBeCloseTo(buyHold, 10);
  });
});
