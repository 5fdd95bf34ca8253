import { allocColumns, type CandleColumns, type SeriesKey } from '../data/candles';
import type { FeatureEngine, FeatureMatrix } from './engine';
import type { FeatureStream } from './stream';

interface Entry {
  /** Copy of the bars the matrix was computed from (compared exactly on lookup). */
  readonly bars: CandleColumns;
  readonly features: FeatureMatrix;
  /** Stream state after the last bar; cloned, never pushed to directly. */
  readonly end: FeatureStream;
}

/** How the cache answered so far. */
export interface FeatureCacheStats {
  /** Same bars as cached: nothing computed. */
  readonly hits: number;
  /** Cached bars plus new ones at the end: only the new bars computed. */
  readonly extensions: number;
  /** Anything else: the whole series computed. */
  readonly misses: number;
}

function seriesId(series: SeriesKey | string): string {
  return typeof series === 'string' ? series : `${series.exchange}|${series.symbol}|${series.timeframe}`;
}

function copyBars(c: CandleColumns): CandleColumns {
  const out = allocColumns(c.length);
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) out[k].set(c[k].subarray(0, c.length));
  return out;
}

/** Whether the first n bars of a and b are identical (bit for bit, NaN never equal). */
function samePrefix(a: CandleColumns, b: CandleColumns, n: number): boolean {
  for (const k of ['time', 'close', 'open', 'high', 'low', 'volume'] as const) {
    const x = a[k];
    const y = b[k];
    for (let i = n - 1; i >= 0; i--) if (x[i] !== y[i]) return false;
  }
  return true;
}

/**
 * Feature matrices per series and config, so backtests and repeated forecasts do not recompute them.
 * A lookup compares the bars exactly with the cached copy (no hash collisions possible): identical bars return
 * the cached matrix, bars that only add new ones at the end compute just those, anything else recomputes.
 * Matrices are large (rows x ~100 x 8 bytes), hence the small default of 4 series kept (least recently used).
 */
export class FeatureCache {
  private readonly entries = new Map<string, Entry>();
  private counts = { hits: 0, extensions: 0, misses: 0 };

  constructor(readonly maxEntries = 4) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`FeatureCache: maxEntries must be an integer >= 1, got ${maxEntries}`);
  }

  /** The feature matrix of `bars` for a series. The result is shared: do not modify it. */
  matrix(series: SeriesKey | string, engine: FeatureEngine, bars: CandleColumns): FeatureMatrix {
    return this.lookup(series, engine, bars).features;
  }

  /** A fresh stream that has seen all of `bars` (an independent clone of the cached end state). */
  streamAfter(series: SeriesKey | string, engine: FeatureEngine, bars: CandleColumns): FeatureStream {
    return this.lookup(series, engine, bars).end.clone();
  }

  /** Counters of hits, extensions and misses since creation or the last clear(). */
  get stats(): FeatureCacheStats {
    return { ...this.counts };
  }

  /** Number of series cached. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every entry and resets the counters. */
  clear(): void {
    this.entries.clear();
    this.counts = { hits: 0, extensions: 0, misses: 0 };
  }

  private lookup(series: SeriesKey | string, engine: FeatureEngine, bars: CandleColumns): Entry {
    const key = `${seriesId(series)}#${engine.hash}`;
    const old = this.entries.get(key);
    let entry: Entry;
    if (old && old.bars.length === bars.length && samePrefix(old.bars, bars, bars.length)) {
      this.counts.hits++;
      entry = old;
    } else if (old && old.bars.length > 0 && old.bars.length < bars.length && samePrefix(old.bars, bars, old.bars.length)) {
      this.counts.extensions++;
      entry = this.extend(old, bars);
    } else {
      this.counts.misses++;
      const { features, stream } = engine.batchWithStream(bars);
      entry = { bars: copyBars(bars), features, end: stream };
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  private extend(old: Entry, bars: CandleColumns): Entry {
    const { cols, rows: from } = old.features;
    const matrix = new Float64Array(bars.length * cols);
    matrix.set(old.features.matrix.subarray(0, from * cols));
    const end = old.end.clone();
    const { time, open, high, low, close, volume } = bars;
    for (let i = from; i < bars.length; i++) {
      matrix.set(end.pushBar(time[i], open[i], high[i], low[i], close[i], volume[i]), i * cols);
    }
    const features: FeatureMatrix = { ...old.features, matrix, rows: bars.length };
    return { bars: copyBars(bars), features, end };
  }
}
