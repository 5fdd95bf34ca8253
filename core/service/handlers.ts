import type { ApiHandlers, OperationResponse } from '../api/contract';
import { defaultDaysFor } from '../api/fields';
import { forecastCsvFileName, forecastToCsv } from '../api/forecastCsv';
import { ApiError, invalidField, notFound } from '../api/errors';
import { formatIsoTime } from '../data/timestamps';
import { importTarget, ImportTargetError } from '../data/importTarget';
import { candlecastVersion } from '../runtime/packageRoot';
import type { ForecastWorkerAnswers, ForecastWorkerRequest } from './forecastProtocol';
import { backtestModel } from './backtesting';
import { forecastNow } from './forecasting';
import type { Job } from './jobs';
import type { TrainSummary } from '../predictors/types';
import { classifyError } from './serviceErrors';
import type { Service } from './service';
import { seriesKeyOf } from './service';
import type { ServiceDeps } from './serviceDeps';
import { buildSources } from './sources';
import type { LiveOps } from '../live/liveHandlers';

type Call = <K extends ForecastWorkerRequest['type']>(req: Extract<ForecastWorkerRequest, { type: K }>) => Promise<ForecastWorkerAnswers[K]>;

function timeBound(v: number | string | undefined, field: string): number | undefined {
  if (v === undefined) return undefined;
  const t = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(t)) throw invalidField(field, 'expected an ISO 8601 time or ms since the epoch');
  return t;
}

/** The contract's operations, implemented on the service: wire shapes (snake_case) in, wire shapes out. */
export function createHandlers(service: Service, deps: ServiceDeps, call: Call): Omit<ApiHandlers, LiveOps> {
  const started = Date.now();
  let ccxtIds: Promise<string[]> | undefined;
  const job = (id: string): Job => {
    const j = deps.jobs.get(id);
    if (!j) throw notFound(`job ${id} not found`);
    return j;
  };
  return {
    async health() {
      const { running, queued } = deps.jobs.counts();
      return { status: 'ok', version: candlecastVersion(), home: deps.home.root, jobs_running: running, jobs_queued: queued, uptime_s: Math.round((Date.now() - started) / 1000) };
    },
    async listSources() {
      ccxtIds ??= call({ type: 'ccxtExchanges' }).catch(() => {
        ccxtIds = undefined;
        return [];
      });
      return buildSources(service.candleStore(), await ccxtIds);
    },
    async listSeries() {
      return service.candleStore().series().map((s) => ({
        exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe, rows: s.rows,
        first: s.rows ? formatIsoTime(s.first) : null, last: s.rows ? formatIsoTime(s.last) : null, gaps: s.gaps,
      }));
    },
    async getCandles(req) {
      const key = seriesKeyOf(req);
      const from = timeBound(req.from, 'from');
      const to = timeBound(req.to, 'to');
      if (from !== undefined && to !== undefined && to < from) throw invalidField('to', 'is before from');
      let stale = false;
      if (req.refresh) stale = (await deps.refresh(key, req.days_history ?? defaultDaysFor(key.timeframe))).stale;
      const candles = await call({ type: 'candles', key, from, to, limit: req.limit });
      return { ...key, stale, candles };
    },
    async importCsv(req) {
      seriesKeyOf({ symbol: req.symbol, exchange: req.exchange, timeframe: req.timeframe ?? '1m' });
      const exchange = await importTarget(req.exchange).catch((err: Error) => {
        throw err instanceof ImportTargetError ? invalidField('exchange', err.message) : err;
      });
      return call({ type: 'importCsv', text: req.csv, fileName: req.file_name, symbol: req.symbol, exchange, timeframe: req.timeframe });
    },
    async listModels() {
      return service.listModels().map((m) => ({ ...m, model_size_kb: m.size_kb })) as OperationResponse<'listModels'>;
    },
    async trainModel(req) {
      const { jobId, name, joined, job: j } = service.trainModel({
        ...seriesKeyOf(req), type: req.type, nStepsAhead: req.n_steps_ahead, daysHistory: req.days_history, name: req.name, options: req.options,
      });
      const message = joined ? `training of ${name} is already running: joined job ${jobId}` : `training of ${name} started: follow it at /api/jobs/${jobId}`;
      if (!req.wait) return { jobId, name, status: j.status, message };
      const done = await service.jobs.wait(jobId);
      if (done.status === 'cancelled') throw new ApiError('conflict', `the training of ${name} was cancelled (job ${jobId})`);
      if (done.status === 'failed') throw classifyError(service.jobs.errorOf(jobId) ?? new Error(done.error ?? 'training failed'));
      const s = done.result as TrainSummary;
      return {
        jobId, name: s.name, status: done.status, message: `trained ${s.name}`, type: s.type, symbol: s.symbol, timeframe: s.timeframe,
        exchange: s.exchange, n_steps_ahead: s.n_steps_ahead, model_size_kb: s.model_size_kb, trained_at: s.trained_at,
        performance: s.performance, data_range: s.data_range,
      };
    },
    async deleteModel(req) {
      await service.deleteModel(req.name);
      return { deleted: req.name };
    },
    async featureImportance(req) {
      const features = await service.featureImportance(req.name, { kind: req.kind, target: req.target });
      return { name: req.name, kind: req.kind, target: req.target ?? null, features: req.top ? features.slice(0, req.top) : features };
    },
    async compareModels(req) {
      return service.compareModels(req.name, req.with) as OperationResponse<'compareModels'>;
    },
    backtestModel(req) {
      return backtestModel(deps, call, req);
    },
    async getPredictions(req) {
      const { forecast, name } = await forecastNow(deps, {
        key: seriesKeyOf(req), type: req.type, autoTrain: req.auto_train, forceRetrain: req.force_retrain,
        steps: req.steps, model: req.model, daysHistory: req.days_history, options: req.options,
      });
      if (!req.save) return forecast as OperationResponse<'getPredictions'>;
      const id = service.savePredictionResult({ symbol: req.symbol, timeframe: req.timeframe, exchange: req.exchange, predictionData: forecast, userId: req.user_id, modelName: name });
      return { ...forecast, prediction_id: id } as OperationResponse<'getPredictions'>;
    },
    async generatePrediction(req) {
      const { predictionId, jobId } = service.generatePrediction({
        key: seriesKeyOf(req), type: req.type, autoTrain: req.auto_train, forceRetrain: req.force_retrain,
        steps: req.steps, model: req.model, daysHistory: req.days_history, options: req.options, userId: req.user_id,
      });
      return { status: 'running', prediction_id: predictionId, jobId, message: `Prediction started. Check status at /api/predictions/${predictionId}` };
    },
    async savePrediction(req) {
      const id = service.savePredictionResult({
        symbol: req.symbol, timeframe: req.timeframe, exchange: req.exchange, predictionData: req.result, userId: req.user_id, modelName: req.model_name,
      });
      return { id };
    },
    async listPredictions(req) {
      await service.scorePending();
      const symbol = req.symbol ? seriesKeyOf({ symbol: req.symbol, timeframe: '1m' }).symbol : undefined;
      return deps.predictions.list({ symbol, timeframe: req.timeframe, exchange: req.exchange, limit: req.limit });
    },
    async getPrediction(req) {
      await service.scorePending();
      const record = deps.predictions.get(req.id);
      if (!record) throw notFound(`prediction ${req.id} not found`);
      return record;
    },
    async predictionCsv(req) {
      const record = deps.predictions.get(req.id);
      if (!record) throw notFound(`prediction ${req.id} not found`);
      if (!record.result) throw notFound(`prediction ${req.id} has no result yet (status ${record.status})`);
      const r = record.result;
      return { file_name: forecastCsvFileName(r.symbol, r.timeframe, r.last_bar_time), csv: forecastToCsv(r.predictions) };
    },
    async getJob(req) {
      return job(req.id);
    },
    async cancelJob(req) {
      job(req.id);
      return deps.jobs.remove(req.id)!;
    },
    async listJobs(req) {
      return deps.jobs.list(req.status);
    },
  };
}
