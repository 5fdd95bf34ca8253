import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LgbmBooster, LgbmDataset, trainBooster } from '../../core/lightgbm';
import { nonlinearProblem, r2, seededRandom, sliceRows } from '../support/synthetic';

const PARAMS = { objective: 'regression', metric: 'rmse', learning_rate: 0.1, num_leaves: 31, deterministic: true, seed: 7, num_threads: 2 };
const problem = nonlinearProblem(6000, 6, 42);
const train = sliceRows(problem, 0, 4000);
const valid = sliceRows(problem, 4000, 5000);
const test = sliceRows(problem, 5000, 6000);
const tmp = mkdtempSync(join(tmpdir(), 'cc-lgbm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('LightGBM binding', () => {
  const fit = trainBooster({ train, valid, params: PARAMS, numBoostRound: 300, earlyStoppingRounds: 30, featureNames: ['a', 'b', 'c', 'd', 'e', 'f'] });

  it('learns a nonlinear function to R² >= 0.95 on held-out rows', () => {
    expect(r2(test.labels, fit.booster.predict(test))).toBeGreaterThanOrEqual(0.95);
    expect(fit.booster.featureNames()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('saves and loads in LightGBM text format with bit-identical predictions', () => {
    const text = fit.booster.saveModelString();
    expect(text.startsWith('tree\nversion=v4')).toBe(true);
    const fromString = LgbmBooster.fromString(text);
    const path = join(tmp, 'model.txt');
    fit.booster.saveModelFile(path);
    expect(readFileSync(path, 'utf8')).toContain('feature_names=a b c d e f');
    const fromFile = LgbmBooster.fromFile(path);
    const a = fit.booster.predict(test);
    expect(Array.from(fromString.predict(test))).toEqual(Array.from(a));
    expect(Array.from(fromFile.predict(test))).toEqual(Array.from(a));
    fromString.dispose();
    fromFile.dispose();
  });

  it('single-row fast prediction equals matrix prediction', () => {
    const all = fit.booster.predict(test);
    const fast = fit.booster.fastPredictor();
    const row = new Float64Array(test.cols);
    for (let i = 0; i < test.rows; i++) {
      row.set(test.data.subarray(i * test.cols, (i + 1) * test.cols));
      expect(fast.predict(row)).toBe(all[i]);
    }
    expect(() => fast.predict(new Float64Array(3))).toThrow(/3 values, model expects 6/);
    fast.dispose();
  });

  it('reports feature importance by split and by gain, highest for the informative features', () => {
    const gain = fit.booster.featureImportance('gain');
    const split = fit.booster.featureImportance('split');
    expect(gain.length).toBe(6);
    expect(split.every((v) => Number.isInteger(v))).toBe(true);
    const ranked = Array.from(gain).map((g, i) => [g, i]).sort((x, y) => y[0] - x[0]).map(([, i]) => i);
    expect(ranked.slice(0, 2).sort()).toEqual([0, 1]);
  });

  it('stops early on a pure-noise target and keeps the best iteration', () => {
    const rand = seededRandom(3);
    const noise = (m: { data: Float64Array; rows: number; cols: number }) => ({ ...m, labels: Float64Array.from({ length: m.rows }, () => rand()) });
    const r = trainBooster({ train: noise(train), valid: noise(valid), params: PARAMS, numBoostRound: 500, earlyStoppingRounds: 20 });
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.length).toBeLessThan(500);
    expect(r.history.length - r.bestIteration).toBe(20);
    expect(r.booster.numTrees).toBe(r.bestIteration);
    const best = Math.min(...r.history.map((h) => h.valid!));
    expect(r.history[r.bestIteration - 1].valid).toBe(best);
    r.booster.dispose();
  });

  it('is deterministic with deterministic=true and a seed', () => {
    const params = { ...PARAMS, feature_fraction: 0.8, bagging_fraction: 0.8, bagging_freq: 1 };
    const a = trainBooster({ train, params, numBoostRound: 40 });
    const b = trainBooster({ train, params, numBoostRound: 40 });
    expect(a.booster.saveModelString()).toBe(b.booster.saveModelString());
  });

  it('names an unknown parameter, and passes on LightGBM\'s own message for an invalid value', () => {
    expect(() => trainBooster({ train, params: { ...PARAMS, num_leavs: 31 }, numBoostRound: 5 })).toThrow(/Unknown parameter: num_leavs/);
    expect(() => trainBooster({ train, params: { ...PARAMS, num_leaves: 1 }, numBoostRound: 5 })).toThrow(/LightGBM: .*num_leaves/);
  });

  it('raises on a truncated or corrupted model string instead of crashing', () => {
    const text = fit.booster.saveModelString();
    expect(() => LgbmBooster.fromString(text.slice(0, Math.floor(text.length / 2)))).toThrow(/LightGBM/);
    expect(() => LgbmBooster.fromString('not a model')).toThrow(/LightGBM/);
    expect(() => LgbmBooster.fromString('')).toThrow(/empty/);
  });

  it('refuses mismatched shapes with a clear message', () => {
    expect(() => LgbmDataset.fromMatrix({ data: new Float64Array(10), rows: 3, cols: 3 }, { labels: new Float64Array(3) })).toThrow(/data length 10/);
    expect(() => LgbmDataset.fromMatrix({ data: new Float64Array(9), rows: 3, cols: 3 }, { labels: new Float64Array(2) })).toThrow(/labels has 2/);
  });

  it('fails cleanly after dispose', () => {
    const b = LgbmBooster.fromString(fit.booster.saveModelString());
    const fast = b.fastPredictor();
    b.dispose();
    expect(() => b.predict(test)).toThrow(/disposed/);
    expect(() => fast.predict(new Float64Array(6))).toThrow(/disposed/);
  });
});
