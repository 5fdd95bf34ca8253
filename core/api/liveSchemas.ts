import { z } from 'zod';
import { exchangeField, isoField, modelNameField, symbolField, timeframeField } from './fields';
import { candleSchema, forecastSchema } from './schemas';

// Shapes of the live feed: its events, the watch operation, and the live scores of saved forecasts and models.

/** The series a live message is about. */
const marketFields = {
  exchange: z.string(),
  symbol: z.string(),
  timeframe: timeframeField,
};

/** `live` (polling works), `paused` (not polling), `offline` (polls fail and are retried with back-off). */
export const liveStateField = z.enum(['live', 'paused', 'offline']);

/** Where a market's live feed stands. */
export const liveStatusSchema = z.object({
  ...marketFields,
  state: liveStateField,
  /** When the last poll succeeded (the feed's clock). */
  last_update: isoField.nullable(),
  /** Open time of the newest closed bar. */
  last_bar: isoField.nullable(),
  error: z.string().nullable(),
  next_poll_at: isoField.nullable(),
  /** Clients holding the feed open. */
  watchers: z.number(),
});

/** A live bar: `closed` false for the bar still forming (later events with the same time replace it). */
export const candleEventSchema = z.object({
  ...marketFields,
  candle: candleSchema,
  closed: z.boolean(),
});

/** A rolling forecast, refreshed after a bar closed. */
export const forecastEventSchema = z.object({
  ...marketFields,
  model: z.string(),
  forecast: forecastSchema,
  /** Open time of the closed bar the forecast starts after. */
  after_bar: isoField,
});

/** Request fields of watchMarket. */
export const watchRequestFields = {
  symbol: symbolField,
  timeframe: timeframeField,
  exchange: exchangeField.default('demo'),
  /** Renew an existing watch instead of starting a new one. */
  watch_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only').optional(),
  /** Refresh this model's forecast on every closed bar (off when not given). */
  rolling_model: modelNameField.optional(),
  /** The watch ends this long after the last renewal (seconds). */
  lease_s: z.number().int().min(10).max(86_400).default(120),
};

/** One scored step of a saved forecast. */
export const liveStepSchema = z.object({
  step: z.number(),
  time: z.number(),
  close: z.number(),
  predicted_close: z.number(),
  naive: z.number(),
  inside: z.record(z.string(), z.boolean()),
  range: z.number(),
  predicted_range: z.number(),
});

/** How a saved forecast is doing against the bars that closed after it was made. */
export const liveScoreSchema = z.object({
  ...marketFields,
  prediction_id: z.string(),
  model_name: z.string().nullable(),
  made_at: isoField,
  steps_total: z.number(),
  steps_scored: z.number(),
  /** Steps whose bar had closed before the forecast was made: never scored. */
  steps_before_made: z.number(),
  complete: z.boolean(),
  close_rmse: z.number().nullable(),
  close_rmse_naive: z.number().nullable(),
  close_mae: z.number().nullable(),
  close_mae_naive: z.number().nullable(),
  skill: z.number().nullable(),
  bands: z.array(z.object({ level: z.number(), inside: z.number(), scored: z.number(), coverage: z.number().nullable() })),
  range_mae: z.number().nullable(),
  mean_range: z.number().nullable(),
  steps: z.array(liveStepSchema),
  scored_at: isoField,
});

/** A model's live record over its saved forecasts, and whether it is stale. */
export const modelLiveScoreSchema = z.object({
  ...marketFields,
  model: z.string(),
  forecasts: z.number(),
  steps_scored: z.number(),
  skill: z.number().nullable(),
  skill_ci: z.tuple([z.number(), z.number()]).nullable(),
  coverage_80: z.number().nullable(),
  coverage_80_ci: z.tuple([z.number(), z.number()]).nullable(),
  recent_steps: z.number(),
  recent_coverage_80: z.number().nullable(),
  verdict: z.string(),
  stale: z.boolean(),
  stale_reasons: z.array(z.string()),
});
