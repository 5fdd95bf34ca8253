import type { SeriesKey } from '../data/candles';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FORMAT_VERSION, type ModelConfig } from './modelConfig';
import { defaultModelName, listModels, ModelNotFoundError, readModelConfig, validateModelName } from './modelStore';
import type { PredictorType } from './types';

/** Thrown when a model name is taken by a model of another series: training must not replace it. */
export class ModelSeriesConflictError extends Error {
  override readonly name = 'ModelSeriesConflictError';
}

/** `exchange symbol timeframe`, the way messages name a series. */
export function seriesLabel(key: { readonly exchange: string; readonly symbol: string; readonly timeframe: string }): string {
  return `${key.exchange} ${key.symbol} ${key.timeframe}`;
}

/** Whether a model was trained on exactly this series (exchange, symbol and timeframe). */
export function isModelOfSeries(config: { readonly exchange: string; readonly symbol: string; readonly timeframe: string }, key: SeriesKey): boolean {
  return config.exchange === key.exchange && config.symbol === key.symbol && config.timeframe === key.timeframe;
}

/** Which series, predictor and horizon a stored model is for, and whether this build can load it. */
export interface StoredModelIdentity {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly predictor_type: string;
  readonly n_steps_ahead: number;
  /** Saved in the format this build reads; false for a model saved by an older Candlecast (it must be retrained). */
  readonly current: boolean;
}

/**
 * The identity of a stored model of any format version, or undefined when no model has that name. Read from the raw
 * config, so a model saved by an older Candlecast still owns its name and its series (a retrain replaces it; another
 * series never takes it).
 */
export function storedModelIdentity(modelsDir: string, name: string): StoredModelIdentity | undefined {
  const file = join(modelsDir, validateModelName(name), 'config.json');
  if (!existsSync(file)) return undefined;
  let raw: Partial<ModelConfig>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<ModelConfig>;
  } catch {
    return undefined;
  }
  if (typeof raw.exchange !== 'string' || typeof raw.symbol !== 'string' || typeof raw.timeframe !== 'string') return undefined;
  return {
    exchange: raw.exchange, symbol: raw.symbol, timeframe: raw.timeframe, predictor_type: String(raw.predictor_type),
    n_steps_ahead: Number(raw.n_steps_ahead), current: raw.format_version === MODEL_FORMAT_VERSION,
  };
}

/** A model's config, or undefined when no model has that name or it was saved by an older Candlecast. */
export function modelConfigIfAny(modelsDir: string, name: string): ModelConfig | undefined {
  try {
    return storedModelIdentity(modelsDir, name)?.current === false ? undefined : readModelConfig(modelsDir, name);
  } catch (err) {
    if (err instanceof ModelNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Refuses a name held by a model of another series: training `key` under it would replace that model.
 * A name that is free, or held by a model of the same series (a retrain), passes.
 */
export function assertNameFreeFor(modelsDir: string, name: string, key: SeriesKey): void {
  const existing = storedModelIdentity(modelsDir, name);
  if (existing && !isModelOfSeries(existing, key)) {
    throw new ModelSeriesConflictError(`model ${name} belongs to ${seriesLabel(existing)}, not ${seriesLabel(key)}: `
      + 'training would replace it. Choose another name, or delete that model first');
  }
}

/**
 * The model of a series, type and horizon that a request without a model name means, and its config if it exists:
 * the model under the default name when it is this series'; else the newest stored model of the same series, type
 * and steps (models saved under the earlier naming rule, which had no source prefix); else a new model under the
 * default name, or, when a model of another series holds that name, under the name prefixed with the source id.
 * A model of the series saved by an older Candlecast comes back without a config and `olderFormat`: it is retrained
 * under its own name.
 */
export function resolveSeriesModel(
  modelsDir: string, key: SeriesKey, type: PredictorType, steps: number,
): { name: string; config: ModelConfig | undefined; olderFormat?: boolean } {
  const name = defaultModelName(key, type, steps);
  const atDefault = storedModelIdentity(modelsDir, name);
  if (atDefault && isModelOfSeries(atDefault, key) && atDefault.predictor_type === type && atDefault.n_steps_ahead === steps) {
    return { name, config: modelConfigIfAny(modelsDir, name), ...(atDefault.current ? {} : { olderFormat: true }) };
  }
  const match = listModels(modelsDir).find((m) => isModelOfSeries(m, key) && m.type === type && m.n_steps_ahead === steps);
  if (match) return { name: match.name, config: readModelConfig(modelsDir, match.name) };
  if (!atDefault) return { name, config: undefined };
  const prefixed = name.startsWith(`${key.exchange}_`) ? `${name}_${type}` : `${key.exchange}_${name}`;
  assertNameFreeFor(modelsDir, prefixed, key);
  return { name: prefixed, config: modelConfigIfAny(modelsDir, prefixed) };
}
