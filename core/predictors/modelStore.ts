import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { symbolSlug, type SeriesKey } from '../data/candles';
import { faultPoint } from '../runtime/faultPoint';
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

/** Flushes a folder's entries (a rename in it) to disk; a no-op where folders cannot be opened (Windows). */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported on this platform: the rename is still atomic, only its durability is up to the OS */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
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

/** A hidden sibling folder of a model: `.tmp-` (being written), `.old-` (being replaced), `.del-` (being deleted). */
function scratchName(kind: 'tmp' | 'old' | 'del', name: string): string {
  return `.${kind}-${name}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes a whole model folder atomically: files go to a temporary sibling folder (each file and folder synced),
 * which then takes the model's place; the models folder is synced after each rename. Replacing a model is two
 * renames (the old folder aside to `.old-*`, the new one into place), and a crash between them is repaired by
 * recoverModelStore, which puts the old model back: a crash never leaves a half model, and never loses the
 * previous one.
 */
export function writeModelFolder(modelsDir: string, name: string, files: Readonly<Record<string, string>>): string {
  validateModelName(name);
  mkdirSync(modelsDir, { recursive: true });
  const target = join(modelsDir, name);
  const tmp = join(modelsDir, scratchName('tmp', name));
  try {
    for (const [rel, content] of Object.entries(files)) writeFileDurably(join(tmp, rel), content);
    for (const rel of new Set(Object.keys(files).map((f) => dirname(f)))) fsyncDir(join(tmp, rel));
    faultPoint('model:files-written');
    if (existsSync(target)) {
      const old = join(modelsDir, scratchName('old', name));
      renameSync(target, old);
      fsyncDir(modelsDir);
      faultPoint('model:old-moved');
      try {
        renameSync(tmp, target);
      } catch (err) {
        if (!existsSync(target)) renameSync(old, target);
        throw err;
      }
      fsyncDir(modelsDir);
      faultPoint('model:new-in-place');
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
      fsyncDir(modelsDir);
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return target;
}

const SCRATCH = /^\.(tmp|old|del)-(.+)-(\d+)-([0-9a-f]{8})$/;
const LEGACY_SCRATCH = /^\.(tmp|old|del)-(.+)-([0-9a-f]{8})$/;

/** Whether a process id belongs to a running process (this one included). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What recoverModelStore did. */
export interface ModelStoreRecovery {
  /** Models put back from the `.old-*` folder of a replacement that was cut short. */
  readonly restored: string[];
  /** Leftover `.tmp-*`, `.old-*` and `.del-*` folders of processes that are gone, removed. */
  readonly removed: number;
}

/**
 * Repairs what killed processes left in the model store: a model whose replacement died between its two renames
 * is restored from its `.old-*` folder, and the scratch folders of dead processes are removed. Folders of running
 * processes (a save in progress, here or in another process on the same home) are left alone.
 */
export function recoverModelStore(modelsDir: string): ModelStoreRecovery {
  const restored: string[] = [];
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(modelsDir);
  } catch {
    return { restored, removed };
  }
  for (const entry of entries) {
    const m = SCRATCH.exec(entry) ?? LEGACY_SCRATCH.exec(entry);
    if (!m) continue;
    const kind = m[1];
    const pid = m.length === 5 ? Number(m[3]) : undefined;
    if (pid !== undefined && isAlive(pid)) continue;
    const path = join(modelsDir, entry);
    try {
      const current = join(modelsDir, m[2]);
      if (kind === 'old' && !existsSync(join(current, 'config.json')) && existsSync(join(path, 'config.json'))) {
        rmSync(current, { recursive: true, force: true });
        renameSync(path, current);
        restored.push(m[2]);
      } else {
        rmSync(path, { recursive: true, force: true });
        removed++;
      }
    } catch {
      /* another process repaired it first */
    }
  }
  if (restored.length || removed) fsyncDir(modelsDir);
  return { restored, removed };
}

/** Whether a live process is replacing this model right now (its `.old-*` folder exists). */
function replacementInProgress(modelsDir: string, name: string): boolean {
  try {
    return readdirSync(modelsDir).some((e) => {
      const m = SCRATCH.exec(e);
      return m !== null && m[1] === 'old' && m[2] === name && isAlive(Number(m[3]));
    });
  } catch {
    return false;
  }
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

const SWAP_WAIT_MS = 2000;

/**
 * Path of a stored model's folder; throws ModelNotFoundError when absent. A model caught between the two renames
 * of its replacement is waited for (a live process finishes it in microseconds) or restored (a dead one left it).
 */
export function modelDir(modelsDir: string, name: string): string {
  const dir = join(modelsDir, validateModelName(name));
  const present = () => existsSync(join(dir, 'config.json'));
  if (present()) return dir;
  recoverModelStore(modelsDir);
  for (let waited = 0; !present() && waited < SWAP_WAIT_MS && replacementInProgress(modelsDir, name); waited += 10) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  if (!present()) throw new ModelNotFoundError(`model not found: ${name}`);
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
  recoverModelStore(modelsDir);
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
  const trash = join(modelsDir, scratchName('del', name));
  renameSync(dir, trash);
  fsyncDir(modelsDir);
  rmSync(trash, { recursive: true, force: true });
}
