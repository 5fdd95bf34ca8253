import { z } from 'zod';
import { TIMEFRAMES, timeframeMs, type Timeframe } from '../data/candles';
import { PREDICTOR_TYPES, type PredictorType } from '../predictors/types';

/** Most steps a forecast or a model may have. */
export const MAX_STEPS = 5000;

/** Most bars one training may ask for (a year of 1m bars). */
export const MAX_TRAIN_BARS = 525_600;

/** Most days of history any timeframe may ask for. */
export const MAX_DAYS = 3650;

/**
 * Most days of history a timeframe allows: MAX_TRAIN_BARS bars, capped at MAX_DAYS.
 * Keeps a request like 10 years of 1m bars from filling the disk or memory.
 */
export function maxDaysFor(timeframe: Timeframe): number {
  return Math.min(MAX_DAYS, Math.floor((MAX_TRAIN_BARS * timeframeMs(timeframe)) / 86_400_000));
}

/** Bars a default training uses (30 days of 1m bars, the seed's default). */
export const DEFAULT_TRAIN_BARS = 43_200;

/**
 * Default days of history for a timeframe: 30 days, or enough days for DEFAULT_TRAIN_BARS bars on coarser
 * timeframes (30 days of 1d bars would be far too few to train on), within maxDaysFor.
 */
export function defaultDaysFor(timeframe: Timeframe): number {
  const forBars = Math.ceil((DEFAULT_TRAIN_BARS * timeframeMs(timeframe)) / 86_400_000);
  return Math.min(maxDaysFor(timeframe), Math.max(30, forBars));
}

/** A timeframe such as `1m` or `4h`. */
export const timeframeField = z.enum(TIMEFRAMES as unknown as [Timeframe, ...Timeframe[]]);

/** `autoregressive` or `multi_ohlc`. */
export const predictorTypeField = z.enum(PREDICTOR_TYPES as unknown as [PredictorType, ...PredictorType[]]);

/** A market symbol, `BTC_USDT` (the REST form) or `BTC/USDT`; nothing that could be a path. */
export const symbolField = z
  .string()
  .regex(/^[A-Za-z0-9]{1,20}[/_][A-Za-z0-9]{1,20}$/, 'expected BASE_QUOTE or BASE/QUOTE, e.g. BTC_USDT');

/** A source id: `demo`, `csv` or a ccxt exchange id (lowercase letters, digits, underscore). */
export const exchangeField = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'expected a source id such as demo, csv or binance');

/**
 * A model name: letters, digits, `_` and `-`, starting with a letter or digit, at most 120 characters.
 * No dots, slashes or control characters, so a name can never leave the models folder.
 */
export const modelNameField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,119}$/, 'expected letters, digits, _ or - (at most 120), e.g. BTC_USDT_1m_300steps');

/** A lowercase or uppercase UUID, as used for prediction and job ids. */
export const idField = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'expected a UUID');

/** Forecast or model steps: an integer 1..MAX_STEPS. */
export const stepsField = z.number().int().min(1).max(MAX_STEPS);

/** Days of history: an integer 1..MAX_DAYS (the per-timeframe limit is checked on the whole request). */
export const daysField = z.number().int().min(1).max(MAX_DAYS);

/** An ISO 8601 timestamp string. */
export const isoField = z.string();

/** An ISO 8601 date or date-time (`2023-03-01`, `2023-03-01T00:00:00Z`, with seconds' fractions or an offset). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A time bound: ms since the epoch or an ISO 8601 string. */
export const timeBoundField = z.union([
  z.number().int().min(0).max(8.64e15),
  z.string().refine((s) => ISO_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time or ms since the epoch')
    .meta({ format: 'date-time' }),
]);

/** A user id of a saved forecast (free text, short, printable). */
export const userIdField = z.string().regex(/^[\w.@+-]{1,100}$/, 'expected at most 100 letters, digits or _.@+-');

/** LightGBM parameters that name files, machines or tasks: refused, so no request can make LightGBM touch a path. */
const REFUSED_PARAMS = new Set([
  'task', 'config', 'data', 'valid', 'input_model', 'output_model', 'output_result', 'convert_model',
  'convert_model_language', 'save_binary', 'snapshot_freq', 'machines', 'machine_list_filename', 'num_machines',
  'local_listen_port', 'time_out', 'initscore_filename', 'valid_data_initscores', 'forcedsplits_filename',
  'forcedbins_filename', 'init_score_file', 'valid_init_score_file', 'tree_learner', 'device_type', 'device',
]);

/** LightGBM parameters from a client: plain names, scalar values without paths. */
export const modelParamsField = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a LightGBM parameter name'),
    z.union([
      z.number().refine(Number.isFinite, 'must be finite'),
      z.boolean(),
      z.string().regex(/^[A-Za-z0-9_.,:+-]{1,64}$/, 'expected a short value without spaces or slashes'),
    ]),
  )
  // The key rule, for the OpenAPI document (zod's record keys do not reach its JSON Schema).
  .meta({ propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' } })
  .superRefine((params, ctx) => {
    for (const key of Object.keys(params)) {
      if (REFUSED_PARAMS.has(key) || key.includes('file')) {
        ctx.addIssue({ code: 'custom', path: [key], message: `parameter ${key} is not allowed through the API` });
      }
    }
  });

/** Training options (issue 5's TrainOptions, all optional). */
export const trainOptionsField = z.strictObject({
  lookbackPeriods: z.array(z.number().int().min(2).max(500)).min(1).max(12)
    .refine((ps) => new Set(ps).size === ps.length, 'has duplicates').meta({ uniqueItems: true }).optional(),
  testSize: z.number().gt(0.05).lt(0.5).optional(),
  validationSplit: z.number().gt(0.05).lt(0.5).optional(),
  numBoostRound: z.number().int().min(1).max(10_000).optional(),
  earlyStoppingRounds: z.number().int().min(0).max(1000).optional(),
  modelParams: modelParamsField.optional(),
  refit: z.boolean().optional(),
});
