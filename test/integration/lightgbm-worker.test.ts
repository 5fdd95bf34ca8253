import { describe, expect, it } from 'vitest';
import { trainInWorker, type IterationProgress } from '../../core/lightgbm';
import { nonlinearProblem, r2, sliceRows } from '../support/synthetic';

const PARAMS = { objective: 'regression', metric: 'rmse', learning_rate: 0.05, num_leaves: 31, deterministic: true, seed: 1, num_threads: 1 };

describe('training in a worker thread', () => {
  it('streams per-iteration progress and returns a usable model', async () => {
    const p = nonlinearProblem(5000, 6, 9);
    const seen: IterationProgress[] = [];
    const r = await trainInWorker(
      { train: sliceRows(p, 0, 4000), valid: sliceRows(p, 4000, 5000), params: PARAMS, numBoostRound: 200, earlyStoppingRounds: 20 },
      { onProgress: (x) => seen.push(x) },
    );
    expect(seen.length).toBe(r.history.length);
    expect(seen.map((s) => s.iteration)).toEqual(seen.map((_, i) => i + 1));
    expect(seen[seen.length - 1].valid).toBeLessThan(seen[0].valid!);
    const booster = r.booster();
    expect(booster.numTrees).toBe(r.bestIteration);
    const held = sliceRows(p, 4000, 5000);
    expect(r2(held.labels, booster.predict(held))).toBeGreaterThan(0.9);
  });

  it('cancels mid-way with an AbortError and leaves no worker behind', async () => {
    const p = nonlinearProblem(60000, 40, 5);
    const ctrl = new AbortController();
    let iterations = 0;
    const run = trainInWorker(
      { train: p, params: { ...PARAMS, num_leaves: 127 }, numBoostRound: 5000 },
      { signal: ctrl.signal, onProgress: (x) => { iterations = x.iteration; if (x.iteration === 5) ctrl.abort(); } },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(iterations).toBeLessThan(100);
    await new Promise((r) => setTimeout(r, 50));
    expect(process.getActiveResourcesInfo().filter((x) => /Worker|MessagePort/.test(x))).toEqual([]);
  });

  it('runs two trainings at once and both finish', async () => {
    const a = nonlinearProblem(4000, 6, 11);
    const b = nonlinearProblem(4000, 6, 12);
    const [ra, rb] = await Promise.all([
      trainInWorker({ train: a, params: PARAMS, numBoostRound: 100 }),
      trainInWorker({ train: b, params: PARAMS, numBoostRound: 100 }),
    ]);
    expect(ra.history.length).toBe(100);
    expect(rb.history.length).toBe(100);
    expect(ra.modelString).not.toBe(rb.modelString);
  });

  it('rejects an already-aborted signal without starting', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(trainInWorker({ train: nonlinearProblem(100, 2, 1), params: PARAMS, numBoostRound: 5 }, { signal: ctrl.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
