import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  createApiClient, createHttpTransport, decodePathSegments, dispatchSettled, eventNames, events, forecastSchema,
  fromHttpRequest, matchRoute, modelComparisonSchema, modelInfoSchema, openApiDocument, operationChannel, operationNames, operations,
  toHttpRequest, trainSummarySchema, unwrapResult, ApiError, type ApiHandlers, type FetchLike, type OperationResponse,
} from '../../core/api';
import type { Forecast, ModelSummary, TrainSummary } from '../../core/predictors/types';
import type { ModelComparison } from '../../core/predictors/modelComparison';

describe('contract types', () => {
  it('mirror the predictor types (fails to compile when they drift)', () => {
    expectTypeOf<z.output<typeof forecastSchema>>().toEqualTypeOf<DeepMutable<Forecast>>();
    expectTypeOf<z.output<typeof trainSummarySchema>>().toEqualTypeOf<DeepMutable<TrainSummary>>();
    expectTypeOf<Omit<z.output<typeof modelInfoSchema>, 'model_size_kb'>>().toEqualTypeOf<DeepMutable<ModelSummary>>();
    expectTypeOf<z.output<typeof modelComparisonSchema>>().toEqualTypeOf<DeepMutable<ModelComparison>>();
    expectTypeOf<OperationResponse<'trainModel'>>().toHaveProperty('jobId');
    expectTypeOf<OperationResponse<'generatePrediction'>['status']>().toEqualTypeOf<'running'>();
  });
});

type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

describe('REST routes derived from the contract', () => {
  it('every operation has a distinct method + path', () => {
    const keys = operationNames.map((n) => `${operations[n].http.method} ${operations[n].http.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('round-trips every operation through toHttpRequest and matchRoute', () => {
    const sample: Record<string, Record<string, unknown>> = {
      deleteModel: { name: 'BTC_USDT_1m_20steps' },
      featureImportance: { name: 'BTC_USDT_1m_20steps', kind: 'split' },
      compareModels: { name: 'BTC_USDT_1m_20steps', with: 'BTC_USDT_1m_20steps_multi_ohlc' },
      backtestModel: { name: 'BTC_USDT_1m_20steps', horizon: 2, long_only: true },
      getPrediction: { id: '123e4567-e89b-12d3-a456-426614174000' },
      predictionCsv: { id: '123e4567-e89b-12d3-a456-426614174000' },
      getJob: { id: '123e4567-e89b-12d3-a456-426614174000' },
      cancelJob: { id: '123e4567-e89b-12d3-a456-426614174000' },
      getPredictions: { symbol: 'BTC_USDT', timeframe: '1m', steps: 20, auto_train: false },
      predictionScore: { id: '123e4567-e89b-12d3-a456-426614174000' },
      watchMarket: { symbol: 'BTC_USDT', timeframe: '1m', rolling_model: 'BTC_USDT_1m_20steps', lease_s: 60 },
      unwatchMarket: { watch_id: 'w1' },
    };
    for (const name of operationNames) {
      const req = sample[name] ?? {};
      const parts = toHttpRequest(name, req);
      const [path, qs = ''] = parts.url.split('?');
      const match = matchRoute(parts.method, decodePathSegments(path));
      expect(match?.name).toBe(name);
      const back = fromHttpRequest(name, match!.params, new URLSearchParams(qs), parts.body ? JSON.parse(parts.body) : undefined);
      expect(back).toEqual(req);
    }
  });

  it('types query strings by the field they fill', () => {
    const raw = fromHttpRequest('getPredictions', {}, new URLSearchParams('symbol=BTC_USDT&timeframe=1m&auto_train=false&steps=20'), undefined);
    expect(raw).toEqual({ symbol: 'BTC_USDT', timeframe: '1m', auto_train: false, steps: 20 });
    const parsed = operations.getPredictions.request.parse(raw);
    expect(parsed.force_retrain).toBe(false);
    expect(parsed.exchange).toBe('demo');
  });

  it.each(['/api/models/..', '/api/models/%2e%2e', '/api/models/%2E%2e/importance', '/api/models/a%2Fb', '/api/models/%252e%252e',
    '/api/models/a%00b', '/api/models/..%5c..', '/api/models/%E0%A4%A'])('refuses the path %s', (p) => {
    expect(() => decodePathSegments(p)).toThrow(ApiError);
  });

  it('answers 405 for a known path with another method', () => {
    expect(() => matchRoute('PUT', ['api', 'models'])).toThrow(/not allowed/);
  });
});

describe('validation', () => {
  it('names the field and the limit', () => {
    const r = operations.trainModel.request.safeParse({ symbol: 'BTC_USDT', timeframe: '1m', n_steps_ahead: 5001 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['n_steps_ahead']);
    const d = operations.trainModel.request.safeParse({ symbol: 'BTC_USDT', timeframe: '1m', days_history: 366 });
    expect(d.error!.issues[0].path).toEqual(['days_history']);
    expect(operations.trainModel.request.safeParse({ symbol: 'BTC_USDT', timeframe: '1h', days_history: 366 }).success).toBe(true);
  });

  it('refuses names and symbols that could be paths, and file-writing LightGBM parameters', () => {
    for (const name of ['../x', '/etc/passwd', 'a/b', '.hidden', 'a\u0000b', 'a.b', '']) {
      expect(operations.deleteModel.request.safeParse({ name }).success, name).toBe(false);
    }
    for (const symbol of ['../BTC', 'BTC/../USDT', 'BTC_USDT/..', 'C:\\x_y']) {
      expect(operations.listPredictions.request.safeParse({ symbol }).success, symbol).toBe(false);
    }
    const params = (p: Record<string, unknown>) =>
      operations.trainModel.request.safeParse({ symbol: 'BTC_USDT', timeframe: '1m', options: { modelParams: p } }).success;
    expect(params({ learning_rate: 0.1, num_leaves: 15 })).toBe(true);
    expect(params({ output_model: 'x.txt' })).toBe(false);
    expect(params({ objective: '/etc/passwd' })).toBe(false);
  });
});

describe('client and transports', () => {
  const handlers = { health: async () => ({ status: 'ok', version: 't', home: '/h', jobs_running: 0, jobs_queued: 0, uptime_s: 1 }) } as unknown as ApiHandlers;

  it('settles invalid requests into an error body and unwraps it back into an ApiError', async () => {
    const bad = await dispatchSettled(handlers, 'getJob', { id: '../../x' });
    expect(bad.ok).toBe(false);
    expect(() => unwrapResult(bad)).toThrow(ApiError);
    const good = await dispatchSettled(handlers, 'health', {});
    expect(unwrapResult(good)).toMatchObject({ status: 'ok' });
    expect(operationChannel('health')).toBe('candlecast:health');
  });

  it('the HTTP transport maps errors, CSV and events', async () => {
    const calls: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push(`${init.method} ${url}`);
      if (url.includes('/csv')) {
        return { ok: true, status: 200, headers: { get: () => 'attachment; filename="f.csv"' }, text: async () => 'step\n1\n' };
      }
      return { ok: false, status: 404, headers: { get: () => null }, text: async () => JSON.stringify({ error: 'not_found', detail: 'no such job' }) };
    };
    const listeners: Record<string, (ev: { data: string }) => void> = {};
    class FakeSource {
      constructor(readonly url: string) { calls.push(`SSE ${url}`); }
      addEventListener(type: string, l: (ev: { data: string }) => void) { listeners[type] = l; }
      close() { calls.push('SSE close'); }
    }
    const client = createApiClient(createHttpTransport({ baseUrl: 'http://127.0.0.1:1', fetch, EventSource: FakeSource, token: 't0k' }));
    await expect(client.getJob({ id: '123e4567-e89b-12d3-a456-426614174000' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(client.predictionCsv({ id: '123e4567-e89b-12d3-a456-426614174000' })).resolves.toEqual({ file_name: 'f.csv', csv: 'step\n1\n' });
    const got: unknown[] = [];
    const off = client.onJobProgress((p) => got.push(p));
    listeners.jobProgress({ data: JSON.stringify({ jobId: 'j', value: 0.5 }) });
    off();
    expect(got).toEqual([{ jobId: 'j', value: 0.5 }]);
    expect(calls).toContain('SSE http://127.0.0.1:1/api/events?token=t0k');
    expect(calls.at(-1)).toBe('SSE close');
    expect(eventNames).toEqual(Object.keys(events));
  });
});

describe('OpenAPI', () => {
  it('documents every operation by its name', () => {
    const doc = openApiDocument('1') as { paths: Record<string, Record<string, { operationId: string }>> };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    for (const name of operationNames) expect(ids).toContain(name);
    expect(doc.paths['/api/models/{name}'].delete.operationId).toBe('deleteModel');
  });
});

describe('errors every transport maps the same way', () => {
  it('a lock timeout is 503, a cancelled wait 409, a kind carried in `code` keeps it, anything else 500', async () => {
    const { toApiError } = await import('../../core/api/errors');
    expect(toApiError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })).status).toBe(503);
    expect(toApiError(Object.assign(new Error('the training of m was cancelled'), { name: 'AbortError' })).toBody())
      .toEqual({ error: 'conflict', detail: 'the training of m was cancelled' });
    expect(toApiError(Object.assign(new Error('no candles'), { code: 'unprocessable' })).status).toBe(422);
    expect(toApiError(Object.assign(new Error('x'), { code: 'constructor' })).status).toBe(500);
    expect(toApiError(new Error('boom')).status).toBe(500);
  });
});
