import { readFileSync } from 'node:fs';
import { validateModelText } from './modelText';
import { native, type NativeBooster, type NativeDataset, type NativeFastPredictor } from './native';
import { formatParams, type LgbmParams } from './params';

/** A dense matrix: `rows * cols` values, row-major. */
export interface Matrix {
  readonly data: Float64Array | Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** Feature importance kinds: number of splits using a feature, or total gain of those splits. */
export type ImportanceKind = 'split' | 'gain';

/** Options of a LightGBM dataset built from a matrix. */
export interface DatasetOptions {
  readonly labels: Float32Array | Float64Array;
  readonly featureNames?: readonly string[];
  /** Training dataset whose bin boundaries a validation dataset must share. */
  readonly reference?: LgbmDataset;
  /** Dataset parameters (max_bin, min_data_in_bin, ...); usually the booster's parameters. */
  readonly params?: LgbmParams;
}

/** A LightGBM dataset (binned features plus labels). */
export class LgbmDataset {
  private constructor(readonly handle: NativeDataset, readonly rows: number, readonly cols: number) {}

  /** Builds a dataset from a row-major matrix and its labels. */
  static fromMatrix(m: Matrix, opts: DatasetOptions): LgbmDataset {
    if (opts.labels.length !== m.rows) {
      throw new Error(`labels has ${opts.labels.length} values but the matrix has ${m.rows} rows`);
    }
    if (opts.featureNames && opts.featureNames.length !== m.cols) {
      throw new Error(`${opts.featureNames.length} feature names for ${m.cols} columns`);
    }
    const params = formatParams({ verbose: -1, ...(opts.params ?? {}) });
    const ds = new (native().Dataset)(m.data, m.rows, m.cols, params, opts.reference?.handle);
    ds.setField('label', opts.labels);
    if (opts.featureNames) ds.setFeatureNames(opts.featureNames);
    return new LgbmDataset(ds, m.rows, m.cols);
  }

  /** Frees the native dataset now rather than at garbage collection. */
  dispose(): void {
    this.handle.dispose();
  }
}

/** A prepared single-row predictor for tight loops (no allocation per call). */
export interface FastPredictor {
  predict(row: Float64Array): number;
  dispose(): void;
}

/** A LightGBM booster: training by iteration, prediction, persistence in LightGBM's text format. */
export class LgbmBooster {
  private constructor(private readonly h: NativeBooster) {}

  /** A booster to train on `train`, with optional validation sets evaluated each iteration. */
  static create(train: LgbmDataset, params: LgbmParams, valid: readonly LgbmDataset[] = []): LgbmBooster {
    const b = new (native().Booster)('train', train.handle, formatParams({ verbose: -1, ...params }));
    for (const v of valid) b.addValidData(v.handle);
    return new LgbmBooster(b);
  }

  /** Loads a model from LightGBM's text format; a corrupted string raises LightGBM's error. */
  static fromString(model: string): LgbmBooster {
    if (typeof model !== 'string' || model.trim() === '') throw new Error('LightGBM: model string is empty');
    validateModelText(model);
    return new LgbmBooster(new (native().Booster)('string', model));
  }

  /** Loads a model file written by LightGBM (ours or Python's). */
  static fromFile(path: string): LgbmBooster {
    return LgbmBooster.fromString(readFileSync(path, 'utf8'));
  }

  /** One boosting round; true when LightGBM cannot split any further. */
  updateOneIter(): boolean {
    return this.h.updateOneIter();
  }

  /** Drops the last boosting round. */
  rollbackOneIter(): void {
    this.h.rollbackOneIter();
  }

  /** Boosting rounds done so far. */
  get currentIteration(): number {
    return this.h.currentIteration();
  }

  /** Number of trees in the model. */
  get numTrees(): number {
    return this.h.numTotalModel();
  }

  /** Number of features the model expects. */
  get numFeatures(): number {
    return this.h.numFeature();
  }

  /** Feature names stored in the model. */
  featureNames(): string[] {
    return this.h.featureNames();
  }

  /** Names of the metrics evaluated each round. */
  evalNames(): string[] {
    return this.h.evalNames();
  }

  /** Metric values on the training data (index 0) or the k-th validation set (index k). */
  evaluate(dataIdx: number): Float64Array {
    return this.h.getEval(dataIdx);
  }

  /** Predicts every row of a matrix; numIteration 0 means all trees. */
  predict(m: Matrix, opts: { numIteration?: number } = {}): Float64Array {
    return this.h.predictMat(m.data, m.rows, m.cols, native().PREDICT_NORMAL, 0, opts.numIteration ?? 0, '');
  }

  /** SHAP-style contributions per feature (plus the expected value), row-major `rows * (cols + 1)`. */
  contributions(m: Matrix): Float64Array {
    return this.h.predictMat(m.data, m.rows, m.cols, native().PREDICT_CONTRIB, 0, 0, '');
  }

  /** A single-row predictor on LightGBM's fast path. */
  fastPredictor(opts: { numIteration?: number; numThreads?: number } = {}): FastPredictor {
    const params = `num_threads=${opts.numThreads ?? 1}`;
    const p: NativeFastPredictor = new (native().FastPredictor)(
      this.h, this.h.numFeature(), native().PREDICT_NORMAL, 0, opts.numIteration ?? 0, params);
    return p;
  }

  /** The model in LightGBM's text format. */
  saveModelString(opts: { numIteration?: number; importance?: ImportanceKind } = {}): string {
    return this.h.saveModelToString(0, opts.numIteration ?? 0, importanceCode(opts.importance ?? 'split'));
  }

  /** Writes the model to a file in LightGBM's text format (callers make it atomic). */
  saveModelFile(path: string, opts: { numIteration?: number } = {}): void {
    this.h.saveModel(path, 0, opts.numIteration ?? 0, importanceCode('split'));
  }

  /** Importance of each feature, in feature order. */
  featureImportance(kind: ImportanceKind = 'gain', numIteration = 0): Float64Array {
    return this.h.featureImportance(numIteration, importanceCode(kind));
  }

  /** Changes parameters of a live booster (learning rate and the like). */
  resetParameter(params: LgbmParams): void {
    this.h.resetParameter(formatParams(params));
  }

  /** Frees the native booster now (its fast predictors stop working). */
  dispose(): void {
    this.h.dispose();
  }
}

function importanceCode(kind: ImportanceKind): number {
  return kind === 'gain' ? native().IMPORTANCE_GAIN : native().IMPORTANCE_SPLIT;
}
