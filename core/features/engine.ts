import type { CandleColumns } from '../data/candles';
import type { FeatureInfo } from './catalogue';
import { featureConfigHash, resolveFeatureConfig, type FeatureConfig } from './config';
import { FeatureKernel } from './kernel';
import { KernelStream, type FeatureStream } from './stream';

/** Features of a whole series: a row-major rows x cols matrix. */
export interface FeatureMatrix {
  readonly names: readonly string[];
  /** Row-major: feature j of bar i is matrix[i * cols + j]. Shared with caches: do not modify. */
  readonly matrix: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Rows before this are warm-up (may hold NaN); every row from it on is finite. May exceed rows for short series. */
  readonly firstValidRow: number;
}

function checkColumns(c: CandleColumns): void {
  if (!Number.isInteger(c.length) || c.length < 0) throw new Error(`features: invalid candle count ${c.length}`);
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    if (!(c[k] instanceof Float64Array) || c[k].length < c.length) {
      throw new Error(`features: candle column "${k}" is missing or shorter than length ${c.length}`);
    }
  }
}

/**
 * Computes the feature set of a config, for a whole series (training) or bar by bar (forecasting),
 * with identical results: both run the same per-bar kernel.
 */
export class FeatureEngine {
  readonly config: FeatureConfig;
  /** Stable hash of the config and feature-set version; models record it. */
  readonly hash: string;
  /** First valid row of a series: rows before it are warm-up. */
  readonly warmup: number;
  private readonly kernel: FeatureKernel;

  constructor(config: Partial<FeatureConfig> = {}) {
    this.config = resolveFeatureConfig(config);
    this.hash = featureConfigHash(this.config);
    this.kernel = new FeatureKernel(this.config);
    this.warmup = this.kernel.warmup;
  }

  /** Feature names in column order. */
  getFeatureNames(): readonly string[] {
    return this.kernel.names;
  }

  /** Number of features (matrix columns). */
  get featureCount(): number {
    return this.kernel.cols;
  }

  /** Size of one stream state in bytes (what a clone copies). */
  get stateBytes(): number {
    return 8 * this.kernel.stateLength;
  }

  /** Name, category, formula and warm-up of every feature, in column order. */
  catalogue(): readonly FeatureInfo[] {
    return this.kernel.catalogue;
  }

  /** The feature matrix of a whole series. Throws on an invalid candle, naming the bar. */
  batch(c: CandleColumns): FeatureMatrix {
    return this.batchWithStream(c).features;
  }

  /** A stream with no bar pushed yet. */
  stream(): FeatureStream {
    return new KernelStream(this.kernel, this.kernel.createState());
  }

  /** A stream that has seen bars [0, end) of a series: ready to take the next bar. */
  streamAfter(c: CandleColumns, end = c.length): FeatureStream {
    checkColumns(c);
    const st = this.stream();
    st.pushColumns(c, 0, end);
    return st;
  }

  /**
   * The feature matrix of a whole series and a stream that has seen all of it, in one pass:
   * training uses the matrix and the forecast continues from the stream.
   */
  batchWithStream(c: CandleColumns): { readonly features: FeatureMatrix; readonly stream: FeatureStream } {
    checkColumns(c);
    const cols = this.kernel.cols;
    const rows = c.length;
    const matrix = new Float64Array(rows * cols);
    const s = this.kernel.createState();
    for (let i = 0; i < rows; i++) this.kernel.step(s, c, i, matrix, i * cols);
    const last = rows > 0 ? matrix.slice((rows - 1) * cols, rows * cols) : undefined;
    return {
      features: { names: this.kernel.names, matrix, rows, cols, firstValidRow: this.warmup },
      stream: new KernelStream(this.kernel, s, last),
    };
  }
}
