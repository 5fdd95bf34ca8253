import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { ApiHandlers, SubscribeFn } from '../api/contract';
import { defaultDaysFor } from '../api/fields';
import { ApiError, invalidField } from '../api/errors';
import { normalizeExchange, normalizeSymbol, type SeriesKey, type Timeframe } from '../data/candles';
import { openCandleStore, type CandleStore } from '../data/store';
import type { CcxtConnection } from '../data/ccxtSource';
import { assertNameFreeFor, compareModels, deleteModel, listModels, readModelConfig, recoverModelStore, resolveSeriesModel, summarize, validateModelName, type ModelComparison } from '../predictors';
import type { Forecast, PredictorType, TrainOptions } from '../predictors/types';
import { ensureHome, resolveHome, type DataHome } from '../runtime/home';
import { createEventBus, type EventBus } from './eventBus';
import type { ForecastWorkerAnswers, ForecastWorkerData, ForecastWorkerRequest, RefreshResult } from './forecastProtocol';
import { assertForecastable, forecastNow, type ForecastRequest } from './forecasting';
import { createHandlers } from './handlers';
import { createJobManager, type Job, type JobManager } from './jobs';
import { openPredictionStore, type PredictionStore } from './predictionStore';
import type { ServiceDeps } from './serviceDeps';
import { classifyError } from './serviceErrors';
import { startTrainJob } from './trainJob';
import { createWorkerPool, type WorkerPool } from './workerPool';
import { systemClock, type Clock } from '../live/clock';
import { createLiveFeeds, type LiveFeeds } from '../live/liveFeeds';
import { createLiveHandlers } from '../live/liveHandlers';
import type { LiveTiming } from '../live/poller';
import { createRollingForecasts } from '../live/rolling';
import { isDemoExchange } from '../data/demoMarket';

/** Options of createService. */
export interface ServiceOptions {
  /** The data home (a folder or a resolved DataHome). */
  readonly home: string | DataHome;
  /** Forecast workers (default: 2, or 1 on a single core). */
  readonly forecastWorkers?: number;
  /** Trainings that run at once (default 1). */
  readonly maxConcurrentTrainings?: number;
  /** Loaded models cached per forecast worker (default 8). */
  readonly modelCacheSize?: number;
  /** A series is brought up to date at most this often (default 5 s). */
  readonly refreshIntervalMs?: number;
  /** Connection settings per ccxt exchange id (URL overrides, retries, timeouts); default: the exchanges themselves. */
  readonly ccxt?: Readonly<Record<string, CcxtConnection>>;
  /** The live feeds' clock (default: the system clock; tests pass a manual one). */
  readonly clock?: Clock;
  /** Live poll timing for every market (default: polls right at a demo bar's close, 2 s after an exchange's). */
  readonly liveTiming?: LiveTiming;
}

/** A training request in the service's camelCase form. */
export interface TrainModelRequest extends SeriesKey {
  readonly type?: PredictorType;
  readonly nStepsAhead?: number;
  readonly daysHistory?: number;
  readonly name?: string;
  readonly options?: Partial<TrainOptions>;
}

/** A forecast to save in the history. */
export interface SavePredictionRequest {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly exchange?: string;
  readonly predictionData: Forecast;
  readonly userId?: string | null;
  readonly modelName?: string | null;
}

/** The ML service: every contract operation (`api`), its events, and the named methods. */
export interface Service {
  readonly home: DataHome;
  readonly api: ApiHandlers;
  readonly subscribe: SubscribeFn;
  readonly bus: EventBus;
  readonly jobs: JobManager;
  /** The live feeds of watched markets. */
  readonly live: LiveFeeds;
  trainModel(req: TrainModelRequest): { jobId: string; name: string; joined: boolean; job: Job };
  listModels(): ReturnType<typeof listModels>;
  getPredictions(key: SeriesKey & { type?: PredictorType }, opts?: { autoTrain?: boolean; forceRetrain?: boolean; steps?: number; model?: string; daysHistory?: number }): Promise<Forecast>;
  /** Starts a background forecast that is saved under the returned id. */
  generatePrediction(req: ForecastRequest & { userId?: string | null }): { predictionId: string; jobId: string };
  savePredictionResult(req: SavePredictionRequest): string;
  deleteModel(name: string): Promise<void>;
  featureImportance(name: string, opts?: { kind?: 'gain' | 'split'; target?: 'open' | 'high' | 'low' | 'close' }): Promise<{ name: string; value: number }[]>;
  /** Model `name` compared with model `other` of the same series, component by component (modelComparison.ts). */
  compareModels(name: string, other: string): ModelComparison;
  /** Scores saved forecasts whose period has (partly) happened; returns how many scores changed. */
  scorePending(): Promise<number>;
  /** The main thread's own candle store connection (series list, small reads). */
  candleStore(): CandleStore;
  /** Cancels running jobs, stops the workers and closes the databases. */
  close(): Promise<void>;
}

/** The canonical key of a request's series (`BTC_USDT` → `BTC/USDT`), with errors naming the field. */
export function seriesKeyOf(req: { exchange?: string; symbol: string; timeframe: Timeframe }): SeriesKey {
  let symbol: string;
  let exchange: string;
  try {
    symbol = normalizeSymbol(req.symbol);
  } catch (e) {
    throw invalidField('symbol', (e as Error).message);
  }
  try {
    exchange = normalizeExchange(req.exchange ?? 'demo');
  } catch (e) {
    throw invalidField('exchange', (e as Error).message);
  }
  return { exchange, symbol, timeframe: req.timeframe };
}

/** Starts the service on a data home: databases, forecast workers, job manager. */
export function createService(opts: ServiceOptions): Service {
  const home = ensureHome(typeof opts.home === 'string' ? resolveHome(opts.home) : opts.home);
  // Models cut short by a crash mid-replacement come back, and scratch folders of dead processes go.
  recoverModelStore(home.modelsDir);
  const bus = createEventBus();
  const jobs = createJobManager({ bus, maxConcurrentTrainings: opts.maxConcurrentTrainings });
  const predictions: PredictionStore = openPredictionStore(home.dbPath);
  let store: CandleStore | undefined;
  const candleStore = () => (store ??= openCandleStore(home.dbPath));
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const workerData: ForecastWorkerData = { dbPath: home.dbPath, modelsDir: home.modelsDir, cacheSize: opts.modelCacheSize ?? 8, ccxt: opts.ccxt };
  const pool: WorkerPool<ForecastWorkerRequest> = createWorkerPool('service-forecast', workerData, opts.forecastWorkers ?? Math.min(2, cores));
  const call = <K extends ForecastWorkerRequest['type']>(req: Extract<ForecastWorkerRequest, { type: K }>) =>
    pool.call<ForecastWorkerAnswers[K]>(req).catch((err: unknown) => {
      throw classifyError(err);
    });

  const refreshEvery = opts.refreshIntervalMs ?? 5000;
  const refreshes = new Map<string, { at: number; days: number; result: Promise<RefreshResult> }>();
  function refresh(key: SeriesKey, days: number): Promise<RefreshResult> {
    const id = `${key.exchange}|${key.symbol}|${key.timeframe}`;
    const last = refreshes.get(id);
    if (last && last.days >= days && Date.now() - last.at < refreshEvery) return last.result;
    const result = call({ type: 'refresh', key, days });
    refreshes.set(id, { at: Date.now(), days, result });
    result.catch(() => refreshes.delete(id));
    return result;
  }

  const onModelSaved = (name: string) => pool.broadcast({ type: 'evict', name }).catch(() => undefined);
  const deps: ServiceDeps = {
    home, bus, jobs, pool, predictions, refresh, ccxt: opts.ccxt,
    newestBar: (key) => candleStore().info(key)?.last ?? null,
    forecastWith: (name, trainedAt, key) => call({ type: 'forecast', name, trainedAt, key }),
    onModelSaved,
  };

  const live = createLiveFeeds({
    bus,
    clock: opts.clock ?? systemClock,
    source: { poll: (key, now, after) => call({ type: 'livePoll', key, now, after }) },
    timingFor: (key) => opts.liveTiming ?? (isDemoExchange(key.exchange) ? {} : { closeGraceMs: 2000 }),
    onClosedBars: createRollingForecasts({
      bus,
      trainedAt(model, key) {
        try {
          const c = readModelConfig(home.modelsDir, model);
          return c.exchange === key.exchange && c.symbol === key.symbol && c.timeframe === key.timeframe ? c.trained_at : undefined;
        } catch {
          return undefined;
        }
      },
      forecastWith: deps.forecastWith,
    }),
  });

  let scoring: Promise<number> | undefined;
  async function scoreOnce(): Promise<number> {
    const items = predictions.unscored(200);
    if (items.length === 0) return 0;
    const scored = await call({ type: 'score', items: items.map((p) => ({ id: p.id, key: { exchange: p.exchange, symbol: p.symbol, timeframe: p.timeframe }, result: p.result })) });
    for (const s of scored) predictions.setScore(s.id, s.score);
    return scored.length;
  }

  const service: Service = {
    home, bus, jobs, live,
    subscribe: bus.subscribe,
    api: undefined as unknown as ApiHandlers,
    trainModel(req) {
      const key = seriesKeyOf(req);
      const type = req.type ?? 'autoregressive';
      const nStepsAhead = req.nStepsAhead ?? 300;
      const name = req.name === undefined ? resolveSeriesModel(home.modelsDir, key, type, nStepsAhead).name : validateModelName(req.name);
      try {
        assertNameFreeFor(home.modelsDir, name, key);
      } catch (err) {
        throw classifyError(err);
      }
      const days = req.daysHistory ?? defaultDaysFor(key.timeframe);
      const { jobId, joined } = startTrainJob(jobs, { dbPath: home.dbPath, modelsDir: home.modelsDir, key, type, nStepsAhead, days, name, options: req.options, ccxt: opts.ccxt?.[key.exchange] }, onModelSaved);
      return { jobId, name, joined, job: jobs.get(jobId)! };
    },
    listModels: () => listModels(home.modelsDir),
    async getPredictions(key, o = {}) {
      const req: ForecastRequest = {
        key: seriesKeyOf(key), type: key.type ?? 'autoregressive', autoTrain: o.autoTrain ?? true, forceRetrain: o.forceRetrain ?? false,
        steps: o.steps, model: o.model, daysHistory: o.daysHistory,
      };
      return (await forecastNow(deps, req)).forecast;
    },
    generatePrediction(req) {
      const chosen = assertForecastable(deps, req);
      const id = randomUUID();
      predictions.insert({ id, symbol: req.key.symbol, timeframe: req.key.timeframe, exchange: req.key.exchange, modelName: chosen.name, status: 'running', userId: req.userId });
      jobs.start({ kind: 'predict', id, name: chosen.name, ...req.key, message: 'forecast is queued' }, async (ctx) => {
        const { forecast, name } = await forecastNow(deps, req, { progress: ctx.progress, signal: ctx.signal });
        predictions.complete(id, forecast, name);
        return forecast;
      });
      void jobs.wait(id).then((job) => {
        if (job.status === 'failed') predictions.fail(id, 'failed', job.error ?? 'failed');
        else if (job.status === 'cancelled') predictions.fail(id, 'cancelled', 'the forecast was cancelled');
      });
      return { predictionId: id, jobId: id };
    },
    savePredictionResult(req) {
      const key = seriesKeyOf({ symbol: req.symbol, timeframe: req.timeframe, exchange: req.exchange ?? req.predictionData.exchange });
      return predictions.insert({
        symbol: key.symbol, timeframe: key.timeframe, exchange: key.exchange, status: 'completed',
        modelName: req.modelName ?? req.predictionData.model_info.name, result: req.predictionData, userId: req.userId,
      });
    },
    async deleteModel(name) {
      validateModelName(name);
      const training = jobs.list().find((j) => j.kind === 'train' && j.name === name && (j.status === 'running' || j.status === 'queued'));
      if (training) throw new ApiError('conflict', `model ${name} is being trained (job ${training.id}); cancel it first`);
      try {
        deleteModel(home.modelsDir, name);
      } catch (err) {
        throw classifyError(err);
      }
      await onModelSaved(name);
    },
    compareModels(name, other) {
      try {
        const read = (n: string) => summarize(readModelConfig(home.modelsDir, validateModelName(n)), 0);
        return compareModels(read(name), read(other));
      } catch (err) {
        throw classifyError(err);
      }
    },
    async featureImportance(name, o = {}) {
      let config;
      try {
        config = readModelConfig(home.modelsDir, validateModelName(name));
      } catch (err) {
        throw classifyError(err);
      }
      if (o.target && o.target !== 'close' && config.predictor_type !== 'multi_ohlc') {
        throw new ApiError('unprocessable', `target: ${name} is an autoregressive model: it has only a close model`, 'target');
      }
      return call({ type: 'importance', name, trainedAt: config.trained_at, kind: o.kind ?? 'gain', target: o.target });
    },
    scorePending() {
      scoring ??= scoreOnce().finally(() => (scoring = undefined));
      return scoring;
    },
    candleStore,
    async close() {
      live.close();
      await jobs.shutdown();
      await pool.close();
      predictions.close();
      store?.close();
    },
  };
  (service as { api: ApiHandlers }).api = {
    ...createHandlers(service, deps, call),
    ...createLiveHandlers({ live, modelsDir: home.modelsDir, call, seriesKeyOf, newestBar: deps.newestBar }),
  };
  return service;
}
