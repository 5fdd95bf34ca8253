import { describe, expect, it } from 'vitest';
import { blockLengthFor, bootstrapPlan, type BootstrapPlan } from '../../core/evaluation/bootstrap';
import { eceIntervals } from '../../core/evaluation/eceInterval';
import { seededRandom } from '../../core/runtime/seededRandom';

// Reference figures are computed here the slow, obvious way: list each replicate's origins, bin their records,
// take the count-weighted |mean p - share up| per bin, read the 2.5% / 97.5% order statistics, and move both down by
// the replicates' mean excess over the sample's ECE (floored at 0).

/** Binned ECE (10 equal-width bins) of the records (o, h) for the listed origins and horizons. */
function directEce(p: Float64Array, up: Float64Array, H: number, origins: readonly number[], hs: readonly number[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  let n = 0;
  for (const o of origins) {
    for (const h of hs) {
      const j = o * H + h;
      if (Number.isNaN(p[j]) || Number.isNaN(up[j])) continue;
      const b = bins[p[j] >= 1 ? 9 : Math.floor(p[j] * 10)];
      b.n++;
      b.p += p[j];
      b.y += up[j];
      n++;
    }
  }
  return bins.reduce((s, b) => (b.n ? s + (b.n / n) * Math.abs(b.p / b.n - b.y / b.n) : s), 0);
}

/** The origins of replicate r of a moving-block plan, listed one by one. */
function replicateOrigins(plan: BootstrapPlan, r: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < plan.blocksPerReplicate; k++) {
    const s = plan.starts[r * plan.blocksPerReplicate + k];
    for (let o = s; o < Math.min(plan.origins, s + plan.blockLength); o++) out.push(o);
  }
  return out;
}

/** Linear-interpolated 2.5% and 97.5% quantiles. */
function percentiles(xs: number[]): [number, number] {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (f: number) => {
    const pos = (s.length - 1) * f;
    const lo = Math.floor(pos);
    return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
  };
  return [q(0.025), q(0.975)];
}

/** The bias-corrected interval: percentiles minus (mean of replicates - sample ECE), floored at 0. */
function corrected(reps: number[], sample: number): [number, number] {
  const [lo, hi] = percentiles(reps);
  const bias = reps.reduce((a, b) => a + b, 0) / reps.length - sample;
  return [Math.max(0, lo - bias), Math.max(0, hi - bias)];
}

/** `origins x horizons` records: p from `pOf(h, rand)`, up drawn with probability `trueUp(p, h)`. */
function records(origins: number, H: number, seed: number, pOf: (h: number, rand: () => number) => number, trueUp: (p: number, h: number) => number) {
  const rand = seededRandom(seed);
  const p = new Float64Array(origins * H);
  const up = new Float64Array(origins * H);
  for (let o = 0; o < origins; o++) {
    for (let h = 0; h < H; h++) {
      p[o * H + h] = pOf(h, rand);
      up[o * H + h] = rand() < trueUp(p[o * H + h], h) ? 1 : 0;
    }
  }
  return { p, up };
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);
const planFor = (origins: number, H: number, spacing = 1) => bootstrapPlan(origins, blockLengthFor(origins, H, spacing));

describe('bootstrap interval of the direction calibration error (ECE)', () => {
  it('equals resampling the origins block by block and recomputing the binned ECE, per horizon and pooled', () => {
    const O = 240;
    const H = 3;
    const { p, up } = records(O, H, 5, (h, rand) => (h === 2 ? 1 : rand()), (q) => q);
    for (const j of [7, 100, 101, 502]) p[j] = Number.NaN; // missing records are left out, not counted
    const plan = bootstrapPlan(O, 12, 150, 77);
    const got = eceIntervals(p, up, O, H, plan);
    for (let h = 0; h < H; h++) {
      const reps = all(plan.replicates).map((r) => directEce(p, up, H, replicateOrigins(plan, r), [h]));
      const want = corrected(reps, directEce(p, up, H, all(O), [h]));
      expect(got.horizons[h][0]).toBeCloseTo(want[0], 12);
      expect(got.horizons[h][1]).toBeCloseTo(want[1], 12);
    }
    const reps = all(plan.replicates).map((r) => directEce(p, up, H, replicateOrigins(plan, r), all(H)));
    const want = corrected(reps, directEce(p, up, H, all(O), all(H)));
    expect(got.pooled[0]).toBeCloseTo(want[0], 12);
    expect(got.pooled[1]).toBeCloseTo(want[1], 12);
  });

  it('a small ECE lies inside its interval: resampling inflates an absolute gap, and the interval is corrected for it', () => {
    // Constant odds of 0.5 over 400 fair outcomes in runs of 20 (20 independent): one bin, ECE = |0.5 - share up|.
    const O = 400;
    const rand = seededRandom(21);
    const p = new Float64Array(O).fill(0.5);
    const up = new Float64Array(O);
    for (let o = 0; o < O; o += 20) up.fill(rand() < 0.5 ? 1 : 0, o, o + 20);
    // Make the share exactly 0.5 + 1/400: an ECE of 0.0025, far below what any resample of 20 runs shows.
    let ups = up.reduce((a, b) => a + b, 0);
    for (let o = 0; ups !== 201 && o < O; o++) if (up[o] !== (ups > 201 ? 0 : 1)) { up[o] = ups > 201 ? 0 : 1; ups += ups > 201 ? -1 : 1; }
    const ece = directEce(p, up, 1, all(O), [0]);
    expect(ece).toBeCloseTo(0.0025, 12);
    const plan = planFor(O, 20);
    const reps = all(plan.replicates).map((r) => directEce(p, up, 1, replicateOrigins(plan, r), [0]));
    // The plain percentiles sit above the sample's figure; the corrected interval starts at 0 and holds it.
    expect(percentiles(reps)[0]).toBeGreaterThan(ece);
    const [lo, hi] = eceIntervals(p, up, O, 1, plan).horizons[0];
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(ece);
    // 20 fair outcomes: the share's standard deviation is 0.11, so the upper end is several hundredths, not 0.0025.
    expect(hi).toBeGreaterThan(0.05);
  });

  it('a calibrated forecast over many independent origins: ECE near 0 and an interval of small values', () => {
    const O = 20000;
    const { p, up } = records(O, 1, 11, (_h, rand) => [0.3, 0.5, 0.7][Math.floor(rand() * 3)], (q) => q);
    const ece = directEce(p, up, 1, all(O), [0]);
    // Noise alone: per bin of ~O/3 outcomes the share misses p by about sqrt(0.25 / (O / 3)) = 0.006.
    expect(ece).toBeLessThan(3 * Math.sqrt(0.25 / (O / 3)));
    const [lo, hi] = eceIntervals(p, up, O, 1, planFor(O, 1)).horizons[0];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeGreaterThan(lo);
    expect(hi).toBeLessThan(0.02);
  });

  it('p = 0.7 always while half the moves are up: ECE about 0.2, interval far from 0.02 and as wide as the binomial noise', () => {
    const O = 5000;
    const { p, up } = records(O, 1, 12, () => 0.7, () => 0.5);
    const share = up.reduce((a, b) => a + b, 0) / O;
    const ece = 0.7 - share; // one bin: ECE = |mean p - share up|
    expect(ece).toBeGreaterThan(0.18);
    expect(ece).toBeLessThan(0.22);
    const [lo, hi] = eceIntervals(p, up, O, 1, planFor(O, 1)).horizons[0];
    expect(lo).toBeGreaterThan(0.02);
    expect(lo).toBeLessThan(ece);
    expect(hi).toBeGreaterThan(ece);
    // 95% of a share of O fair coin flips lies within +-1.96 sqrt(0.25 / O) = +-0.0139.
    const binomialWidth = 2 * 1.96 * Math.sqrt(0.25 / O);
    expect(hi - lo).toBeGreaterThan(0.6 * binomialWidth);
    expect(hi - lo).toBeLessThan(1.6 * binomialWidth);
  });

  it('fewer origins give a wider interval (about sqrt of the ratio of origins)', () => {
    const width = (O: number) => {
      const { p, up } = records(O, 1, 13, () => 0.7, () => 0.5);
      const [lo, hi] = eceIntervals(p, up, O, 1, planFor(O, 1)).horizons[0];
      return hi - lo;
    };
    const many = width(6400);
    const few = width(400);
    expect(few / many).toBeGreaterThan(2); // sqrt(6400 / 400) = 4
    expect(few / many).toBeLessThan(8);
  });

  it('outcomes shared by neighbouring origins (long horizons) widen the interval far beyond independent ones', () => {
    const O = 2000;
    const run = 100; // each run of 100 origins sees one outcome: 20 independent outcomes in all
    const rand = seededRandom(14);
    const p = new Float64Array(O).fill(0.5);
    const up = new Float64Array(O);
    for (let o = 0; o < O; o += run) up.fill(rand() < 0.5 ? 1 : 0, o, o + run);
    const shared = eceIntervals(p, up, O, 1, planFor(O, run)).horizons[0];
    const alone = records(O, 1, 15, () => 0.5, () => 0.5);
    const independent = eceIntervals(alone.p, alone.up, O, 1, planFor(O, 1)).horizons[0];
    // The share of 20 fair outcomes has a standard deviation of 0.5 / sqrt(20) = 0.11; of 2000, 0.011.
    expect(shared[1]).toBeGreaterThan(0.08);
    expect(independent[1]).toBeLessThan(0.04);
  });

  it('per horizon keeps a calibrated and a miscalibrated horizon apart; the pooled interval covers the pooled ECE', () => {
    const O = 3000;
    const { p, up } = records(O, 2, 16, (h) => (h === 0 ? 0.5 : 0.7), () => 0.5);
    const got = eceIntervals(p, up, O, 2, planFor(O, 2));
    expect(got.horizons[0][1]).toBeLessThan(0.04);
    expect(got.horizons[1][0]).toBeGreaterThan(0.15);
    // Pooled: bins 5 (p = 0.5, h = 1) and 7 (p = 0.7, h = 2), each weighted by half the records.
    let d5 = 0;
    let d7 = 0;
    for (let o = 0; o < O; o++) {
      d5 += 0.5 - up[o * 2];
      d7 += 0.7 - up[o * 2 + 1];
    }
    const pooled = (Math.abs(d5) + Math.abs(d7)) / (2 * O);
    expect(pooled).toBeGreaterThan(0.08);
    expect(got.pooled[0]).toBeLessThan(pooled);
    expect(got.pooled[1]).toBeGreaterThan(pooled);
  });
});
