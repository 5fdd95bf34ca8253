import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { symbolSlug, type SeriesKey } from '../data/candles';
import { MODEL_FORMAT_VERSION, type ModelConfig } from './modelConfig';
import type { ModelSummary, PredictorType } from './types';

/** Thrown when a model does not exist in the store. */
export class ModelNotFoundError extends Error {
  override readonly name = 'ModelNotFoundError';
}

/**
 * The default name of a series' model. The demo market keeps the seed's form, `BTC_USDT_1m_300steps` (plus
 * `_multi_ohlc` for the four-model predictor); every other source is prefixed with its id, e.g.
 * `csv_BTC_USDT_1m_300steps` or `binance_BTC_USDT_1m_300steps`, so models of the same symbol from different sources
 * never share a name. Exchange ids are lower case and symbols upper case, so the prefix cannot be misread.
 */
export function defaultModelName(key: SeriesKey, type: PredictorType, nSteps: number): string {
  const seedForm = `${symbolSlug(key.symbol)}_${key.timeframe}_${nSteps}steps${type === 'multi_ohlc' ? '_multi_ohlc' : ''}`;
  return key.exchange === 'demo' ? seedForm : `${key.exchange}_${seedForm}`;
}

/**
 * Checks a model name can only ever name a folder directly inside the model store.
 * Letters, digits, `_`, `-` and `.` (not leading), at most 120 characters: no separators, no `..`, no NUL.
 */
export function validateModelName(name: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/.test(name) || name.includes('..')) {
    throw new Error(`invalid model name ${JSON.stringify(String(name).slice(0, 130))}: use letters, digits, _ - . (no path separators or ..)`);
  }
  return name;
}

function writeFileDurably(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a whole model folder atomically: files go to a temporary sibling folder, which is then renamed into place.
 * A crash never leaves a half model, and an existing model is replaced only once the new one is complete.
 */
export function writeModelFolder(modelsDir: string, name: string, files: Readonly<Record<string, string>>): string {
  validateModelName(name);
  mkdirSync(modelsDir, { recursive: true });
  const target = join(modelsDir, name);
  const tmp = join(modelsDir, `.tmp-${name}-${randomBytes(4).toString('hex')}`);
  try {
    for (const [rel, content] of Object.entries(files)) writeFileDurably(join(tmp, rel), content);
    if (existsSync(target)) {
      const old = join(modelsDir, `.old-${name}-${randomBytes(4).toString('hex')}`);
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return target;
}

/** Copies an existing model folder (e.g. a scratch training folder) into the store atomically. */
export function writeModelFolderFrom(sourceDir: string, modelsDir: string, name: string): string {
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else files[rel] = readFileSync(join(dir, entry.name), 'utf8');
    }
  };
  walk(sourceDir, '');
  return writeModelFolder(modelsDir, name, files);
}

/** Path of a stored model's folder; throws ModelNotFoundError when absent. */
export function modelDir(modelsDir: string, name: string): string {
  const dir = join(modelsDir, validateModelName(name));
  if (!existsSync(join(dir, 'config.json'))) throw new ModelNotFoundError(`model not found: ${name}`);
  return dir;
}

/** Reads and checks a model's top-level config. */
export function readModelConfig(modelsDir: string, name: string): ModelConfig {
  const dir = modelDir(modelsDir, name);
  let config: ModelConfig;
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ModelConfig;
  } catch (err) {
    throw new Error(`model ${name}: config.json is not valid JSON (${(err as Error).message})`);
  }
  if (config.format_version !== MODEL_FORMAT_VERSION) {
    throw new Error(`model ${name}: unknown format version ${config.format_version} (this Candlecast reads ${MODEL_FORMAT_VERSION}); retrain it`);
  }
  return config;
}

function folderSizeKb(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    bytes += entry.isDirectory() ? folderSizeKb(p) * 1024 : statSync(p).size;
  }
  return bytes / 1024;
}

/** A stored model's listing entry. */
export function summarize(config: ModelConfig, sizeKb: number): ModelSummary {
  const { evaluation, ...performance } = config.training_metrics;
  return {
    name: config.name,
    type: config.predictor_type,
    symbol: config.symbol,
    timeframe: config.timeframe,
    exchange: config.exchange,
    n_steps_ahead: config.n_steps_ahead,
    trained_at: config.trained_at,
    size_kb: Math.round(sizeKb * 10) / 10,
    feature_config_hash: config.feature_config_hash,
    data_range: config.data_range,
    performance,
    evaluation,
    warnings: config.warnings,
    training_time_ms: config.training_time_ms,
  };
}

/** Every readable model in the store, newest first; unreadable folders are skipped. */
export function listModels(modelsDir: string): ModelSummary[] {
  if (!existsSync(modelsDir)) return [];
  const out: ModelSummary[] = [];
  for (const entry of readdirSync(modelsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    try {
      const config = readModelConfig(modelsDir, entry.name);
      out.push(summarize(config, folderSizeKb(join(modelsDir, entry.name))));
    } catch {
      /* not a model folder, or an older format: not listed */
    }
  }
  return out.sort((a, b) => b.trained_at.localeCompare(a.trained_at));
}

/** Size of a stored model folder in KiB. */
export function modelSizeKb(modelsDir: string, name: string): number {
  return folderSizeKb(modelDir(modelsDir, name));
}

/** Deletes a stored model (rename first, so a crash mid-delete leaves no half model under its name). */
export function deleteModel(modelsDir: string, name: string): void {
  const dir = modelDir(modelsDir, name);
  const trash = join(modelsDir, `.del-${name}-${randomBytes(4).toString('hex')}`);
  renameSync(dir, trash);
  rmSync(trash, { recursive: true, force: true });
}
