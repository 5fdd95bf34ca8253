import { defaultDaysFor } from '../api/fields';
import { invalidField, notFound } from '../api/errors';
import type { SeriesKey } from '../data/candles';
import {
  currentFeatureConfigHash, isModelOfSeries, listModels, modelConfigIfAny, readModelConfig, resolveSeriesModel, seriesLabel, storedModelIdentity,
  validateModelName, type ModelConfig,
} from '../predictors';
import type { Forecast, PredictorType, TrainOptions } from '../predictors/types';
import type { ServiceDeps } from './serviceDeps';
import { modelFreshness } from './modelFreshness';
import { classifyError } from './serviceErrors';
import type { JobProgressUpdate } from './jobs';
import { startTrainJob } from './trainJob';

/** Steps of a model trained on demand when the request names none (the default). */
export const DEFAULT_STEPS = 300;

/** What a forecast request asks for (the service's camelCase form of getPredictions). */
export interface ForecastRequest {
  readonly key: SeriesKey;
  readonly type: PredictorType;
  readonly autoTrain: boolean;
  readonly forceRetrain: boolean;
  /** Picks the series' model with this many steps (`BTC_USDT_1m_300steps` for demo, `csv_BTC_USDT_1m_300steps` ...). */
  readonly steps?: number;
  /** Forecast with this model. */
  readonly model?: string;
  readonly daysHistory?: number;
  readonly options?: Partial<TrainOptions>;
}

/** A model chosen for a request: its name, and its config when it exists. */
export interface ChosenModel {
  readonly name: string;
  readonly config: ModelConfig | undefined;
  /** A model of the request's series exists under the name but was saved by an older Candlecast: it is retrained. */
  readonly olderFormat?: boolean;
}

/**
 * The model a request means, always one of the request's own series: the one it names (refused when it belongs to
 * another series or type); else the series' model for `steps` (resolveSeriesModel); else the newest stored model of
 * the series and type; else a new model for DEFAULT_STEPS.
 */
export function chooseModel(modelsDir: string, req: ForecastRequest): ChosenModel {
  if (req.model) {
    const name = validateModelName(req.model);
    const stored = storedModelIdentity(modelsDir, name);
    if (stored && !isModelOfSeries(stored, req.key)) {
      throw invalidField('model', `${name} forecasts ${seriesLabel(stored)}, not ${seriesLabel(req.key)}`);
    }
    if (stored && stored.predictor_type !== req.type) throw invalidField('type', `${name} is a ${stored.predictor_type} model`);
    return { name, config: modelConfigIfAny(modelsDir, name), ...(stored && !stored.current ? { olderFormat: true } : {}) };
  }
  if (req.steps !== undefined) return resolveSeriesModel(modelsDir, req.key, req.type, req.steps);
  const newest = listModels(modelsDir).find((m) => m.type === req.type && isModelOfSeries(m, req.key));
  if (newest) return { name: newest.name, config: modelConfigIfAny(modelsDir, newest.name) };
  return resolveSeriesModel(modelsDir, req.key, req.type, DEFAULT_STEPS);
}

const hashCache = new Map<string, string>();

/** The feature hash this build gives a model's lookback periods (cached: it builds a feature engine). */
function featureHashFor(lookbacks: readonly number[]): string {
  const k = lookbacks.join(',');
  let h = hashCache.get(k);
  if (!h) hashCache.set(k, (h = currentFeatureConfigHash(lookbacks)));
  return h;
}

/** Why a model must be (re)trained before forecasting, or undefined when it can be used as it is. */
export function trainReason(chosen: ChosenModel, req: ForecastRequest, newestBar: number | null): string | undefined {
  if (!chosen.config) {
    return chosen.olderFormat
      ? `model ${chosen.name} was saved by an older Candlecast and must be retrained`
      : `model ${chosen.name} does not exist yet`;
  }
  if (req.forceRetrain) return 'a retrain was asked for';
  if (!req.autoTrain) return undefined;
  const fresh = modelFreshness(chosen.config, featureHashFor(chosen.config.lookback_periods), newestBar ?? undefined);
  return fresh.outdated ? `model ${chosen.name} is outdated: ${fresh.reason}` : undefined;
}

/** Progress hooks of one forecast run (a background prediction job passes its own). */
export interface ForecastHooks {
  readonly progress?: (u: JobProgressUpdate) => void;
  readonly signal?: AbortSignal;
}

/**
 * A forecast now: brings the series up to date (or notes that its source is unreachable), trains first when the
 * model is missing, outdated or a retrain is asked for (joining a running training of the same name), then
 * forecasts in a worker. Training progress is forwarded to `hooks.progress`, scaled into 0.05..0.9.
 */
export async function forecastNow(deps: ServiceDeps, req: ForecastRequest, hooks: ForecastHooks = {}): Promise<{ forecast: Forecast; name: string }> {
  const report = hooks.progress ?? (() => {});
  const days = req.daysHistory ?? defaultDaysFor(req.key.timeframe);
  report({ stage: 'data', value: 0.01, message: `bringing ${req.key.symbol} ${req.key.timeframe} up to date` });
  const fresh = await deps.refresh(req.key, days);
  let chosen = chooseModel(deps.home.modelsDir, req);
  if (!chosen.config && !req.autoTrain) {
    throw notFound(`model ${chosen.name} not found: train it first, or ask with auto_train=true`);
  }
  const reason = trainReason(chosen, req, deps.newestBar(req.key));
  if (reason) {
    if (hooks.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    const nStepsAhead = chosen.config?.n_steps_ahead ?? req.steps ?? DEFAULT_STEPS;
    const options = req.options ?? (chosen.config ? { lookbackPeriods: chosen.config.lookback_periods } : undefined);
    report({ stage: 'model', value: 0.05, message: `training first: ${reason}` });
    const { jobId, joined } = startTrainJob(deps.jobs, {
      dbPath: deps.home.dbPath, modelsDir: deps.home.modelsDir, key: req.key, type: req.type, nStepsAhead, days, name: chosen.name, options,
      ccxt: deps.ccxt?.[req.key.exchange],
    }, deps.onModelSaved);
    const off = deps.bus.subscribe('jobProgress', ({ jobId: from, kind: _kind, name: _name, ...p }) => {
      if (from === jobId) report({ ...p, value: 0.05 + 0.85 * p.value });
    });
    const onAbort = () => {
      if (!joined) deps.jobs.cancel(jobId);
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const job = await deps.jobs.wait(jobId);
      if (job.status === 'cancelled') throw Object.assign(new Error(`the training of ${chosen.name} was cancelled`), { name: 'AbortError' });
      if (job.status === 'failed') throw classifyError(deps.jobs.errorOf(jobId) ?? new Error(job.error ?? 'training failed'));
    } finally {
      off();
      hooks.signal?.removeEventListener('abort', onAbort);
    }
    chosen = { name: chosen.name, config: readModelConfig(deps.home.modelsDir, chosen.name) };
  }
  const config = chosen.config!;
  if (!isModelOfSeries(config, req.key)) {
    throw invalidField('model', `${chosen.name} forecasts ${seriesLabel(config)}, not ${seriesLabel(req.key)}`);
  }
  if (hooks.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
  report({ stage: 'forecast', value: 0.95, message: `forecasting ${config.n_steps_ahead} steps with ${chosen.name}` });
  const forecast = await deps.forecastWith(chosen.name, config.trained_at, req.key);
  return { forecast: { ...forecast, data_stale: fresh.stale }, name: chosen.name };
}

/** Refuses a background forecast before it starts when its model is missing and may not be trained. */
export function assertForecastable(deps: ServiceDeps, req: ForecastRequest): ChosenModel {
  const chosen = chooseModel(deps.home.modelsDir, req);
  if (!chosen.config && !req.autoTrain) throw notFound(`model ${chosen.name} not found: train it first, or ask with auto_train=true`);
  return chosen;
}
