// Running power sums of one series over several window lengths at once, sharing a single ring buffer.
import type { StateLayout } from './stateLayout';

const PER_WINDOW = 6; // shift, s1, s2, s3, equal-neighbour count, pushes until the next rebuild

/**
 * Mean, variance and third moment of the last L values of a series, for several L, each update O(windows).
 * Sums are kept about a shift (the newest value at the window's last rebuild) and each window's sums are rebuilt
 * from the ring every L pushes, so rounding error cannot accumulate beyond one window length. A count of equal
 * neighbours per window detects constant windows exactly, where power sums would leave a tiny nonzero variance.
 * `order` is the highest power summed (1: sums only, 2: + squares, 3: + cubes).
 * Queries assume a full window (the features using them are still in warm-up before that).
 */
export class WindowedStats {
  /** Slot layout: next ring position, pushes so far, ring (capacity maxWindow + 1), then PER_WINDOW per window. */
  private readonly b: number;
  private readonly cap: number;
  private readonly w: number;
  readonly windows: Int32Array;
  private readonly inv: Float64Array;
  private readonly invLess1: Float64Array;

  constructor(layout: StateLayout, windows: readonly number[], private readonly order: 1 | 2 | 3) {
    if (windows.length === 0 || windows.some((L) => !Number.isInteger(L) || L < 2)) {
      throw new Error(`WindowedStats: windows must be integers >= 2, got ${windows.join(', ')}`);
    }
    this.windows = Int32Array.from(windows);
    this.inv = Float64Array.from(windows, (L) => 1 / L);
    this.invLess1 = Float64Array.from(windows, (L) => 1 / (L - 1));
    this.cap = Math.max(...windows) + 1;
    this.b = layout.alloc(2 + this.cap + PER_WINDOW * windows.length);
    this.w = this.b + 2 + this.cap;
  }

  /** Index of window length L among `windows` (throws when absent). */
  indexOf(L: number): number {
    const i = this.windows.indexOf(L);
    if (i < 0) throw new Error(`WindowedStats: no window of ${L}`);
    return i;
  }

  /** Appends x to every window. */
  push(s: Float64Array, x: number): void {
    const b = this.b;
    const cap = this.cap;
    const ring = b + 2;
    const pos = s[b];
    const n = s[b + 1];
    const prev = s[ring + (pos === 0 ? cap - 1 : pos - 1)];
    s[ring + pos] = x;
    const order = this.order;
    for (let i = 0; i < this.windows.length; i++) {
      const L = this.windows[i];
      const w = this.w + PER_WINDOW * i;
      if (n === 0) s[w] = x;
      const shift = s[w];
      const d = x - shift;
      if (n >= L) {
        let o = pos - L;
        if (o < 0) o += cap;
        const old = s[ring + o];
        if (old === s[ring + (o + 1 === cap ? 0 : o + 1)]) s[w + 4] -= 1;
        const od = old - shift;
        s[w + 1] += d - od;
        if (order >= 2) s[w + 2] += d * d - od * od;
        if (order === 3) s[w + 3] += d * d * d - od * od * od;
      } else {
        s[w + 1] += d;
        if (order >= 2) s[w + 2] += d * d;
        if (order === 3) s[w + 3] += d * d * d;
      }
      if (n > 0 && x === prev) s[w + 4] += 1;
      const due = (n === 0 ? L : s[w + 5]) - 1;
      if (due === 0) {
        this.rebuild(s, w, L, pos, x);
        s[w + 5] = L;
      } else {
        s[w + 5] = due;
      }
    }
    s[b] = pos + 1 === cap ? 0 : pos + 1;
    s[b + 1] = n + 1;
  }

  private rebuild(s: Float64Array, w: number, L: number, pos: number, shift: number): void {
    const ring = this.b + 2;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = pos;
    for (let k = 0; k < L; k++) {
      const d = s[ring + j] - shift;
      s1 += d;
      s2 += d * d;
      s3 += d * d * d;
      j = j === 0 ? this.cap - 1 : j - 1;
    }
    s[w] = shift;
    s[w + 1] = s1;
    if (this.order >= 2) s[w + 2] = s2;
    if (this.order === 3) s[w + 3] = s3;
  }

  /** Whether window i holds L values. */
  full(s: Float64Array, i: number): boolean {
    return s[this.b + 1] >= this.windows[i];
  }

  /** Whether window i is full and holds one value repeated (variance exactly 0). */
  constant(s: Float64Array, i: number): boolean {
    return s[this.b + 1] >= this.windows[i] && s[this.w + PER_WINDOW * i + 4] === this.windows[i] - 1;
  }

  /** Sum of window i. */
  sum(s: Float64Array, i: number): number {
    const w = this.w + PER_WINDOW * i;
    return s[w] * this.windows[i] + s[w + 1];
  }

  /** Mean of window i. */
  mean(s: Float64Array, i: number): number {
    const w = this.w + PER_WINDOW * i;
    return s[w] + s[w + 1] * this.inv[i];
  }

  /** x minus the mean of window i, computed about the shift to keep the digits of small deviations. */
  deviation(s: Float64Array, i: number, x: number): number {
    const w = this.w + PER_WINDOW * i;
    return x - s[w] - s[w + 1] * this.inv[i];
  }

  /** Sum of squared deviations from the mean of window i (>= 0; needs order >= 2). */
  private sumSquares(s: Float64Array, i: number): number {
    const w = this.w + PER_WINDOW * i;
    const s1 = s[w + 1];
    const v = s[w + 2] - s1 * s1 * this.inv[i];
    return v > 0 ? v : 0;
  }

  /** Population variance of window i (divide by n). */
  variance(s: Float64Array, i: number): number {
    return this.sumSquares(s, i) * this.inv[i];
  }

  /** Sample variance of window i (divide by n - 1). */
  sampleVariance(s: Float64Array, i: number): number {
    return this.sumSquares(s, i) * this.invLess1[i];
  }

  /** Skewness m3 / m2^1.5 of window i from population moments; 0 for a constant window (needs order 3). */
  skewness(s: Float64Array, i: number): number {
    if (this.constant(s, i)) return 0;
    const w = this.w + PER_WINDOW * i;
    const inv = this.inv[i];
    const m = s[w + 1] * inv;
    const e2 = s[w + 2] * inv;
    const m2 = e2 - m * m;
    if (!(m2 > 0)) return 0;
    const m3 = s[w + 3] * inv - 3 * m * e2 + 2 * m * m * m;
    return m3 / (m2 * Math.sqrt(m2));
  }
}
