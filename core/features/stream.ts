import type { Candle, CandleColumns } from '../data/candles';
import type { FeatureKernel } from './kernel';

/**
 * Incremental feature state: push one bar, get that bar's feature row in amortized O(1).
 * The forecast loop feeds each predicted candle back in; `clone` branches a state cheaply.
 */
export interface FeatureStream {
  /** Feeds one bar; returns its feature row. The array MAY be reused by the next push: copy it to keep it. */
  push(c: Candle): Float64Array;
  /** `push` for callers that hold the fields as numbers (no Candle object needed). */
  pushBar(time: number, open: number, high: number, low: number, close: number, volume: number): Float64Array;
  /** Feeds bars [start, end) of a column set without returning rows (to prime a stream with history). */
  pushColumns(c: CandleColumns, start?: number, end?: number): void;
  /** An independent copy of the state (one memory copy); pushes to either no longer affect the other. */
  clone(): FeatureStream;
  /**
   * Makes this stream an exact copy of `from` (a stream of the same engine) without allocating: the way to
   * restart a branch from the same history many times.
   */
  copyFrom(from: FeatureStream): void;
  /** Bars pushed so far. */
  readonly count: number;
  /** count > firstValidRow: the last row returned is past warm-up (no NaN in it). */
  readonly ready: boolean;
  /** Number of features in a row. */
  readonly cols: number;
}

/** The FeatureStream of a kernel: the kernel's state array plus a reused output row. */
export class KernelStream implements FeatureStream {
  private readonly row: Float64Array;

  constructor(readonly kernel: FeatureKernel, private readonly state: Float64Array, row?: Float64Array) {
    this.row = row ?? new Float64Array(kernel.cols).fill(Number.NaN);
  }

  push(c: Candle): Float64Array {
    return this.pushBar(c.time, c.open, c.high, c.low, c.close, c.volume);
  }

  pushBar(time: number, open: number, high: number, low: number, close: number, volume: number): Float64Array {
    const input = this.kernel.input;
    input.time[0] = time;
    input.open[0] = open;
    input.high[0] = high;
    input.low[0] = low;
    input.close[0] = close;
    input.volume[0] = volume;
    this.kernel.step(this.state, input, 0, this.row, 0);
    return this.row;
  }

  pushColumns(c: CandleColumns, start = 0, end = c.length): void {
    if (!(start >= 0 && end <= c.length && start <= end)) {
      throw new Error(`features: pushColumns range [${start}, ${end}) is outside the ${c.length} bars given`);
    }
    for (let i = start; i < end; i++) this.kernel.step(this.state, c, i, this.row, 0);
  }

  clone(): FeatureStream {
    return new KernelStream(this.kernel, this.state.slice(), this.row.slice());
  }

  copyFrom(from: FeatureStream): void {
    if (!(from instanceof KernelStream) || from.kernel !== this.kernel) {
      throw new Error('features: copyFrom needs a stream of the same feature engine');
    }
    this.state.set(from.state);
    this.row.set(from.row);
  }

  get count(): number {
    return this.kernel.count(this.state);
  }

  get ready(): boolean {
    return this.kernel.count(this.state) > this.kernel.warmup;
  }

  get cols(): number {
    return this.kernel.cols;
  }
}
