import type { SeriesKey } from '../data/candles';
import type { ModelConfig } from './modelConfig';
import { defaultModelName, listModels, ModelNotFoundError, readModelConfig, validateModelName } from './modelStore';
import type { PredictorType } from './types';

/** Thrown when a model name is taken by a model of another series: training must not replace it. */
export class ModelSeriesConflictError extends Error {
  override readonly name = 'ModelSeriesConflictError';
}

/** `exchange symbol timeframe`, the way messages name a series. */
export function seriesLabel(key: SeriesKey): string {
  return `${key.exchange} ${key.symbol} ${key.timeframe}`;
}

/** Whether a model was trained on exactly this series (exchange, symbol and timeframe). */
export function isModelOfSeries(config: Pick<ModelConfig, 'exchange' | 'symbol' | 'timeframe'>, key: SeriesKey): boolean {
  return config.exchange === key.exchange && config.symbol === key.symbol && config.timeframe === key.timeframe;
}

/** A model's config, or undefined when no model has that name. */
export function modelConfigIfAny(modelsDir: string, name: string): ModelConfig | undefined {
  try {
    return readModelConfig(modelsDir, name);
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
  const existing = modelConfigIfAny(modelsDir, validateModelName(name));
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
 */
export function resolveSeriesModel(modelsDir: string, key: SeriesKey, type: PredictorType, steps: number): { name: string; config: ModelConfig | undefined } {
  const name = defaultModelName(key, type, steps);
  const atDefault = modelConfigIfAny(modelsDir, name);
  if (atDefault && isModelOfSeries(atDefault, key) && atDefault.predictor_type === type && atDefault.n_steps_ahead === steps) {
    return { name, config: atDefault };
  }
  const match = listModels(modelsDir).find((m) => isModelOfSeries(m, key) && m.type === type && m.n_steps_ahead === steps);
  if (match) return { name: match.name, config: readModelConfig(modelsDir, match.name) };
  if (!atDefault) return { name, config: undefined };
  const prefixed = name.startsWith(`${key.exchange}_`) ? `${name}_${type}` : `${key.exchange}_${name}`;
  assertNameFreeFor(modelsDir, prefixed, key);
  return { name: prefixed, config: modelConfigIfAny(modelsDir, prefixed) };
}
