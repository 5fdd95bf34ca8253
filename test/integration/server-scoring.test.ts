// A saved forecast is scored once real candles for its period reach the store (here: a second CSV import).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candlesToCsv, demoCandles, sliceColumns, type CandleColumns } from '../../core/data';
import { startServe, type TestServer } from './server-harness';

let srv: TestServer;
const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const HISTORY = 3000;
const STEPS = 20;
/** Bars added after the first forecast: more than max(24 h, 1,000 bars) of 1m, so the model becomes outdated. */
const LATER = 1500;
let all: CandleColumns;

beforeAll(async () => {
  srv = await startServe();
  all = demoCandles('BTC/USDT', '1m', T0, T0 + (HISTORY + STEPS + LATER - 1) * MIN, 11);
});

afterAll(async () => {
  await srv?.stop();
});

const importCsv = (c: CandleColumns, fileName: string) =>
  srv.post('/api/series/import', { csv: candlesToCsv(c), file_name: fileName, symbol: 'TST_USDT', exchange: 'csv', timeframe: '1m' });

describe('prediction history scoring', () => {
  it('scores a saved forecast step by step as the candles of its period arrive', async () => {
    const imported = await importCsv(sliceColumns(all, 0, HISTORY), 'history.csv');
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ exchange: 'csv', symbol: 'TST/USDT', timeframe: '1m', rows_read: HISTORY, rows_stored: HISTORY });

    const train = await srv.post('/api/models/train', { symbol: 'TST_USDT', exchange: 'csv', timeframe: '1m', n_steps_ahead: STEPS, days_history: 2, options: { numBoostRound: 50 } });
    expect(train.status).toBe(200);
    expect((await srv.waitJob(train.body.jobId)).status).toBe('completed');

    const f = await srv.get(`/api/predictions?symbol=TST_USDT&exchange=csv&timeframe=1m&steps=${STEPS}&auto_train=false&save=true&user_id=tester`);
    expect(f.status).toBe(200);
    expect(f.body.data_stale).toBe(false);
    expect(Date.parse(f.body.last_bar_time)).toBe(all.time[HISTORY - 1]);
    const id = f.body.prediction_id as string;

    const before = await srv.get(`/api/predictions/${id}`);
    expect(before.body).toMatchObject({ id, status: 'completed', user_id: 'tester', exchange: 'csv', symbol: 'TST/USDT', score: null });

    expect((await importCsv(sliceColumns(all, HISTORY, HISTORY + 10), 'next10.csv')).status).toBe(200);
    const partial = (await srv.get(`/api/predictions/${id}`)).body.score;
    expect(partial).toMatchObject({ steps_total: STEPS, steps_scored: 10, complete: false });

    expect((await importCsv(sliceColumns(all, HISTORY + 10, HISTORY + STEPS), 'rest.csv')).status).toBe(200);
    const list = await srv.get('/api/predictions/list?symbol=TST_USDT');
    const score = list.body.find((p: { id: string }) => p.id === id).score;
    expect(score).toMatchObject({ steps_total: STEPS, steps_scored: STEPS, complete: true });

    // The same figures computed here from the forecast and the imported closes.
    const p0 = f.body.current_price as number;
    let se = 0;
    let seNaive = 0;
    let covered = 0;
    let hits = 0;
    let count = 0;
    f.body.predictions.forEach((s: any, i: number) => {
      const real = all.close[HISTORY + i];
      se += (s.predicted_close - real) ** 2;
      seNaive += (p0 - real) ** 2;
      if (real >= s.close_lower_80 && real <= s.close_upper_80) covered++;
      const a = Math.sign(s.predicted_close - p0);
      const b = Math.sign(real - p0);
      if (a !== 0 && b !== 0) {
        count++;
        if (a === b) hits++;
      }
    });
    expect(score.rmse).toBeCloseTo(Math.sqrt(se / STEPS), 8);
    expect(score.rmse_naive).toBeCloseTo(Math.sqrt(seNaive / STEPS), 8);
    expect(score.skill).toBeCloseTo(1 - Math.sqrt(se / STEPS) / Math.sqrt(seNaive / STEPS), 8);
    expect(score.coverage_80).toBeCloseTo(covered / STEPS, 12);
    expect(score.directional_count).toBe(count);
    expect(score.directional_hits).toBe(hits);
  });

  it('retrains an outdated model before forecasting (auto_train), and uses it as it is without auto_train', async () => {
    const path = `/api/predictions?symbol=TST_USDT&exchange=csv&timeframe=1m&steps=${STEPS}`;
    const options = encodeURIComponent(JSON.stringify({ numBoostRound: 30 }));
    const before = (await srv.get('/api/models')).body.find((m: { name: string }) => m.name === 'csv_TST_USDT_1m_20steps');
    expect((await importCsv(sliceColumns(all, HISTORY + STEPS), 'later.csv')).body.rows_stored).toBe(LATER);
    const newest = all.time[all.length - 1];

    const asIs = await srv.get(`${path}&auto_train=false`);
    expect(asIs.status).toBe(200);
    expect(asIs.body.model_info.trained_at).toBe(before.trained_at);
    expect(Date.parse(asIs.body.last_bar_time)).toBe(newest);

    const retrained = await srv.get(`${path}&auto_train=true&days_history=2&options=${options}`);
    expect(retrained.status).toBe(200);
    expect(retrained.body.model_info.trained_at > before.trained_at).toBe(true);
    const after = (await srv.get('/api/models')).body.find((m: { name: string }) => m.name === 'csv_TST_USDT_1m_20steps');
    expect(Date.parse(after.data_range.to)).toBe(newest);

    const again = await srv.get(`${path}&auto_train=true`);
    expect(again.body.model_info.trained_at).toBe(after.trained_at);
    const forced = await srv.get(`${path}&force_retrain=true&days_history=2&options=${options}`);
    expect(forced.body.model_info.trained_at > after.trained_at).toBe(true);
  });
});
