// Fixed-length rolling windows over a StateLayout state, each update amortized O(1).
// The operator objects hold only offsets (shared by every clone of a stream); the numbers live in the state array.
import type { StateLayout } from './stateLayout';

/**
 * Mean, variance and third moment of the last `period` values from running sums.
 * The sums are kept about a shift (the newest value at the last rebuild) and rebuilt from the ring every `period`
 * pushes, so rounding error cannot accumulate beyond one window; a count of equal neighbours detects constant
 * windows exactly, where sums alone would leave a tiny nonzero variance.
 */
export class RollingMoments {
  /** Slot layout: pos, n, shift, s1, s2, s3, equal-neighbour count, last value, then the ring. */
  private readonly b: number;

  constructor(layout: StateLayout, readonly period: number) {
    if (!(period >= 2)) throw new Error(`RollingMoments: period must be >= 2, got ${period}`);
    this.b = layout.alloc(8 + period);
  }

  /** Adds x and drops the value `period` pushes ago. */
  push(s: Float64Array, x: number): void {
    const b = this.b;
    const L = this.period;
    const pos = s[b];
    const n = s[b + 1];
    const ring = b + 8;
    if (n === 0) s[b + 2] = x;
    const d = x - s[b + 2];
    const d2 = d * d;
    if (n === L) {
      const old = s[ring + pos];
      if (old === s[ring + (pos + 1 === L ? 0 : pos + 1)]) s[b + 6] -= 1;
      const od = old - s[b + 2];
      const od2 = od * od;
      s[b + 3] += d - od;
      s[b + 4] += d2 - od2;
      s[b + 5] += d2 * d - od2 * od;
    } else {
      s[b + 3] += d;
      s[b + 4] += d2;
      s[b + 5] += d2 * d;
      s[b + 1] = n + 1;
    }
    if (n > 0 && x === s[b + 7]) s[b + 6] += 1;
    s[b + 7] = x;
    s[ring + pos] = x;
    if (pos + 1 === L) {
      s[b] = 0;
      this.rebuild(s);
    } else {
      s[b] = pos + 1;
    }
  }

  private rebuild(s: Float64Array): void {
    const b = this.b;
    const ring = b + 8;
    const k = s[b + 7];
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < this.period; i++) {
      const d = s[ring + i] - k;
      const d2 = d * d;
      s1 += d;
      s2 += d2;
      s3 += d2 * d;
    }
    s[b + 2] = k;
    s[b + 3] = s1;
    s[b + 4] = s2;
    s[b + 5] = s3;
  }

  /** Whether the window holds `period` values. */
  full(s: Float64Array): boolean {
    return s[this.b + 1] === this.period;
  }

  /** Whether the full window holds one value repeated (variance exactly 0). */
  constant(s: Float64Array): boolean {
    return s[this.b + 1] === this.period && s[this.b + 6] === this.period - 1;
  }

  /** Mean of the window. */
  mean(s: Float64Array): number {
    return s[this.b + 2] + s[this.b + 3] / s[this.b + 1];
  }

  /** x minus the window mean, computed about the shift to keep the digits of small deviations. */
  deviation(s: Float64Array, x: number): number {
    return x - s[this.b + 2] - s[this.b + 3] / s[this.b + 1];
  }

  /** Sum of squared deviations from the mean (>= 0). */
  private sumSquares(s: Float64Array): number {
    const s1 = s[this.b + 3];
    const v = s[this.b + 4] - (s1 * s1) / s[this.b + 1];
    return v > 0 ? v : 0;
  }

  /** Population variance (divide by n). */
  variance(s: Float64Array): number {
    return this.sumSquares(s) / s[this.b + 1];
  }

  /** Sample variance (divide by n - 1). */
  sampleVariance(s: Float64Array): number {
    return this.sumSquares(s) / (s[this.b + 1] - 1);
  }

  /** Skewness m3 / m2^1.5 from population moments; 0 for a constant window. */
  skewness(s: Float64Array): number {
    if (this.constant(s)) return 0;
    const n = s[this.b + 1];
    const m = s[this.b + 3] / n;
    const e2 = s[this.b + 4] / n;
    const m2 = e2 - m * m;
    if (!(m2 > 0)) return 0;
    const m3 = s[this.b + 5] / n - 3 * m * e2 + 2 * m * m * m;
    return m3 / (m2 * Math.sqrt(m2));
  }
}

/** Sum of the last `period` values, rebuilt from its ring every `period` pushes. */
export class RollingSum {
  /** Slot layout: pos, n, sum, then the ring. */
  private readonly b: number;

  constructor(layout: StateLayout, readonly period: number) {
    if (!(period >= 1)) throw new Error(`RollingSum: period must be >= 1, got ${period}`);
    this.b = layout.alloc(3 + period);
  }

  /** Adds x, drops the value `period` pushes ago and returns the new sum. */
  push(s: Float64Array, x: number): number {
    const b = this.b;
    const L = this.period;
    const pos = s[b];
    const ring = b + 3;
    if (s[b + 1] === L) s[b + 2] += x - s[ring + pos];
    else {
      s[b + 2] += x;
      s[b + 1] += 1;
    }
    s[ring + pos] = x;
    if (pos + 1 === L) {
      s[b] = 0;
      let sum = 0;
      for (let i = 0; i < L; i++) sum += s[ring + i];
      s[b + 2] = sum;
    } else {
      s[b] = pos + 1;
    }
    return s[b + 2];
  }

  /** Current sum. */
  sum(s: Float64Array): number {
    return s[this.b + 2];
  }
}

/**
 * Maximum (sign 1) or minimum (sign -1) of the last `period` values with a monotonic deque:
 * each value enters and leaves the deque once, so a push is amortized O(1).
 * A minimum is kept as the maximum of negated values.
 */
export class RollingExtreme {
  /** Slot layout: head, size, count of pushes, then `period` (value, index) pairs. */
  private readonly b: number;

  constructor(layout: StateLayout, readonly period: number, private readonly sign: 1 | -1) {
    if (!(period >= 1)) throw new Error(`RollingExtreme: period must be >= 1, got ${period}`);
    this.b = layout.alloc(3 + 2 * period);
  }

  /** Adds x and returns the extreme of the window. */
  push(s: Float64Array, raw: number): number {
    const b = this.b;
    const L = this.period;
    const e = b + 3;
    const x = this.sign * raw;
    let head = s[b];
    let size = s[b + 1];
    const idx = s[b + 2];
    if (size > 0 && s[e + 2 * head + 1] <= idx - L) {
      head = head + 1 === L ? 0 : head + 1;
      size--;
    }
    while (size > 0) {
      let tail = head + size - 1;
      if (tail >= L) tail -= L;
      if (s[e + 2 * tail] <= x) size--;
      else break;
    }
    let slot = head + size;
    if (slot >= L) slot -= L;
    s[e + 2 * slot] = x;
    s[e + 2 * slot + 1] = idx;
    s[b] = head;
    s[b + 1] = size + 1;
    s[b + 2] = idx + 1;
    return this.sign * s[e + 2 * head];
  }

  /** Extreme of the current window. */
  value(s: Float64Array): number {
    return this.sign * s[this.b + 3 + 2 * s[this.b]];
  }
}

/** The last `capacity` values, read back by lag; lags reaching before the first push read NaN. */
export class LagBuffer {
  /** Slot layout: pos, then the ring (initially NaN). */
  private readonly b: number;

  constructor(layout: StateLayout, readonly capacity: number) {
    this.b = layout.alloc(1);
    layout.alloc(capacity, Number.NaN);
  }

  /** Appends x. */
  push(s: Float64Array, x: number): void {
    const pos = s[this.b];
    s[this.b + 1 + pos] = x;
    s[this.b] = pos + 1 === this.capacity ? 0 : pos + 1;
  }

  /** The value pushed `k` pushes before the latest (k = 0 is the latest), k < capacity. */
  lag(s: Float64Array, k: number): number {
    let i = s[this.b] - 1 - k;
    if (i < 0) i += this.capacity;
    return s[this.b + 1 + i];
  }
}
