import { createHash } from 'node:crypto';

/**
 * Settings of the feature engine: the rolling lookbacks and every indicator period.
 * A model records the hash of the config it was trained with, so features at forecast time match training.
 */
export interface FeatureConfig {
  /** Windows (bars) of the rolling statistics: SMA distance, volatility, min/max distance, z-score, skew... */
  readonly lookbackPeriods: readonly number[];
  /** k of `return_k` (simple return over k bars). */
  readonly returnPeriods: readonly number[];
  /** k of `log_return_k`. */
  readonly logReturnPeriods: readonly number[];
  /** k of `momentum_k` (k-bar move in ATR units). */
  readonly momentumPeriods: readonly number[];
  /** k of `acceleration_k` (last k-bar log return minus the k-bar log return before it). */
  readonly accelerationPeriod: number;
  /** Periods of the EMAs whose distance from close is a feature. */
  readonly emaPeriods: readonly number[];
  /** Fast and slow EMA of `ema_cross_<fast>_<slow>`. */
  readonly emaCrossPeriods: readonly [number, number];
  readonly rsiPeriod: number;
  readonly stochasticPeriod: number;
  /** SMA length of Stochastic %D over %K. */
  readonly stochasticSmoothing: number;
  readonly macdFast: number;
  readonly macdSlow: number;
  readonly macdSignal: number;
  readonly bollingerPeriod: number;
  /** Band half-width in standard deviations. */
  readonly bollingerK: number;
  readonly atrPeriod: number;
  /** Window of the volume SMA ratio, volume z-score, volume spike and OBV slope. */
  readonly volumePeriod: number;
  /** Volume z-score at or above which `volume_spike` is 1. */
  readonly volumeSpikeZ: number;
  /** Windows of the support/resistance features (rolling low/high and touches). */
  readonly supportResistanceWindows: readonly number[];
  /** A bar touches a level when it comes within this many ATRs of it. */
  readonly touchToleranceAtr: number;
}

/** The default config: lookbacks [5, 10, 20, 50] and the textbook indicator settings (102 features). */
export const DEFAULT_FEATURE_CONFIG: FeatureConfig = Object.freeze({
  lookbackPeriods: Object.freeze([5, 10, 20, 50]),
  returnPeriods: Object.freeze([1, 2, 5, 10]),
  logReturnPeriods: Object.freeze([1, 5]),
  momentumPeriods: Object.freeze([5, 10, 20]),
  accelerationPeriod: 5,
  emaPeriods: Object.freeze([10, 20, 50, 200]),
  emaCrossPeriods: Object.freeze([10, 50]) as unknown as readonly [number, number],
  rsiPeriod: 14,
  stochasticPeriod: 14,
  stochasticSmoothing: 3,
  macdFast: 12,
  macdSlow: 26,
  macdSignal: 9,
  bollingerPeriod: 20,
  bollingerK: 2,
  atrPeriod: 14,
  volumePeriod: 20,
  volumeSpikeZ: 2,
  supportResistanceWindows: Object.freeze([50, 200]),
  touchToleranceAtr: 0.5,
});

/** Bumped whenever a formula changes, so models trained on older features are recognised by their hash. */
export const FEATURE_SET_VERSION = 1;

const MAX_PERIOD = 100_000;
const LIST_KEYS = ['lookbackPeriods', 'returnPeriods', 'logReturnPeriods', 'momentumPeriods', 'emaPeriods', 'supportResistanceWindows'] as const;
const PERIOD_KEYS = [
  'accelerationPeriod', 'rsiPeriod', 'stochasticPeriod', 'stochasticSmoothing', 'macdFast', 'macdSlow', 'macdSignal',
  'bollingerPeriod', 'atrPeriod', 'volumePeriod',
] as const;
/** Periods of windows that need a variance, hence at least two values. */
const WINDOW_KEYS: ReadonlySet<string> = new Set(['bollingerPeriod', 'volumePeriod']);
const POSITIVE_KEYS = ['bollingerK', 'volumeSpikeZ'] as const;

function checkPeriod(key: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_PERIOD) {
    throw new Error(`feature config: ${key} must be an integer between ${min} and ${MAX_PERIOD}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function checkList(key: string, v: unknown, min: number, allowEmpty: boolean): readonly number[] {
  if (!Array.isArray(v)) throw new Error(`feature config: ${key} must be an array of integers, got ${JSON.stringify(v)}`);
  if (!allowEmpty && v.length === 0) throw new Error(`feature config: ${key} must not be empty`);
  const out = v.map((x, i) => checkPeriod(`${key}[${i}]`, x, min));
  if (new Set(out).size !== out.length) throw new Error(`feature config: ${key} has duplicates (${out.join(', ')})`);
  return Object.freeze(out);
}

/**
 * Merges a partial config over the defaults and validates it.
 * Unknown keys are refused so a typo cannot silently fall back to a default.
 */
export function resolveFeatureConfig(partial: Partial<FeatureConfig> = {}): FeatureConfig {
  for (const key of Object.keys(partial)) {
    if (!(key in DEFAULT_FEATURE_CONFIG)) throw new Error(`feature config: unknown setting "${key}"`);
  }
  const merged = { ...DEFAULT_FEATURE_CONFIG, ...partial } as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  out.lookbackPeriods = checkList('lookbackPeriods', merged.lookbackPeriods, 2, false);
  out.supportResistanceWindows = checkList('supportResistanceWindows', merged.supportResistanceWindows, 2, true);
  for (const key of LIST_KEYS) if (!(key in out)) out[key] = checkList(key, merged[key], 1, true);
  for (const key of PERIOD_KEYS) out[key] = checkPeriod(key, merged[key], WINDOW_KEYS.has(key) ? 2 : 1);
  for (const key of POSITIVE_KEYS) {
    const v = merged[key];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new Error(`feature config: ${key} must be a positive number, got ${JSON.stringify(v)}`);
    }
    out[key] = v;
  }
  const tol = merged.touchToleranceAtr;
  if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol)) {
    throw new Error(`feature config: touchToleranceAtr must be a number >= 0, got ${JSON.stringify(tol)}`);
  }
  out.touchToleranceAtr = tol;
  const cross = merged.emaCrossPeriods;
  if (!Array.isArray(cross) || cross.length !== 2) {
    throw new Error(`feature config: emaCrossPeriods must be [fast, slow], got ${JSON.stringify(cross)}`);
  }
  const fast = checkPeriod('emaCrossPeriods[0]', cross[0], 1);
  const slow = checkPeriod('emaCrossPeriods[1]', cross[1], 1);
  if (fast >= slow) throw new Error(`feature config: emaCrossPeriods fast (${fast}) must be shorter than slow (${slow})`);
  out.emaCrossPeriods = Object.freeze([fast, slow]);
  if ((out.macdFast as number) >= (out.macdSlow as number)) {
    throw new Error(`feature config: macdFast (${out.macdFast}) must be shorter than macdSlow (${out.macdSlow})`);
  }
  return Object.freeze(out) as unknown as FeatureConfig;
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Stable 16-hex-digit hash of a resolved config and the feature-set version (key order does not matter). */
export function featureConfigHash(config: FeatureConfig): string {
  return createHash('sha256')
    .update(`candlecast-features/v${FEATURE_SET_VERSION}:${canonicalJson(config)}`)
    .digest('hex')
    .slice(0, 16);
}
