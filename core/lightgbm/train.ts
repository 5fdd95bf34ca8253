import { LgbmBooster, LgbmDataset, type Matrix } from './booster';
import { higherIsBetter, type LgbmParams } from './params';

/** Rows and labels for one segment of a training run. */
export interface LabelledMatrix extends Matrix {
  readonly labels: Float32Array | Float64Array;
}

/** What to train: data, parameters, and the boosting schedule. */
export interface TrainSpec {
  readonly train: LabelledMatrix;
  /** Validation segment; required for early stopping. */
  readonly valid?: LabelledMatrix;
  readonly featureNames?: readonly string[];
  readonly params: LgbmParams;
  readonly numBoostRound: number;
  /** Stop when the validation metric has not improved for this many rounds (0 = never). */
  readonly earlyStoppingRounds?: number;
}

/** One boosting round's metrics (the first metric LightGBM reports). */
export interface IterationProgress {
  readonly iteration: number;
  readonly train: number;
  readonly valid?: number;
}

/** A trained booster with its history; the booster holds exactly `bestIteration` rounds. */
export interface TrainResult {
  readonly booster: LgbmBooster;
  readonly bestIteration: number;
  readonly bestScore?: number;
  readonly metric: string;
  readonly history: readonly IterationProgress[];
  readonly stoppedEarly: boolean;
}

/** Thrown when a training is cancelled. */
export class TrainingAborted extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('training was cancelled');
  }
}

/**
 * Trains a booster round by round, with early stopping on the first validation metric.
 * After early stopping the rounds past the best one are rolled back, so the booster *is* the best model.
 */
export function trainBooster(
  spec: TrainSpec,
  hooks: { onIteration?: (p: IterationProgress) => void; shouldStop?: () => boolean } = {},
): TrainResult {
  if (!Number.isInteger(spec.numBoostRound) || spec.numBoostRound < 1) {
    throw new Error(`numBoostRound must be a positive integer, got ${spec.numBoostRound}`);
  }
  const train = LgbmDataset.fromMatrix(spec.train, { labels: spec.train.labels, featureNames: spec.featureNames, params: datasetParams(spec.params) });
  const valid = spec.valid
    ? LgbmDataset.fromMatrix(spec.valid, { labels: spec.valid.labels, featureNames: spec.featureNames, reference: train, params: datasetParams(spec.params) })
    : undefined;
  let booster: LgbmBooster | undefined;
  try {
    booster = LgbmBooster.create(train, spec.params, valid ? [valid] : []);
    const metricNames = booster.evalNames();
    const metric = metricNames[0] ?? 'none';
    const maximise = higherIsBetter(metric);
    const patience = spec.valid ? (spec.earlyStoppingRounds ?? 0) : 0;
    const history: IterationProgress[] = [];
    let best = { iteration: 0, score: maximise ? -Infinity : Infinity };
    let stoppedEarly = false;
    for (let i = 1; i <= spec.numBoostRound; i++) {
      if (hooks.shouldStop?.()) throw new TrainingAborted();
      const finished = booster.updateOneIter();
      const progress: IterationProgress = {
        iteration: i,
        train: metricNames.length ? booster.evaluate(0)[0] : NaN,
        valid: valid && metricNames.length ? booster.evaluate(1)[0] : undefined,
      };
      history.push(progress);
      hooks.onIteration?.(progress);
      if (progress.valid !== undefined) {
        const better = maximise ? progress.valid > best.score : progress.valid < best.score;
        if (better) best = { iteration: i, score: progress.valid };
        else if (patience > 0 && i - best.iteration >= patience) {
          stoppedEarly = true;
          break;
        }
      }
      if (finished) break;
    }
    const done = booster.currentIteration;
    const bestIteration = valid && best.iteration > 0 ? best.iteration : done;
    for (let k = done; k > bestIteration; k--) booster.rollbackOneIter();
    // A standalone copy of the model, so the training data can be freed now.
    const model = LgbmBooster.fromString(booster.saveModelString());
    return {
      booster: model,
      bestIteration,
      bestScore: valid ? best.score : undefined,
      metric,
      history,
      stoppedEarly,
    };
  } finally {
    booster?.dispose();
    valid?.dispose();
    train.dispose();
  }
}

/** Parameters that shape dataset construction; the rest only matter to the booster. */
const DATASET_KEYS = ['max_bin', 'min_data_in_bin', 'bin_construct_sample_cnt', 'data_random_seed', 'seed', 'min_data_in_leaf', 'feature_pre_filter', 'num_threads', 'deterministic'];

function datasetParams(params: LgbmParams): LgbmParams {
  const out: Record<string, LgbmParams[string]> = {};
  for (const k of DATASET_KEYS) if (params[k] !== undefined) out[k] = params[k];
  return out;
}
