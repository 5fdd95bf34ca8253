import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainBooster } from '../../core/lightgbm';
import { nonlinearProblem, sliceRows } from '../support/synthetic';

const python = spawnSync('python3', ['-c', 'import lightgbm, numpy'], { encoding: 'utf8' });
const hasPythonLightgbm = python.status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'cc-py-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasPythonLightgbm)('model files in Python lightgbm (verification; skipped without python3 lightgbm)', () => {
  it('Python lightgbm.Booster(model_file=...) loads our file and predicts the same values', () => {
    const p = nonlinearProblem(3000, 5, 21);
    const r = trainBooster({ train: sliceRows(p, 0, 2500), params: { objective: 'regression', num_leaves: 31, seed: 3 }, numBoostRound: 80, featureNames: ['f0', 'f1', 'f2', 'f3', 'f4'] });
    const modelPath = join(tmp, 'autoregressive_model.txt');
    r.booster.saveModelFile(modelPath);
    const held = sliceRows(p, 2500, 3000);
    const lines: string[] = [];
    for (let i = 0; i < held.rows; i++) lines.push(Array.from(held.data.subarray(i * 5, (i + 1) * 5), (x) => x.toPrecision(17)).join(','));
    const csv = join(tmp, 'matrix.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const out = spawnSync('python3', ['test/python/predict_with_lightgbm.py', modelPath, csv], { encoding: 'utf8' });
    expect(out.stderr).not.toMatch(/Error/);
    const theirs = out.stdout.trim().split('\n').map(Number);
    const ours = r.booster.predict(held);
    expect(theirs).toHaveLength(held.rows);
    for (let i = 0; i < held.rows; i++) expect(Math.abs(theirs[i] - ours[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ours[i])));
  });
});
