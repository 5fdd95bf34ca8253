// The service's pure and in-memory parts: job manager, forecast scoring, the outdated rule, error kinds.
import { describe, expect, it } from 'vitest';
import { toColumns } from '../../core/data/candles';
import { scoreForecast } from '../../core/evaluation/forecastScore';
import { createEventBus } from '../../core/service/eventBus';
import { createJobManager } from '../../core/service/jobs';
import { allowedLagMs, modelFreshness } from '../../core/service/modelFreshness';
import { classifyError } from '../../core/service/serviceErrors';

const series = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' as const };

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

describe('job manager', () => {
  it('shares one run per key, announces every change, and clamps progress to never go back', async () => {
    const bus = createEventBus();
    const seen: string[] = [];
    bus.subscribeAll((event, p) => seen.push(`${event}:${'status' in p ? p.status : 'value' in p ? p.value : ''}`));
    const jobs = createJobManager({ bus });
    const gate = deferred();
    const a = jobs.start({ kind: 'train', name: 'm', ...series, shareKey: 'train:m' }, async (ctx) => {
      ctx.progress({ stage: 'data', value: 0.2, message: 'a' });
      ctx.progress({ stage: 'model', value: 0.1, message: 'b' });
      await gate.promise;
      return undefined;
    });
    const b = jobs.start({ kind: 'train', name: 'm', ...series, shareKey: 'train:m' }, async () => undefined);
    expect(b).toMatchObject({ joined: true, job: { id: a.job.id } });
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.get(a.job.id)).toMatchObject({ status: 'running', progress: 0.2, stage: 'model' });
    gate.resolve();
    const done = await jobs.wait(a.job.id);
    expect(done).toMatchObject({ status: 'completed', progress: 1, stage: 'done' });
    expect(seen).toEqual(['jobStatus:queued', 'jobStatus:running', 'jobProgress:0.2', 'jobProgress:0.2', 'jobStatus:completed']);
    const c = jobs.start({ kind: 'train', name: 'm', ...series, shareKey: 'train:m' }, async () => undefined);
    expect(c.joined).toBe(false);
  });

  it('runs one training at a time; a queued training cancelled leaves at once; a running one ends cancelled', async () => {
    const jobs = createJobManager({ bus: createEventBus(), maxConcurrentTrainings: 1 });
    const first = deferred();
    let secondRan = false;
    const a = jobs.start({ kind: 'train', name: 'a', ...series }, (ctx) => new Promise((_, reject) => {
      ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('stop'), { name: 'AbortError' })));
      void first.promise;
    }));
    const b = jobs.start({ kind: 'train', name: 'b', ...series }, async () => {
      secondRan = true;
    });
    const p = jobs.start({ kind: 'predict', name: 'p', ...series }, async () => undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.get(b.job.id)!.status).toBe('queued');
    expect((await jobs.wait(p.job.id)).status).toBe('completed');
    jobs.cancel(b.job.id);
    expect((await jobs.wait(b.job.id)).status).toBe('cancelled');
    expect(secondRan).toBe(false);
    expect(jobs.get(a.job.id)!.status).toBe('running');
    jobs.cancel(a.job.id);
    expect((await jobs.wait(a.job.id)).status).toBe('cancelled');
    const c = jobs.start({ kind: 'train', name: 'c', ...series }, async () => {
      throw new Error('Insufficient data for training (got 10 rows, need 1000)');
    });
    expect(await jobs.wait(c.job.id)).toMatchObject({ status: 'failed', error: 'Insufficient data for training (got 10 rows, need 1000)' });
    expect(jobs.list().map((j) => j.name)).toEqual(['c', 'p', 'b', 'a']);
  });

  it('removing a job (DELETE) hides it at once, cancels it when it runs, and its end is still reported', async () => {
    const bus = createEventBus();
    const statuses: string[] = [];
    bus.subscribe('jobStatus', (e) => statuses.push(`${e.name}:${e.status}`));
    const jobs = createJobManager({ bus, maxConcurrentTrainings: 1 });
    const running = jobs.start({ kind: 'train', name: 'r', ...series }, (ctx) => new Promise((_, reject) => {
      ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('stop'), { name: 'AbortError' })));
    }));
    const done = jobs.start({ kind: 'predict', name: 'd', ...series }, async () => undefined);
    await jobs.wait(done.job.id);
    expect(jobs.remove(done.job.id)?.status).toBe('completed');
    expect(jobs.get(done.job.id)).toBeUndefined();
    expect(jobs.remove(running.job.id)?.message).toBe('cancelling');
    expect(jobs.get(running.job.id)).toBeUndefined();
    expect(jobs.list()).toEqual([]);
    expect((await jobs.wait(running.job.id)).status).toBe('cancelled');
    expect(statuses).toContain('r:cancelled');
    expect(jobs.remove(running.job.id)).toBeUndefined();
  });

  it('a request for the same work after a remove starts a new job instead of joining the removed one', async () => {
    const jobs = createJobManager({ bus: createEventBus(), maxConcurrentTrainings: 1 });
    const body = (ctx: { signal: AbortSignal }) => new Promise<undefined>((_, reject) => {
      ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('stop'), { name: 'AbortError' })));
    });
    const first = jobs.start({ kind: 'train', name: 'm', shareKey: 'm', ...series }, body);
    expect(jobs.start({ kind: 'train', name: 'm', shareKey: 'm', ...series }, body)).toMatchObject({ joined: true });
    jobs.remove(first.job.id);
    const again = jobs.start({ kind: 'train', name: 'm', shareKey: 'm', ...series }, body);
    expect(again.joined).toBe(false);
    expect(again.job.id).not.toBe(first.job.id);
    expect(jobs.get(again.job.id)?.status).toBe('queued');
    jobs.remove(again.job.id);
    expect((await jobs.wait(again.job.id)).status).toBe('cancelled');
  });
});

describe('forecast scoring', () => {
  const t0 = Date.UTC(2024, 0, 1, 0, 0);
  const step = (h: number, close: number, lo: number, hi: number) => ({
    timestamp: new Date(t0 + h * 60_000).toISOString(), predicted_close: close, close_lower_80: lo, close_upper_80: hi,
  });
  const forecast = { current_price: 100, predictions: [step(1, 101, 99, 103), step(2, 102, 99, 104), step(3, 99, 97, 100), step(4, 100, 98, 102)] };
  const bar = (h: number, close: number) => ({ time: t0 + h * 60_000, open: close, high: close, low: close, close, volume: 1 });

  it('scores the steps that happened, skipping a missing bar', () => {
    const actual = toColumns([bar(0, 100), bar(1, 102), bar(3, 98)]);
    const s = scoreForecast(forecast, actual, t0 + 3 * 60_000, 'now');
    expect(s).toMatchObject({ steps_total: 4, steps_scored: 2, complete: false, directional_hits: 2, directional_count: 2, coverage_80: 1 });
    expect(s.rmse).toBeCloseTo(Math.sqrt((1 + 1) / 2), 12);
    expect(s.rmse_naive).toBeCloseTo(Math.sqrt((4 + 4) / 2), 12);
    expect(s.skill).toBeCloseTo(1 - 1 / 2, 12);
  });

  it('is complete once the newest bar reaches the last step, and counts misses and flat moves', () => {
    const actual = toColumns([bar(1, 99), bar(2, 105), bar(3, 100), bar(4, 100)]);
    const s = scoreForecast(forecast, actual, t0 + 4 * 60_000, 'now');
    expect(s.complete).toBe(true);
    expect(s.steps_scored).toBe(4);
    // step 1: up vs down (miss); step 2: up vs up (hit); step 3: down vs flat and step 4: flat vs flat (not counted)
    expect(s.directional_count).toBe(2);
    expect(s.directional_hits).toBe(1);
    // 99 in [99,103]; 105 not in [99,104]; 100 in [97,100]; 100 in [98,102]
    expect(s.coverage_80).toBe(0.75);
  });

  it('has no figures before any step happened', () => {
    const s = scoreForecast(forecast, toColumns([bar(0, 100)]), t0, 'now');
    expect(s).toMatchObject({ steps_scored: 0, rmse: null, skill: null, coverage_80: null, directional_accuracy: null, complete: false });
  });
});

describe('outdated rule', () => {
  const model = { feature_config_hash: 'abc', timeframe: '1m' as const, data_range: { to: '2024-01-10T00:00:00.000Z' } };
  const end = Date.parse(model.data_range.to);

  it('allows max(24 h, 1,000 bars) of lag', () => {
    expect(allowedLagMs('1m')).toBe(86_400_000);
    expect(allowedLagMs('1h')).toBe(1000 * 3_600_000);
    expect(modelFreshness(model, 'abc', end + 86_400_000).outdated).toBe(false);
    expect(modelFreshness(model, 'abc', end + 86_400_000 + 60_000)).toMatchObject({ outdated: true, reason: expect.stringContaining('24 h') });
    expect(modelFreshness({ ...model, timeframe: '1h' }, 'abc', end + 999 * 3_600_000).outdated).toBe(false);
  });

  it('calls a model trained on another feature configuration outdated', () => {
    expect(modelFreshness(model, 'def', end)).toMatchObject({ outdated: true, reason: expect.stringContaining('feature') });
  });
});

describe('error kinds', () => {
  it('maps client-caused failures to 4xx and keeps others internal', () => {
    expect(classifyError(new Error('Insufficient data for training (got 5 rows, need 1000)')).status).toBe(422);
    expect(classifyError(Object.assign(new Error('model not found: x'), { name: 'ModelNotFoundError' })).status).toBe(404);
    expect(classifyError(Object.assign(new Error('x.csv:3: bad'), { name: 'CsvError' })).status).toBe(400);
    expect(classifyError(Object.assign(new Error('down'), { name: 'ExchangeUnreachableError' })).status).toBe(503);
    expect(classifyError(new Error('segfault-ish surprise')).status).toBe(500);
  });
});
