// Fixed-length rolling windows over a StateLayout state, each update amortized O(1).
// The operator objects hold only offsets (shared by every clone of a stream); the numbers live in the state array.
import type { StateLayout } from './stateLayout';

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
 * Maxima (sign 1) or minima (sign -1) of the last L values for several L, from one monotonic deque.
 * The deque spans the longest window; values decrease from front to back, so the extreme of a shorter window is
 * the first element whose index lies inside it. Each window keeps a cursor on that element which only moves
 * forward (or onto the newest element when its own was popped), so a push is amortized O(windows).
 * A minimum is kept as the maximum of negated values.
 */
export class RollingExtremes {
  /** Slot layout: head, size, pushes so far, one cursor (offset from head) per window, then maxWindow (value, index) pairs. */
  private readonly b: number;
  private readonly e: number;
  private readonly cap: number;
  readonly windows: Int32Array;

  constructor(layout: StateLayout, windows: readonly number[], private readonly sign: 1 | -1) {
    if (windows.length === 0 || windows.some((L) => !Number.isInteger(L) || L < 1)) {
      throw new Error(`RollingExtremes: windows must be integers >= 1, got ${windows.join(', ')}`);
    }
    this.windows = Int32Array.from(windows);
    this.cap = Math.max(...windows);
    this.b = layout.alloc(3 + windows.length + 2 * this.cap);
    this.e = this.b + 3 + windows.length;
  }

  /** Index of window length L among `windows` (throws when absent). */
  indexOf(L: number): number {
    const i = this.windows.indexOf(L);
    if (i < 0) throw new Error(`RollingExtremes: no window of ${L}`);
    return i;
  }

  /** Adds a value to every window. */
  push(s: Float64Array, raw: number): void {
    const b = this.b;
    const e = this.e;
    const C = this.cap;
    const x = this.sign * raw;
    let head = s[b];
    let size = s[b + 1];
    const idx = s[b + 2];
    let evicted = 0;
    if (size > 0 && s[e + 2 * head + 1] <= idx - C) {
      head = head + 1 === C ? 0 : head + 1;
      size--;
      evicted = 1;
    }
    while (size > 0) {
      let tail = head + size - 1;
      if (tail >= C) tail -= C;
      if (s[e + 2 * tail] <= x) size--;
      else break;
    }
    let slot = head + size;
    if (slot >= C) slot -= C;
    s[e + 2 * slot] = x;
    s[e + 2 * slot + 1] = idx;
    size++;
    for (let i = 0; i < this.windows.length; i++) {
      const threshold = idx - this.windows[i];
      let k = s[b + 3 + i] - evicted;
      if (k < 0) k = 0;
      if (k > size - 1) k = size - 1;
      for (;;) {
        let p = head + k;
        if (p >= C) p -= C;
        if (s[e + 2 * p + 1] > threshold) break;
        k++;
      }
      s[b + 3 + i] = k;
    }
    s[b] = head;
    s[b + 1] = size;
    s[b + 2] = idx + 1;
  }

  /** Extreme of window i. */
  value(s: Float64Array, i: number): number {
    let p = s[this.b] + s[this.b + 3 + i];
    if (p >= this.cap) p -= this.cap;
    return this.sign * s[this.e + 2 * p];
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
