// Running power sums of one series over several window lengths at once, sharing a single ring buffer.
import type { StateLayout } from './stateLayout';

/** Per-window slots: shift, s1, s2, s3, equal-neighbour count, pushes until the next rebuild, then the results. */
const SHIFT = 0;
const S1 = 1;
const S2 = 2;
const S3 = 3;
const EQUAL = 4;
const DUE = 5;
const MEAN_OFFSET = 6;
const SUM = 7;
const VARIANCE = 8;
const SAMPLE_VARIANCE = 9;
const SKEW = 10;
const CONSTANT = 11;
const PER_WINDOW = 12;

/** Where the results of one window live in the state (read them as s[slot]). */
export interface WindowSlots {
  /** The shift the sums are kept about; mean = s[shift] + s[meanOffset]. */
  readonly shift: number;
  /** Mean minus shift; x - mean is best computed as (x - s[shift]) - s[meanOffset]. */
  readonly meanOffset: number;
  readonly sum: number;
  /** Population variance (divide by L), >= 0. */
  readonly variance: number;
  /** Sample variance (divide by L - 1), >= 0. */
  readonly sampleVariance: number;
  /** Skewness m3 / m2^1.5 (order 3 only); 0 for a constant window. */
  readonly skew: number;
  /** 1 when the window holds one value repeated, else 0. */
  readonly constant: number;
}

/**
 * Mean, variance and skewness of the last L values of a series, for several L, each push O(windows).
 * Sums are kept about a shift (the newest value at the window's last rebuild) and each window's sums are rebuilt
 * from the ring every L pushes, so rounding error cannot accumulate beyond one window length. A count of equal
 * neighbours per window detects constant windows exactly, where power sums would leave a tiny nonzero variance.
 * `order` is the highest power summed (1: sums only, 2: + squares, 3: + cubes). Results are written to state
 * slots on every push and are meaningful once the window is full (features using them are in warm-up before).
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

  /** The result slots of window i. */
  slots(i: number): WindowSlots {
    const w = this.w + PER_WINDOW * i;
    return {
      shift: w + SHIFT, meanOffset: w + MEAN_OFFSET, sum: w + SUM, variance: w + VARIANCE,
      sampleVariance: w + SAMPLE_VARIANCE, skew: w + SKEW, constant: w + CONSTANT,
    };
  }

  /** Whether window i holds L values. */
  full(s: Float64Array, i: number): boolean {
    return s[this.b + 1] >= this.windows[i];
  }

  /** Appends src[at] to every window and updates every window's results (by position: see rollingWindows.ts). */
  push(s: Float64Array, src: Float64Array, at: number): void {
    const x = src[at];
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
      if (n === 0) s[w + SHIFT] = x;
      const shift = s[w + SHIFT];
      const d = x - shift;
      if (n >= L) {
        let o = pos - L;
        if (o < 0) o += cap;
        const old = s[ring + o];
        if (old === s[ring + (o + 1 === cap ? 0 : o + 1)]) s[w + EQUAL] -= 1;
        const od = old - shift;
        s[w + S1] += d - od;
        if (order >= 2) s[w + S2] += d * d - od * od;
        if (order === 3) s[w + S3] += d * d * d - od * od * od;
      } else {
        s[w + S1] += d;
        if (order >= 2) s[w + S2] += d * d;
        if (order === 3) s[w + S3] += d * d * d;
      }
      if (n > 0 && x === prev) s[w + EQUAL] += 1;
      const due = (n === 0 ? L : s[w + DUE]) - 1;
      if (due === 0) {
        this.rebuild(s, w, L, pos);
        s[w + DUE] = L;
      } else {
        s[w + DUE] = due;
      }
      this.results(s, w, i, n + 1 >= L && s[w + EQUAL] === L - 1);
    }
    s[b] = pos + 1 === cap ? 0 : pos + 1;
    s[b + 1] = n + 1;
  }

  private results(s: Float64Array, w: number, i: number, constant: boolean): void {
    const inv = this.inv[i];
    const s1 = s[w + S1];
    const m = s1 * inv;
    s[w + MEAN_OFFSET] = m;
    s[w + SUM] = s[w + SHIFT] * this.windows[i] + s1;
    s[w + CONSTANT] = constant ? 1 : 0;
    if (this.order === 1) return;
    const e2 = s[w + S2] * inv;
    const ss = s[w + S2] - s1 * m;
    const sumSquares = constant || !(ss > 0) ? 0 : ss;
    s[w + VARIANCE] = sumSquares * inv;
    s[w + SAMPLE_VARIANCE] = sumSquares * this.invLess1[i];
    if (this.order === 2) return;
    const m2 = e2 - m * m;
    s[w + SKEW] = constant || !(m2 > 0) ? 0 : (s[w + S3] * inv - 3 * m * e2 + 2 * m * m * m) / (m2 * Math.sqrt(m2));
  }

  /** Recomputes window sums from the ring, about the newest value (at ring position pos). */
  private rebuild(s: Float64Array, w: number, L: number, pos: number): void {
    const ring = this.b + 2;
    const shift = s[ring + pos];
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
    s[w + SHIFT] = shift;
    s[w + S1] = s1;
    if (this.order >= 2) s[w + S2] = s2;
    if (this.order === 3) s[w + S3] = s3;
  }
}
