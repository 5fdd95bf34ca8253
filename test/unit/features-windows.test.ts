// The rolling-window building blocks against plain recomputation, on adversarial series: long monotone runs
// (the deque holds a whole window), plateaus (constant windows), huge offsets with tiny spreads, and long
// drifting series (where running sums without rebuilding would lose digits).
import { describe, expect, it } from 'vitest';
import { LagBuffer, RollingExtremes, RollingSum } from '../../core/features/rollingWindows';
import { StateLayout } from '../../core/features/stateLayout';
import { WindowedStats } from '../../core/features/windowedStats';
import { close } from '../support/featureAssertions';
import { seededRandom } from '../support/seededRandom';

const WINDOWS = [3, 7, 50, 200];

function series(kind: 'walk' | 'down' | 'up' | 'plateaus' | 'offset' | 'drift', n: number): number[] {
  const r = seededRandom(kind.length * 97);
  const xs: number[] = [];
  let x = 100;
  for (let i = 0; i < n; i++) {
    if (kind === 'walk') x += r() - 0.5;
    else if (kind === 'down') x -= 0.1 + r();
    else if (kind === 'up') x += 0.1 + r();
    else if (kind === 'plateaus') x = Math.floor(i / 260) % 2 ? 100 + Math.round(r() * 4) / 4 : 42.125;
    else if (kind === 'offset') x = 1e9 + Math.round(r() * 100) / 1000;
    else x = 100 * Math.exp(i / 20_000) + Math.sin(i);
    xs.push(x);
  }
  return xs;
}

const kinds = ['walk', 'down', 'up', 'plateaus', 'offset', 'drift'] as const;

describe.each(kinds)('on a %s series', (kind) => {
  const n = kind === 'drift' ? 100_000 : 3000;
  const xs = series(kind, n);
  const src = Float64Array.from(xs);
  const checkAt = (t: number): boolean => t % 97 === 0 || t > n - 5;

  it('RollingExtremes give the max and min of every window after every push', () => {
    const layout = new StateLayout();
    const hi = new RollingExtremes(layout, WINDOWS, 1);
    const lo = new RollingExtremes(layout, WINDOWS, -1);
    const s = layout.createState();
    for (let t = 0; t < n; t++) {
      hi.push(s, src, t);
      lo.push(s, src, t);
      WINDOWS.forEach((L, i) => {
        const w = xs.slice(Math.max(0, t - L + 1), t + 1);
        if (s[hi.at(s, i)] !== Math.max(...w) || s[lo.at(s, i)] !== Math.min(...w)) expect.fail(`t=${t} L=${L}`);
      });
    }
  });

  it('WindowedStats give mean, variances and skewness of every full window, and detect constant windows exactly', () => {
    const layout = new StateLayout();
    const st = new WindowedStats(layout, WINDOWS, 3);
    const slots = WINDOWS.map((_, i) => st.slots(i));
    const s = layout.createState();
    for (let t = 0; t < n; t++) {
      st.push(s, src, t);
      if (!checkAt(t)) continue;
      WINDOWS.forEach((L, i) => {
        if (t + 1 < L) return expect(st.full(s, i)).toBe(false);
        const w = xs.slice(t - L + 1, t + 1);
        // Two-pass over differences from the first value (exact), so the reference keeps its digits at 1e9.
        const d = w.map((v) => v - w[0]);
        const md = d.reduce((a, b) => a + b, 0) / L;
        const mean = w[0] + md;
        const m2 = d.reduce((a, b) => a + (b - md) ** 2, 0) / L;
        const m3 = d.reduce((a, b) => a + (b - md) ** 3, 0) / L;
        const constant = w.every((v) => v === w[0]);
        const r = slots[i];
        expect(s[r.constant], `t=${t} L=${L}`).toBe(constant ? 1 : 0);
        expect(close(s[r.shift] + s[r.meanOffset], mean, 1e-12), `mean t=${t} L=${L}`).toBe(true);
        expect(close(xs[t] - s[r.shift] - s[r.meanOffset], d[L - 1] - md, 1e-9, 1e-12 * Math.sqrt(m2)), `dev t=${t} L=${L}`).toBe(true);
        if (constant) {
          expect([s[r.variance], s[r.sampleVariance], s[r.skew]]).toEqual([0, 0, 0]);
          return;
        }
        // Relative to the spread of the window, whatever the level of the values.
        expect(close(Math.sqrt(s[r.variance]), Math.sqrt(m2), 1e-8), `sd t=${t} L=${L}`).toBe(true);
        expect(close(s[r.sampleVariance], (m2 * L) / (L - 1), 1e-7), `var t=${t} L=${L}`).toBe(true);
        expect(close(s[r.skew], m3 / m2 ** 1.5, 1e-6, 1e-8), `skew t=${t} L=${L}`).toBe(true);
        expect(close(s[r.sum], mean * L, 1e-12), `sum t=${t} L=${L}`).toBe(true);
      });
    }
  });

  it('RollingSum and LagBuffer give the window sum and the value k pushes back', () => {
    const layout = new StateLayout();
    const sums = WINDOWS.map((L) => new RollingSum(layout, L));
    const lags = new LagBuffer(layout, 201);
    const s = layout.createState();
    for (let t = 0; t < n; t++) {
      sums.forEach((r) => r.push(s, src, t));
      lags.push(s, src, t);
      if (!checkAt(t)) continue;
      WINDOWS.forEach((L, i) => {
        const w = xs.slice(Math.max(0, t - L + 1), t + 1);
        const want = w.reduce((a, b) => a + b, 0);
        expect(close(s[sums[i].at], want, 1e-12, 1e-12 * Math.abs(want)), `sum t=${t} L=${L}`).toBe(true);
      });
      for (const k of [0, 1, 50, 200]) expect(s[lags.at(s, k)]).toBe(k <= t ? xs[t - k] : Number.NaN);
    }
  });
});
