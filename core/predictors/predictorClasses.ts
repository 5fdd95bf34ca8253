import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { sliceColumns, type CandleColumns, type SeriesKey } from '../data/candles';
import type { LgbmParams } from '../lightgbm/params';
import { DEFAULT_TRAIN_OPTIONS } from './defaults';
import { loadModel, type LoadedModel } from './loadedModel';
import { writeModelFolderFrom } from './modelStore';
import { trainModel } from './trainPipeline';
import type { ForecastStep, PredictorType, TrainOptions, TrainProgress, TrainSummary } from './types';

/** Constructor options of the seed-shaped predictor classes. */
export interface PredictorOptions {
  readonly nStepsAhead?: number;
  readonly lookbackPeriods?: readonly number[];
  readonly modelParams?: LgbmParams;
  /** Which series the candles are (recorded in the model); defaults to an unnamed CSV series. */
  readonly key?: SeriesKey;
}

/** Train/test candles in time order, as prepareData returns them. */
export interface PreparedData {
  readonly train: CandleColumns;
  readonly test: CandleColumns;
}

/** Options of `train`, the seed's names. */
export interface PredictorTrainOptions extends Partial<Omit<TrainOptions, 'lookbackPeriods' | 'modelParams'>> {
  readonly onProgress?: (p: TrainProgress) => void;
  readonly signal?: AbortSignal;
}

const whole = new WeakMap<PreparedData, CandleColumns>();

/** The seed's predictor API over Candlecast's pipeline: prepareData, train, predict, save, load. */
abstract class PricePredictor {
  protected model?: LoadedModel;
  private testSize = DEFAULT_TRAIN_OPTIONS.testSize;

  protected constructor(readonly type: PredictorType, readonly options: PredictorOptions) {}

  /** Splits candles in time order into train (first 1 - testSize) and test (the rest). */
  prepareData(candles: CandleColumns, opts: { testSize?: number } = {}): PreparedData {
    this.testSize = opts.testSize ?? DEFAULT_TRAIN_OPTIONS.testSize;
    const cut = Math.floor(candles.length * (1 - this.testSize));
    const prepared = { train: sliceColumns(candles, 0, cut), test: sliceColumns(candles, cut) };
    whole.set(prepared, candles);
    return prepared;
  }

  /**
   * Trains with early stopping on a validation split, evaluates on the held-out test part and refits;
   * returns the metrics. Accepts prepareData's result (or whole candles, split with the default test size).
   */
  async train(data: PreparedData | CandleColumns, opts: PredictorTrainOptions = {}): Promise<TrainSummary> {
    const candles = 'train' in data ? (whole.get(data) ?? concat(data)) : data;
    const scratch = mkdtempSync(join(tmpdir(), 'candlecast-predictor-'));
    try {
      const summary = await trainModel(
        {
          candles,
          key: this.options.key ?? { exchange: 'csv', symbol: 'UNKNOWN/UNKNOWN', timeframe: '1m' },
          type: this.type,
          nStepsAhead: this.options.nStepsAhead ?? 300,
          name: 'model',
          modelsDir: scratch,
          options: {
            ...opts,
            testSize: opts.testSize ?? this.testSize,
            lookbackPeriods: this.options.lookbackPeriods ?? DEFAULT_TRAIN_OPTIONS.lookbackPeriods,
            modelParams: this.options.modelParams ?? {},
          },
        },
        { onProgress: opts.onProgress, cancelled: () => opts.signal?.aborted ?? false },
      );
      this.model?.dispose();
      this.model = loadModel(scratch, 'model');
      this.scratch = scratch;
      return summary;
    } catch (err) {
      rmSync(scratch, { recursive: true, force: true });
      throw err;
    }
  }

  private scratch?: string;

  /** Forecasts nStepsAhead candles after the last bar of `history`. */
  predict(history: CandleColumns): ForecastStep[] {
    if (!this.model) throw new Error('the predictor is not trained or loaded');
    return [...this.model.forecast(history).predictions];
  }

  /** Saves the model folder (LightGBM text files + config.json) atomically at `dir`. */
  save(dir: string): void {
    if (!this.scratch) throw new Error('nothing to save: train the predictor first');
    writeModelFolderFrom(join(this.scratch, 'model'), dirname(dir), basename(dir));
  }

  /** Loads a saved model folder. */
  protected loadFrom(dir: string): void {
    this.model?.dispose();
    this.model = loadModel(dirname(dir), basename(dir));
    const scratch = mkdtempSync(join(tmpdir(), 'candlecast-predictor-'));
    cpSync(dir, join(scratch, 'model'), { recursive: true });
    this.scratch = scratch;
  }
}

function concat(p: PreparedData): CandleColumns {
  const n = p.train.length + p.test.length;
  const join2 = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(n);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return {
    length: n, time: join2(p.train.time, p.test.time), open: join2(p.train.open, p.test.open), high: join2(p.train.high, p.test.high),
    low: join2(p.train.low, p.test.low), close: join2(p.train.close, p.test.close), volume: join2(p.train.volume, p.test.volume),
  };
}

/** One model of the next close's log return, fed back step by step. */
export class AutoregressivePricePredictor extends PricePredictor {
  constructor(options: PredictorOptions = {}) {
    super('autoregressive', options);
  }

  /** Loads a predictor saved with `save(dir)`. */
  static load(dir: string): AutoregressivePricePredictor {
    const p = new AutoregressivePricePredictor();
    p.loadFrom(dir);
    if (p.model!.config.predictor_type !== 'autoregressive') throw new Error(`${dir} holds a model of type ${p.model!.config.predictor_type}`);
    return p;
  }
}

/** Four models (open, high, low, close) of the next candle, fed back step by step. */
export class MultiOHLCPredictor extends PricePredictor {
  constructor(options: PredictorOptions = {}) {
    super('multi_ohlc', options);
  }

  /** Loads a predictor saved with `save(dir)`. */
  static load(dir: string): MultiOHLCPredictor {
    const p = new MultiOHLCPredictor();
    p.loadFrom(dir);
    if (p.model!.config.predictor_type !== 'multi_ohlc') throw new Error(`${dir} holds a model of type ${p.model!.config.predictor_type}`);
    return p;
  }
}
