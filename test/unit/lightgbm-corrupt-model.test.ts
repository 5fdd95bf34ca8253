import { describe, expect, it } from 'vitest';
import { LgbmBooster, trainBooster } from '../../core/lightgbm';
import { nonlinearProblem, seededRandom } from '../support/synthetic';

describe('corrupted model text', () => {
  const p = nonlinearProblem(2000, 4, 1);
  const text = trainBooster({ train: p, params: { objective: 'regression', num_leaves: 15, seed: 1 }, numBoostRound: 20 }).booster.saveModelString();
  const probe = { data: p.data.subarray(0, 40), rows: 10, cols: 4 };

  it('never crashes the process: 1,200 truncations, deletions, substitutions and inserted newlines load or raise', () => {
    const rand = seededRandom(99);
    let refused = 0;
    let loaded = 0;
    for (let k = 0; k < 1200; k++) {
      const pos = Math.floor(rand() * text.length);
      const mutated = [
        () => text.slice(0, pos),
        () => text.slice(0, pos) + text.slice(pos + 1 + Math.floor(rand() * 20)),
        () => text.slice(0, pos) + String.fromCharCode(32 + Math.floor(rand() * 90)) + text.slice(pos + 1),
        () => `${text.slice(0, pos)}\n${text.slice(pos)}`,
      ][k % 4]();
      try {
        const b = LgbmBooster.fromString(mutated);
        expect(b.predict(probe).length).toBe(10);
        b.dispose();
        loaded++;
      } catch (err) {
        expect((err as Error).message).toMatch(/^LightGBM: /);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(600);
    expect(loaded + refused).toBe(1200);
  });

  it('names what is wrong with a truncated model', () => {
    expect(() => LgbmBooster.fromString(text.slice(0, Math.floor(text.length * 0.6)))).toThrow(/truncated/);
  });
});

describe('degenerate but valid models', () => {
  it('loads a model of single-leaf trees (a constant target) and predicts the constant', () => {
    const data = new Float64Array(200).map((_, i) => i % 7);
    const labels = new Float64Array(100).fill(0.25);
    const r = trainBooster({ train: { data, rows: 100, cols: 2, labels }, params: { objective: 'regression' }, numBoostRound: 3 });
    const loaded = LgbmBooster.fromString(r.booster.saveModelString());
    expect(Array.from(loaded.predict({ data: data.subarray(0, 4), rows: 2, cols: 2 }))).toEqual([0.25, 0.25]);
  });
});
