// The REST API end to end: the real `candlecast serve` on 127.0.0.1, a fresh data home, the demo market.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastSchema, jobSchema, modelInfoSchema, predictionRecordSchema } from '../../core/api';
import { openEvents, smallTrain, startServe, type TestServer } from './server-harness';

let srv: TestServer;
let events: Awaited<ReturnType<typeof openEvents>>;
let trainJobId: string;

beforeAll(async () => {
  srv = await startServe();
  events = await openEvents(srv.url);
});

afterAll(async () => {
  events?.close();
  await srv?.stop();
});

describe('training', () => {
  it('two concurrent trains of one name share one job, which completes', async () => {
    const [a, b] = await Promise.all([srv.post('/api/models/train', smallTrain()), srv.post('/api/models/train', smallTrain())]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.name).toBe('BTC_USDT_1m_20steps');
    expect(b.body.jobId).toBe(a.body.jobId);
    expect([a.body.message, b.body.message].some((m: string) => m.includes('joined'))).toBe(true);
    trainJobId = a.body.jobId;
    const job = await srv.waitJob(trainJobId);
    expect(job.status).toBe('completed');
    expect(jobSchema.parse(job).result).toMatchObject({ name: 'BTC_USDT_1m_20steps', n_steps_ahead: 20 });
    const jobs = await srv.get('/api/jobs');
    expect(jobs.body.filter((j: { kind: string }) => j.kind === 'train')).toHaveLength(1);
  });

  it('SSE delivered the job’s progress in order, then its completion', async () => {
    await events.waitFor((e) => e.event === 'jobStatus' && e.data.jobId === trainJobId && e.data.status === 'completed');
    const mine = events.events.filter((e) => e.data.jobId === trainJobId);
    const progress = mine.filter((e) => e.event === 'jobProgress');
    expect(progress.length).toBeGreaterThan(10);
    for (let i = 1; i < mine.length; i++) expect(mine[i].id).toBeGreaterThan(mine[i - 1].id);
    for (let i = 1; i < progress.length; i++) expect(progress[i].data.value).toBeGreaterThanOrEqual(progress[i - 1].data.value);
    const stages = [...new Set(progress.map((e) => e.data.stage))];
    expect(stages.slice(0, 3)).toEqual(['data', 'features', 'model']);
    const withRounds = progress.filter((e) => e.data.detail?.iteration);
    expect(withRounds.length).toBeGreaterThan(0);
    expect(withRounds[0].data.detail.iteration).toMatchObject({ iteration: expect.any(Number), train: expect.any(Number) });
    expect(withRounds[0].data.detail.model).toMatchObject({ k: 1, n: 1 });
    const statuses = mine.filter((e) => e.event === 'jobStatus').map((e) => e.data.status);
    expect(statuses[0]).toBe('queued');
    expect(statuses.at(-1)).toBe('completed');
    expect(mine.at(-1)!.event).toBe('jobStatus');
  });
});

describe('the seed’s endpoints', () => {
  it('GET /api/models lists the model in the seed’s shape', async () => {
    const r = await srv.get('/api/models');
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    const m = modelInfoSchema.parse(r.body[0]);
    expect(m).toMatchObject({ name: 'BTC_USDT_1m_20steps', type: 'autoregressive', timeframe: '1m', n_steps_ahead: 20 });
    expect(m.model_size_kb).toBeGreaterThan(0);
    expect(Object.keys(m.performance)).toEqual(expect.arrayContaining(['train_r2', 'val_r2', 'train_rmse', 'val_rmse']));
  });

  it('GET /api/predictions forecasts with the stored model', async () => {
    const r = await srv.get('/api/predictions?symbol=BTC_USDT&timeframe=1m&steps=20&days_history=3&auto_train=false');
    expect(r.status).toBe(200);
    const f = forecastSchema.parse(r.body);
    expect(f.predictions).toHaveLength(20);
    expect(f.model_info).toMatchObject({ name: 'BTC_USDT_1m_20steps', type: 'autoregressive', n_steps_ahead: 20 });
    expect(f.data_stale).toBe(false);
    const last = Date.parse(f.last_bar_time);
    f.predictions.forEach((s, i) => {
      expect(Date.parse(s.timestamp)).toBe(last + (i + 1) * 60_000);
      expect(s.predicted_high).toBeGreaterThanOrEqual(Math.max(s.predicted_open, s.predicted_close));
      expect(s.predicted_low).toBeLessThanOrEqual(Math.min(s.predicted_open, s.predicted_close));
      expect(s.close_lower_80).toBeLessThanOrEqual(s.close_upper_80);
    });
  });

  it('GET /api/predictions without auto_train for a missing model is a 404 naming it', async () => {
    const r = await srv.get('/api/predictions?symbol=ETH_USDT&timeframe=1m&steps=20&days_history=3&auto_train=false');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'not_found', detail: expect.stringContaining('ETH_USDT_1m_20steps') });
  });

  it('POST /api/predictions/generate then polling GET /api/predictions/{id} reaches completed', async () => {
    const r = await srv.post('/api/predictions/generate', { symbol: 'BTC_USDT', timeframe: '1m', auto_train: true, steps: 20, days_history: 3 });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('running');
    expect(r.body.message).toBe(`Prediction started. Check status at /api/predictions/${r.body.prediction_id}`);
    const id = r.body.prediction_id as string;
    let record: any;
    for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((s) => setTimeout(s, 50))) {
      record = (await srv.get(`/api/predictions/${id}`)).body;
      if (record.status !== 'running') break;
    }
    const rec = predictionRecordSchema.parse(record);
    expect(Object.keys(record)).toEqual(expect.arrayContaining(['id', 'symbol', 'timeframe', 'status', 'created_at', 'result']));
    expect(rec).toMatchObject({ id, status: 'completed', timeframe: '1m', model_name: 'BTC_USDT_1m_20steps' });
    expect(rec.result!.predictions).toHaveLength(20);
    const csv = await srv.get(`/api/predictions/${id}/csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('step,timestamp,predicted_open,predicted_high,predicted_low,predicted_close,predicted_return,close_lower_80,close_upper_80,confidence,close_lower_50,close_upper_50,close_lower_90,close_upper_90,p_up,predicted_range');
    expect(lines).toHaveLength(21);
    const list = await srv.get('/api/predictions/list');
    expect(list.body.map((p: { id: string }) => p.id)).toContain(id);
  });

  it('a background forecast that must train first reports training stages, and trains with the given options', async () => {
    const r = await srv.post('/api/predictions/generate', { symbol: 'ETH_USDT', timeframe: '1m', steps: 20, days_history: 3, options: { numBoostRound: 30 } });
    const job = await srv.waitJob(r.body.jobId);
    await events.waitFor((e) => e.event === 'jobStatus' && e.data.jobId === r.body.jobId && e.data.status === 'completed');
    expect(job).toMatchObject({ kind: 'predict', status: 'completed', prediction_id: r.body.prediction_id, name: 'ETH_USDT_1m_20steps' });
    const stages = new Set(events.events.filter((e) => e.data.jobId === r.body.jobId && e.event === 'jobProgress').map((e) => e.data.stage));
    expect([...stages]).toEqual(expect.arrayContaining(['data', 'model', 'forecast']));
  });
});

describe('beyond the seed', () => {
  it('feature importance by gain and split', async () => {
    const gain = await srv.get('/api/models/BTC_USDT_1m_20steps/importance?kind=gain&top=20');
    expect(gain.status).toBe(200);
    expect(gain.body.features).toHaveLength(20);
    const values = gain.body.features.map((f: { value: number }) => f.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBeGreaterThan(0);
    const split = await srv.get('/api/models/BTC_USDT_1m_20steps/importance?kind=split');
    expect(split.body.kind).toBe('split');
    expect(split.body.features.every((f: { value: number }) => Number.isInteger(f.value))).toBe(true);
    expect((await srv.get('/api/models/NOPE_1m/importance')).status).toBe(404);
    expect((await srv.get('/api/models/BTC_USDT_1m_20steps/importance?target=open')).status).toBe(422);
  });

  it('compares two models of one series component by component, paired, and refuses what cannot be compared', async () => {
    const r = await srv.post('/api/models/train', smallTrain({ type: 'multi_ohlc' }));
    expect((await srv.waitJob(r.body.jobId)).status).toBe('completed');
    const c = await srv.get('/api/models/BTC_USDT_1m_20steps/compare?with=BTC_USDT_1m_20steps_multi_ohlc');
    expect(c.status, c.text).toBe(200);
    expect(c.body).toMatchObject({ model: 'BTC_USDT_1m_20steps', with: 'BTC_USDT_1m_20steps_multi_ohlc', series: 'demo BTC/USDT 1m' });
    // Each side's figures are its own stored verdicts, as GET /api/models lists them.
    const models = (await srv.get('/api/models')).body as { name: string; evaluation: { verdicts: Record<string, { skill: number; skill_ci: number[] }> } }[];
    const verdicts = (name: string) => models.find((m) => m.name === name)!.evaluation.verdicts;
    expect(c.body.components.map((x: { key: string }) => x.key)).toEqual(['direction', 'range', 'band', 'close']);
    for (const x of c.body.components) {
      expect(x.a).toEqual({ skill: verdicts('BTC_USDT_1m_20steps')[x.key].skill, skill_ci: verdicts('BTC_USDT_1m_20steps')[x.key].skill_ci });
      expect(x.b.skill).toBe(verdicts('BTC_USDT_1m_20steps_multi_ohlc')[x.key].skill);
      // Trained on the same demo market minutes apart: paired over the stretch both were tested on.
      expect(x.paired, x.key).not.toBeNull();
      const [lo, hi] = x.paired.difference_ci;
      expect(x.paired.better).toBe(lo > 0 ? 'a' : hi < 0 ? 'b' : 'neither');
    }
    const self = await srv.get('/api/models/BTC_USDT_1m_20steps/compare?with=BTC_USDT_1m_20steps');
    expect(self.status).toBe(400);
    expect(self.body.detail).toMatch(/cannot be compared with itself/);
    const other = await srv.get('/api/models/BTC_USDT_1m_20steps/compare?with=ETH_USDT_1m_20steps');
    expect(other.status).toBe(400);
    expect(other.body.detail).toContain('ETH_USDT_1m_20steps forecasts demo ETH/USDT 1m: compare models of one series');
    expect((await srv.get('/api/models/BTC_USDT_1m_20steps/compare?with=NOPE_1m')).status).toBe(404);
    expect((await srv.get('/api/models/BTC_USDT_1m_20steps/compare')).status).toBe(400);
  });

  it('series, candles, sources, health, OpenAPI', async () => {
    const series = await srv.get('/api/series');
    expect(series.body).toContainEqual(expect.objectContaining({ exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m', gaps: 0 }));
    const candles = await srv.get('/api/candles?symbol=BTC_USDT&timeframe=1m&limit=100');
    expect(candles.body.candles).toHaveLength(100);
    const times = candles.body.candles.map((c: { time: number }) => c.time);
    expect(times[99] - times[0]).toBe(99 * 60_000);
    const sources = await srv.get('/api/sources');
    expect(sources.body[0]).toMatchObject({ id: 'demo', kind: 'demo', symbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] });
    expect(sources.body.some((s: { kind: string }) => s.kind === 'ccxt')).toBe(true);
    const health = await srv.get('/api/health');
    expect(health.body).toMatchObject({ status: 'ok', home: srv.home });
    const doc = await srv.get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.0.3');
    expect(doc.body.paths['/api/predictions'].get.operationId).toBe('getPredictions');
  });

  it('cancelling a training stops it and leaves no model', async () => {
    const big = smallTrain({ symbol: 'SOL_USDT', days_history: 5, options: { numBoostRound: 5000, earlyStoppingRounds: 0 } });
    const r = await srv.post('/api/models/train', big);
    const id = r.body.jobId as string;
    await events.waitFor((e) => e.event === 'jobProgress' && e.data.jobId === id && e.data.detail?.iteration !== undefined);
    const c = await srv.del(`/api/jobs/${id}`);
    expect(c.status).toBe(200);
    // Deleted: gone from the API at once; its end still arrives as an event.
    expect((await srv.get(`/api/jobs/${id}`)).status).toBe(404);
    const ended = await events.waitFor((e) => e.event === 'jobStatus' && e.data.jobId === id && ['completed', 'failed', 'cancelled'].includes(e.data.status));
    expect(ended.data.status).toBe('cancelled');
    const models = await srv.get('/api/models');
    expect(models.body.map((m: { name: string }) => m.name)).not.toContain('SOL_USDT_1m_20steps');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(`${srv.home}/models`).filter((n) => n.includes('SOL_USDT'))).toEqual([]);
  });

  it('deletes a model, then answers 404 for it', async () => {
    const d = await srv.del('/api/models/ETH_USDT_1m_20steps');
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ deleted: 'ETH_USDT_1m_20steps' });
    expect((await srv.del('/api/models/ETH_USDT_1m_20steps')).status).toBe(404);
    expect((await srv.get('/api/predictions?symbol=ETH_USDT&timeframe=1m&steps=20&auto_train=false')).status).toBe(404);
  });
});
