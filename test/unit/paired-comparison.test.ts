import { describe, expect, it } from 'vitest';
import { bootstrapIntervals, bootstrapPlan, lossSkill } from '../../core/evaluation/bootstrap';
import { compareComponent } from '../../core/evaluation/componentComparison';
import { pairedDifference, type OriginLosses } from '../../core/evaluation/pairedComparison';
import { seededRandom } from '../../core/runtime/seededRandom';

const MINUTE = 60_000;

/** Standard normal draws (Box-Muller) from a seeded generator. */
function normals(n: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
}

/** Losses with the given model and naive arrays for every component, origins one minute apart from `start`. */
function losses(model: readonly number[], naive: readonly number[], start = 0, blockLength = 8): OriginLosses {
  const c = { model, naive };
  return { origin_times_ms: model.map((_, i) => start + i * MINUTE), block_length: blockLength, close: c, range: c, band: c, direction: c };
}

const sum = (x: readonly number[]) => x.reduce((a, b) => a + b, 0);

describe('paired comparison of two models on the same market', () => {
  // A market whose difficulty swings (v) and a shared miss factor (c) that moves both models' losses together: each
  // model's own skill is uncertain (it rides on c), but their difference is not.
  const n = 500;
  const v = Array.from(normals(n, 1), (z) => Math.exp(0.8 * z));
  const c = Array.from(normals(n, 2), (z) => Math.exp(0.5 * z));
  const naive = v;
  const a = v.map((x, i) => 0.95 * x * c[i]);
  const b = v.map((x, i) => 0.97 * x * c[i]);

  it('finds a small, steady difference that two separate intervals would call noise', () => {
    const d = pairedDifference(losses(a, naive), losses(b, naive), 'band')!;
    // lossSkill: (1 - Σa/Σn) - (1 - Σb/Σn) = 0.02 Σ(v c) / Σ v, computed here from the arrays.
    const expected = (0.02 * sum(v.map((x, i) => x * c[i]))) / sum(v);
    expect(d.difference).toBeCloseTo(expected, 10);
    expect(d.better).toBe('a');
    expect(d.difference_ci[0]).toBeGreaterThan(0);
    expect(d.difference_ci[1]).toBeLessThan(2 * expected);
    // Each model's own interval, as its report draws it, rides on the shared factor: the two overlap, so reading
    // whether they overlap would call the difference noise.
    const plan = bootstrapPlan(n, 8);
    const own = (m: number[]) => bootstrapIntervals(plan, Float64Array.from(m), Float64Array.from(naive), 1, lossSkill)[0];
    const [ia, ib] = [own(a), own(b)];
    expect(ia[0]).toBeLessThan(ib[1]);
    expect(ib[0]).toBeLessThan(ia[1]);
    expect(ia[1] - ia[0]).toBeGreaterThan(3 * (d.difference_ci[1] - d.difference_ci[0]));
    // Swapped, the same difference from the other side.
    const swapped = pairedDifference(losses(b, naive), losses(a, naive), 'band')!;
    expect(swapped.difference).toBeCloseTo(-expected, 10);
    expect(swapped.better).toBe('b');
  });

  it('uses the root-mean-square skill for the close and the range', () => {
    const d = pairedDifference(losses(a, naive), losses(b, naive), 'close')!;
    expect(d.difference).toBeCloseTo(Math.sqrt(sum(b) / sum(naive)) - Math.sqrt(sum(a) / sum(naive)), 10);
  });

  it('says neither when the two models differ only by noise', () => {
    const ea = normals(n, 3);
    const eb = normals(n, 4);
    const a2 = v.map((x, i) => x * c[i] * Math.exp(0.3 * ea[i]));
    const b2 = v.map((x, i) => x * c[i] * Math.exp(0.3 * eb[i]));
    const d = pairedDifference(losses(a2, naive), losses(b2, naive), 'direction')!;
    expect(d.better).toBe('neither');
    expect(d.difference_ci[0]).toBeLessThan(0);
    expect(d.difference_ci[1]).toBeGreaterThan(0);
  });

  it('is exactly the same for identical losses', () => {
    expect(pairedDifference(losses(a, naive), losses(a, naive), 'range')).toMatchObject({ difference: 0, difference_ci: [0, 0], better: 'neither' });
  });

  it('pairs models whose origins are shifted (trained a bar apart) by time cells', () => {
    // A model trained a bar later: its origins, about 17 bars apart on a month of minutes, move by a tenth of that.
    const d = pairedDifference(losses(a, naive), losses(b, naive, MINUTE / 10), 'band')!;
    expect(d.cells).toBeGreaterThanOrEqual(90);
    expect(d.better).toBe('a');
  });

  it('refuses to pair models tested on different stretches of the market', () => {
    expect(pairedDifference(losses(a, naive), losses(b, naive, n * MINUTE), 'band')).toBeUndefined();
    // Overlapping in under half of one model's origins.
    expect(pairedDifference(losses(a, naive), losses(b, naive, 300 * MINUTE), 'band')).toBeUndefined();
    expect(pairedDifference(losses(a.slice(0, 12), naive.slice(0, 12)), losses(b.slice(0, 12), naive.slice(0, 12)), 'band')).toBeUndefined();
  });

  it('says it in words from the leader\'s side, and falls back to overlapping intervals when it cannot pair', () => {
    const verdict = (skill: number, ci: [number, number]) => ({ verdict: 'no_edge' as const, skill, skill_ci: ci, fallback: false });
    const all = (skill: number, ci: [number, number]) => ({ direction: verdict(skill, ci), range: verdict(skill, ci), band: verdict(skill, ci), close: verdict(skill, ci) });
    const A = { label: 'A', verdicts: all(0.05, [-0.1, 0.2]), losses: losses(a, naive) };
    const B = { label: 'B', verdicts: all(0.03, [-0.12, 0.18]), losses: losses(b, naive) };
    expect(compareComponent(B, A, 'band').text).toMatch(/^A better by \+0\.02\d \[\+0\.0\d\d, \+0\.0\d\d\]$/);
    expect(compareComponent(A, { ...A, label: 'A2' }, 'band').text).toBe('the same');
    // Without per-origin losses (older models) the overlap of the two intervals is all there is.
    expect(compareComponent({ ...A, losses: undefined }, B, 'band').text).toBe('A ahead, inside the noise (unpaired)');
    expect(compareComponent({ ...A, verdicts: all(0.3, [0.25, 0.35]), losses: undefined }, B, 'band').text).toBe('A better (unpaired)');
    expect(compareComponent({ label: 'old' }, B, 'band').text).toBe('not measured (retrain both models)');
    // A lead that rounds to 0.000 but whose interval reaches 0.001 is written to 4 decimals, never "by +0.000".
    const wobble = normals(n, 7);
    const tiny = losses(a.map((x, i) => x * (1.0002 + 0.002 * wobble[i])), naive);
    const small = compareComponent({ ...A, label: 'C', losses: tiny }, A, 'band').text;
    expect(small).toMatch(/^A (better|ahead) by \+0\.000\d \[[+-]0\.\d{4}, \+0\.\d{4}\](, inside the noise)?$/);
    expect(small).not.toMatch(/by \+0\.000 /);
  });
});
