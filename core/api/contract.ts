import { z } from 'zod';
import {
  daysField, exchangeField, idField, MAX_STEPS, maxDaysFor, modelNameField, predictorTypeField, stepsField, symbolField,
  timeBoundField, timeframeField, trainOptionsField, userIdField,
} from './fields';
import {
  backtestSummarySchema, candleSchema, featureImportanceItemSchema, forecastSchema, importReportSchema, jobDetailSchema, jobKindField,
  jobSchema, jobStageField, jobStatusField, modelComparisonSchema, modelInfoSchema, performanceMetricsSchema, predictionRecordSchema, predictionSummarySchema,
  seriesInfoSchema, sourceInfoSchema, trainSummarySchema,
} from './schemas';
import { candleEventSchema, forecastEventSchema, liveStatusSchema } from './liveSchemas';
import { liveOperations } from './liveOperations';
import { empty, op, type OperationDef } from './operationDef';

export type { HttpRoute, OperationDef } from './operationDef';

// The one declaration of every operation and event. Electron's IPC channels, the HTTP routes, the OpenAPI
// document and the typed client are all derived from these two tables; names here are stable.
// Field names follow the seed's REST API (snake_case: n_steps_ahead, auto_train); `options` keeps the predictors'
// TrainOptions names (numBoostRound), and job ids are `jobId` as the issue names them.

/** Rejects `days_history` beyond what the timeframe allows, naming the field. */
function checkDays(req: { timeframe: z.infer<typeof timeframeField>; days_history?: number }, ctx: z.RefinementCtx): void {
  if (req.days_history === undefined) return;
  const max = maxDaysFor(req.timeframe);
  if (req.days_history > max) {
    ctx.addIssue({ code: 'custom', path: ['days_history'], message: `at most ${max} days for timeframe ${req.timeframe}` });
  }
}

/**
 * Largest CSV text the import operation takes: 64 Mi characters (about a million 1m bars). Larger files go through
 * `candlecast data import`, which streams them (up to 512 MiB).
 */
export const IMPORT_MAX_CHARS = 64 * 1024 * 1024;

const seriesFields = {
  symbol: symbolField,
  timeframe: timeframeField,
  exchange: exchangeField.default('demo'),
};

/** Fields of a forecast request, shared by the synchronous and the background form. */
const forecastRequestFields = {
  ...seriesFields,
  type: predictorTypeField.default('autoregressive'),
  auto_train: z.boolean().default(true),
  force_retrain: z.boolean().default(false),
  /** The model's steps ahead; picks the series' model with that horizon (`BTC_USDT_1m_300steps`, `csv_BTC_USDT_1m_300steps`). */
  steps: stepsField.optional(),
  /** Forecast with this model instead of the default name. */
  model: modelNameField.optional(),
  days_history: daysField.optional(),
  /** Training options used when the model has to be trained first (JSON in the query string). */
  options: trainOptionsField.optional(),
};


/** Every operation, by name. */
export const operations = {
  health: op({
    summary: 'Whether the service runs, its version, data home and job counts.',
    request: empty,
    response: z.object({
      status: z.literal('ok'),
      version: z.string(),
      home: z.string(),
      jobs_running: z.number(),
      jobs_queued: z.number(),
      uptime_s: z.number(),
    }),
    http: { method: 'GET', path: '/api/health' },
  }),
  listSources: op({
    summary: 'Market data sources: the demo market, imported CSV series and the ccxt exchanges with OHLCV.',
    request: empty,
    response: z.array(sourceInfoSchema),
    http: { method: 'GET', path: '/api/sources' },
  }),
  listSeries: op({
    summary: 'Candle series in the store.',
    request: empty,
    response: z.array(seriesInfoSchema),
    http: { method: 'GET', path: '/api/series' },
  }),
  getCandles: op({
    summary: 'Stored candles of a series in [from, to], the newest `limit`; with refresh, brought up to date first.',
    request: z.strictObject({
      ...seriesFields,
      from: timeBoundField.optional(),
      to: timeBoundField.optional(),
      limit: z.number().int().min(1).max(200_000).default(5000),
      refresh: z.boolean().default(false),
      days_history: daysField.optional(),
    }).superRefine(checkDays),
    response: z.object({
      exchange: z.string(),
      symbol: z.string(),
      timeframe: timeframeField,
      stale: z.boolean(),
      candles: z.array(candleSchema),
    }),
    http: { method: 'GET', path: '/api/candles' },
  }),
  importCsv: op({
    summary: 'Imports CSV text (the file’s content) into the store as a series.',
    request: z.strictObject({
      csv: z.string().min(1).max(IMPORT_MAX_CHARS),
      file_name: z.string().min(1).max(255),
      symbol: symbolField,
      timeframe: timeframeField.optional(),
      exchange: exchangeField.default('csv'),
    }),
    response: importReportSchema,
    http: { method: 'POST', path: '/api/series/import', bodyLimit: IMPORT_MAX_CHARS + 8 * 1024 * 1024 },
  }),
  listModels: op({
    summary: 'Trained models (the seed’s GET /api/models).',
    request: empty,
    response: z.array(modelInfoSchema),
    http: { method: 'GET', path: '/api/models' },
  }),
  trainModel: op({
    summary: 'Starts training a model as a job and returns at once (with `wait: true`, answers when it is trained, with the seed’s model info); '
      + 'a second request for the same model, series and settings joins the running job; a name held by another series’ model is a 409.',
    request: z.strictObject({
      ...seriesFields,
      type: predictorTypeField.default('autoregressive'),
      n_steps_ahead: stepsField.default(300),
      days_history: daysField.optional(),
      name: modelNameField.optional(),
      options: trainOptionsField.optional(),
      /** Block until the model is trained and answer with the seed's model info (the job fields stay). */
      wait: z.boolean().default(false),
    }).superRefine(checkDays),
    response: z.object({
      jobId: z.string(),
      name: z.string(),
      status: jobStatusField,
      message: z.string(),
      // With `wait: true`, the seed's model info of the trained model:
      type: predictorTypeField.optional(),
      symbol: z.string().optional(),
      timeframe: timeframeField.optional(),
      exchange: z.string().optional(),
      n_steps_ahead: z.number().optional(),
      model_size_kb: z.number().optional(),
      trained_at: z.string().optional(),
      performance: performanceMetricsSchema.optional(),
      /** The bars trained on. */
      data_range: z.object({ from: z.string(), to: z.string(), bars: z.number() }).optional(),
    }),
    http: { method: 'POST', path: '/api/models/train' },
  }),
  deleteModel: op({
    summary: 'Deletes a model from the store.',
    request: z.strictObject({ name: modelNameField }),
    response: z.object({ deleted: z.string() }),
    http: { method: 'DELETE', path: '/api/models/:name' },
  }),
  featureImportance: op({
    summary: 'Feature importance of a model by gain or split; `target` picks one of the four multi-OHLC models.',
    request: z.strictObject({
      name: modelNameField,
      kind: z.enum(['gain', 'split']).default('gain'),
      target: z.enum(['open', 'high', 'low', 'close']).optional(),
      top: z.number().int().min(1).max(10_000).optional(),
    }),
    response: z.object({
      name: z.string(),
      kind: z.enum(['gain', 'split']),
      target: z.string().nullable(),
      features: z.array(featureImportanceItemSchema),
    }),
    http: { method: 'GET', path: '/api/models/:name/importance' },
  }),
  compareModels: op({
    summary: 'Two models of one series compared component by component (direction odds, candle sizes, band, median close): '
      + 'each one\'s pooled skill on its test fold with its interval, and which is better from a paired block bootstrap of the '
      + 'difference of their skills over the stretch of market both were tested on (`paired` is null when they cannot be paired).',
    request: z.strictObject({ name: modelNameField, with: modelNameField }),
    response: modelComparisonSchema,
    http: { method: 'GET', path: '/api/models/:name/compare' },
  }),
  backtestModel: op({
    summary: 'Trades a model\'s forecasts walk-forward over its own series (next-open fills, fees) against buy-and-hold, momentum and flat; '
      + 'by default over the bars after its training data.',
    request: z.strictObject({
      name: modelNameField,
      /** First and last bar to trade; default: from the end of the training data to the newest bar. */
      from: timeBoundField.optional(),
      to: timeBoundField.optional(),
      /** Holding horizon in bars, 1..the model's steps. */
      horizon: z.number().int().min(1).max(MAX_STEPS).default(1),
      threshold_bps: z.number().min(0).max(10_000).default(5),
      fee_bps: z.number().min(0).max(1000).default(10),
      slippage_bps: z.number().min(0).max(1000).default(0),
      long_only: z.boolean().default(false),
      require_confidence: z.boolean().default(false),
    }),
    response: backtestSummarySchema,
    http: { method: 'POST', path: '/api/models/:name/backtest' },
  }),
  getPredictions: op({
    summary: 'A forecast now (the seed’s GET /api/predictions): brings the series up to date, trains first when the model is missing or outdated.',
    request: z.strictObject({
      ...forecastRequestFields,
      /** Also save the forecast in the history; the response then carries prediction_id. */
      save: z.boolean().default(false),
      user_id: userIdField.optional(),
    }).superRefine(checkDays),
    response: forecastSchema.extend({ prediction_id: z.string().optional() }),
    http: { method: 'GET', path: '/api/predictions' },
  }),
  generatePrediction: op({
    summary: 'Starts a forecast as a background job (training first when needed) and saves it; poll GET /api/predictions/{id}.',
    request: z.strictObject({
      ...forecastRequestFields,
      user_id: userIdField.optional(),
    }).superRefine(checkDays),
    response: z.object({
      status: z.literal('running'),
      prediction_id: z.string(),
      jobId: z.string(),
      message: z.string(),
    }),
    http: { method: 'POST', path: '/api/predictions/generate' },
  }),
  savePrediction: op({
    summary: 'Saves a forecast in the history and returns its id.',
    request: z.strictObject({
      symbol: symbolField,
      timeframe: timeframeField,
      exchange: exchangeField.default('demo'),
      model_name: modelNameField.optional(),
      result: forecastSchema,
      user_id: userIdField.optional(),
    }),
    response: z.object({ id: z.string() }),
    http: { method: 'POST', path: '/api/predictions', bodyLimit: 16 * 1024 * 1024 },
  }),
  listPredictions: op({
    summary: 'Saved forecasts, newest first, each with how it scored against the candles that came.',
    request: z.strictObject({
      symbol: symbolField.optional(),
      timeframe: timeframeField.optional(),
      exchange: exchangeField.optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    response: z.array(predictionSummarySchema),
    http: { method: 'GET', path: '/api/predictions/list' },
  }),
  getPrediction: op({
    summary: 'One saved forecast with its result and score (the seed’s GET /api/predictions/{id}).',
    request: z.strictObject({ id: idField }),
    response: predictionRecordSchema,
    http: { method: 'GET', path: '/api/predictions/:id' },
  }),
  predictionCsv: op({
    summary: 'A saved forecast as CSV, one row per step.',
    request: z.strictObject({ id: idField }),
    response: z.object({ file_name: z.string(), csv: z.string() }),
    http: { method: 'GET', path: '/api/predictions/:id/csv', csv: true },
  }),
  getJob: op({
    summary: 'One job: status, stage, progress, message, result or error.',
    request: z.strictObject({ id: idField }),
    response: jobSchema,
    http: { method: 'GET', path: '/api/jobs/:id' },
  }),
  cancelJob: op({
    summary: 'Cancels an unfinished job (its worker stops, no partial model is left, it stays listed as cancelled); removes a finished one (then 404).',
    request: z.strictObject({ id: idField }),
    response: jobSchema,
    http: { method: 'DELETE', path: '/api/jobs/:id' },
  }),
  listJobs: op({
    summary: 'Jobs of this session, newest first.',
    request: z.strictObject({ status: jobStatusField.optional() }),
    response: z.array(jobSchema),
    http: { method: 'GET', path: '/api/jobs' },
  }),
  ...liveOperations,
} as const satisfies Record<string, OperationDef>;

/** Every event, by name. */
export const events = {
  /** Progress of a job; `detail` carries the model (k of n) and the latest round's train/valid RMSE. */
  jobProgress: z.object({
    jobId: z.string(),
    kind: jobKindField,
    name: z.string(),
    stage: jobStageField,
    value: z.number().min(0).max(1),
    message: z.string(),
    detail: jobDetailSchema.optional(),
  }),
  /** A job changed status; `result` or `error` once it ends. */
  jobStatus: z.object({
    jobId: z.string(),
    kind: jobKindField,
    name: z.string(),
    status: jobStatusField,
    result: z.union([trainSummarySchema, forecastSchema]).optional(),
    error: z.string().optional(),
  }),
  /** A live bar of a watched market: the forming bar (`closed: false`, replaced by later events) or a closed one. */
  candle: candleEventSchema,
  /** A watched market's feed changed state (live, paused, offline) or polled. */
  liveStatus: liveStatusSchema,
  /** A rolling forecast, refreshed after a closed bar. */
  forecast: forecastEventSchema,
} as const satisfies Record<string, z.ZodType>;

/** The name of an operation. */
export type OperationName = keyof typeof operations;
/** The name of an event. */
export type EventName = keyof typeof events;
/** What a caller passes to an operation (defaults may be left out). */
export type OperationInput<K extends OperationName> = z.input<(typeof operations)[K]['request']>;
/** An operation's request after validation (defaults filled in). */
export type OperationRequest<K extends OperationName> = z.output<(typeof operations)[K]['request']>;
/** What an operation returns. */
export type OperationResponse<K extends OperationName> = z.output<(typeof operations)[K]['response']>;
/** An event's payload. */
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

/** Every operation name, in declaration order. */
export const operationNames = Object.keys(operations) as OperationName[];
/** Every event name, in declaration order. */
export const eventNames = Object.keys(events) as EventName[];

/** The Electron IPC channel of an operation (`candlecast:<name>`). */
export function operationChannel(name: OperationName): string {
  return `candlecast:${name}`;
}

/** The Electron IPC channel an event is sent on (`candlecast:event:<name>`). */
export function eventChannel(name: EventName): string {
  return `candlecast:event:${name}`;
}

/** Whether a string names an operation. */
export function isOperationName(s: string): s is OperationName {
  return Object.hasOwn(operations, s);
}

/** Whether a string names an event. */
export function isEventName(s: string): s is EventName {
  return Object.hasOwn(events, s);
}

/** Implementations of every operation: what the service provides and every transport calls. */
export type ApiHandlers = {
  readonly [K in OperationName]: (request: OperationRequest<K>) => Promise<OperationResponse<K>>;
};

/** A subscription to the contract's events; returns the unsubscribe function. */
export type SubscribeFn = <K extends EventName>(event: K, cb: (payload: EventPayload<K>) => void) => () => void;

