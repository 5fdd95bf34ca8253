import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { unpackedAsarPath } from '../runtime/asarPath';
import { packageRoot } from '../runtime/packageRoot';

/** A LightGBM dataset handle held by the addon (freed by dispose() or its finalizer). */
export interface NativeDataset {
  setField(name: string, data: Float32Array | Float64Array | Int32Array): void;
  setFeatureNames(names: readonly string[]): void;
  numData(): number;
  numFeature(): number;
  dispose(): void;
}

/** A LightGBM booster handle held by the addon. */
export interface NativeBooster {
  addValidData(ds: NativeDataset): void;
  updateOneIter(): boolean;
  rollbackOneIter(): void;
  currentIteration(): number;
  numTotalModel(): number;
  numFeature(): number;
  evalNames(): string[];
  getEval(dataIdx: number): Float64Array;
  featureNames(): string[];
  predictMat(data: Float64Array | Float32Array, nrow: number, ncol: number, predictType: number,
    startIteration: number, numIteration: number, params: string): Float64Array;
  saveModelToString(startIteration: number, numIteration: number, importanceType: number): string;
  saveModel(path: string, startIteration: number, numIteration: number, importanceType: number): void;
  featureImportance(numIteration: number, importanceType: number): Float64Array;
  resetParameter(params: string): void;
  dispose(): void;
}

/** LightGBM's prepared single-row predictor (the `...SingleRowFast` C API). */
export interface NativeFastPredictor {
  predict(row: Float64Array): number;
  dispose(): void;
}

/** The compiled addon's exports. */
export interface NativeAddon {
  Dataset: new (data: Float64Array | Float32Array, nrow: number, ncol: number, params: string, reference?: NativeDataset) => NativeDataset;
  Booster: {
    new (kind: 'train', train: NativeDataset, params: string): NativeBooster;
    new (kind: 'string', model: string): NativeBooster;
    new (kind: 'file', path: string): NativeBooster;
  };
  FastPredictor: new (booster: NativeBooster, ncol: number, predictType: number, startIteration: number,
    numIteration: number, params: string) => NativeFastPredictor;
  paramAliases(): string;
  lightgbmVersion: string;
  PREDICT_NORMAL: number;
  PREDICT_RAW_SCORE: number;
  PREDICT_CONTRIB: number;
  IMPORTANCE_SPLIT: number;
  IMPORTANCE_GAIN: number;
}

let addon: NativeAddon | undefined;

/** Path of the compiled addon inside this install (in a packaged app, its unpacked copy next to app.asar). */
export function addonPath(): string {
  return unpackedAsarPath(join(packageRoot(), 'out', 'native', 'Release', 'candlecast_lightgbm.node'));
}

/** Loads the addon once per thread (each worker thread gets its own instance). */
export function native(): NativeAddon {
  if (addon) return addon;
  const path = addonPath();
  if (!existsSync(path)) {
    throw new Error(`the LightGBM addon is not built (${path}); run npm run build:addon`);
  }
  addon = createRequire(import.meta.url)(path) as NativeAddon;
  return addon;
}

/** Version of the LightGBM library compiled into the addon. */
export function lightgbmVersion(): string {
  return native().lightgbmVersion;
}
