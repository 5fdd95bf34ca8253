import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LgbmBooster } from './booster';
import { trainBooster } from './train';

/** Result of the LightGBM self-test run by `candlecast doctor`. */
export interface SelfTestResult {
  readonly ok: boolean;
  readonly ms: number;
  readonly r2?: number;
  readonly error?: string;
}

/** Trains a small nonlinear model, saves it to a file, loads it back and checks the predictions match. */
export function runSelfTest(): SelfTestResult {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'candlecast-selftest-'));
  try {
    const rows = 2000;
    const cols = 4;
    const data = new Float64Array(rows * cols);
    const labels = new Float64Array(rows);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] = rand();
      labels[i] = Math.sin(3 * data[i * cols]) + data[i * cols + 1] ** 2;
    }
    const m = { data, rows, cols, labels };
    const r = trainBooster({ train: m, params: { objective: 'regression', num_leaves: 15, learning_rate: 0.1, deterministic: true, seed: 1, num_threads: 1 }, numBoostRound: 100 });
    const path = join(dir, 'model.txt');
    r.booster.saveModelFile(path);
    const loaded = LgbmBooster.fromFile(path);
    const a = r.booster.predict(m);
    const b = loaded.predict(m);
    let mean = 0;
    for (const y of labels) mean += y / rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < rows; i++) {
      if (a[i] !== b[i]) throw new Error(`prediction ${i} differs after save and load`);
      ssRes += (labels[i] - a[i]) ** 2;
      ssTot += (labels[i] - mean) ** 2;
    }
    r.booster.dispose();
    loaded.dispose();
    const r2 = 1 - ssRes / ssTot;
    if (!(r2 > 0.9)) throw new Error(`self-test model fits poorly (R² ${r2.toFixed(3)})`);
    return { ok: true, ms: Math.round(performance.now() - started), r2 };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (err as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
