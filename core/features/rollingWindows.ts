// Fixed-length rolling windows over a StateLayout state, each update amortized O(1).
// The operator objects hold only offsets (shared by every clone of a stream); the numbers live in the state array.
// Inputs are passed as (array, index) and results read as s[slot], never as numbers: a double passed to or
// returned from a call that V8 does not inline is boxed on the heap, and the forecast loop must not allocate.
import type { StateLayout } from './stateLayout';

/** Sum of the last `period` values, rebuilt from its ring every `period` pushes so rounding cannot drift. */
export class RollingSum {
  /** Slot layout: pos, n, sum, then the ring. */
  private readonly b: number;
  /** Slot of the current sum. */
  readonly at: number;

  constructor(layout: StateLayout, readonly period: number) {
    if (!(period >= 1)) throw new Error(`RollingSum: period must be >= 1, got ${period}`);
    this.b = layout.alloc(3 + period);
    this.at = this.b + 2;
  }

  /** Adds src[at] and drops the value `period` pushes ago. */
  push(s: Float64Array, src: Float64Array, at: number): void {
    const x = src[at];
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
  }
}

/**
 * Maxima (sign 1) or minima (sign -1) of the last L values for several L, from one monotonic deque.
 * The deque spans the longest window and holds values that only get less extreme from front to back, so the
 * extreme of a shorter window is the first element whose index lies inside it. Each window keeps a cursor on that
 * element which only moves forward (or onto the newest element when its own was popped), so a push is amortized
 * O(windows) whatever the window lengths.
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

  /** Adds src[at] to every window. */
  push(s: Float64Array, src: Float64Array, at: number): void {
    const x = src[at];
    const b = this.b;
    const e = this.e;
    const C = this.cap;
    const sign = this.sign;
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
      // the sign of a difference is exact, so this is back <= x for maxima and back >= x for minima
      if (sign * (s[e + 2 * tail] - x) <= 0) size--;
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

  /** Slot holding the extreme of window i (valid once a value was pushed). */
  at(s: Float64Array, i: number): number {
    let p = s[this.b] + s[this.b + 3 + i];
    if (p >= this.cap) p -= this.cap;
    return this.e + 2 * p;
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

  /** Appends src[at]. */
  push(s: Float64Array, src: Float64Array, at: number): void {
    const pos = s[this.b];
    s[this.b + 1 + pos] = src[at];
    s[this.b] = pos + 1 === this.capacity ? 0 : pos + 1;
  }

  /** Slot of the value pushed `k` pushes before the latest (k = 0 is the latest), k < capacity. */
  at(s: Float64Array, k: number): number {
    let i = s[this.b] - 1 - k;
    if (i < 0) i += this.capacity;
    return this.b + 1 + i;
  }
}
