// Compiles a config into the plan the kernel runs: the rolling operators (offsets into one state array), the
// kernel's own state slots and the output column of every feature, looked up by name in the catalogue.
import { buildCatalogue, type FeatureInfo } from './catalogue';
import type { FeatureConfig } from './config';
import { LagBuffer, RollingExtremes, RollingSum } from './rollingWindows';
import { Smoother } from './smoothing';
import { StateLayout } from './stateLayout';
import { WindowedStats, type WindowSlots } from './windowedStats';

/** The kernel's own slots, relative to FeaturePlan.k. Slots from P_OPEN on start as NaN. */
export const SLOT = {
  COUNT: 0, PREV_TIME: 1, UP_COUNT: 2,
  P_OPEN: 3, P_HIGH: 4, P_LOW: 5, P_CLOSE: 6, P2_OPEN: 7, P2_CLOSE: 8,
  /** Calendar fields of the last bar's day, recomputed only when the day changes. */
  DAY: 9, DOW: 10, DOM: 11, MONTH: 12, DOM_INDEX: 13,
  /** This bar's one-bar log return, shared between feature families. */
  LOG_RETURN: 14,
  /** Holds a computed value for the operator push that follows (operators take their input by position). */
  SCRATCH: 15,
} as const;
const ZERO_SLOTS = 3;
const NAN_SLOTS = 13;

/** One lookback of the rolling family: result slots of its windows and its output columns. */
export interface LookbackPlan {
  readonly period: number;
  readonly closes: WindowSlots;
  readonly returns: WindowSlots;
  readonly moves: WindowSlots;
  /** Index of this lookback among the windows of the close extremes. */
  readonly extreme: number;
  /** sma_dist, volatility, min_dist, max_dist, zscore, skew, efficiency, up_fraction */
  readonly cols: Int32Array;
}

/** One support/resistance window: touch counters, previous-status slots and output columns. */
export interface LevelPlan {
  /** Index of this window among the windows of the rolling highs and lows. */
  readonly extreme: number;
  readonly resTouches: RollingSum;
  readonly supTouches: RollingSum;
  /** Slots: previous bar's resistance status, previous bar's support status. */
  readonly slot: number;
  /** First bar whose touch status is defined (full window and ATR). */
  readonly validFrom: number;
  /** resistance_dist, support_dist, resistance_touches, support_touches */
  readonly cols: Int32Array;
}

/** Everything the kernel needs, immutable and shared by every stream of an engine. */
export interface FeaturePlan {
  readonly catalogue: readonly FeatureInfo[];
  readonly names: readonly string[];
  readonly cols: number;
  /** Warm-up of each column, and the largest (firstValidRow). */
  readonly warm: Int32Array;
  readonly warmup: number;
  readonly layout: StateLayout;
  /** Offset of the kernel's own slots (see SLOT). */
  readonly k: number;
  readonly lags: LagBuffer;
  readonly returnK: Int32Array; readonly returnCol: Int32Array;
  readonly logK: Int32Array; readonly logCol: Int32Array;
  readonly momK: Int32Array; readonly momCol: Int32Array;
  readonly accK: number; readonly accCol: number; readonly accLogs: LagBuffer;
  /** Index into logK of the acceleration period (its log return is reused), or -1. */
  readonly accLogIndex: number;
  /** hl_range, hl_range_pct, oc_range, oc_range_pct, body_to_range, upper/lower wick, close_location, gap_pct */
  readonly priceCol: Int32Array;
  readonly atr: Smoother; readonly atrCol: number;
  /** Every EMA of close, each period once (distance EMAs, cross and MACD share them). */
  readonly emas: readonly Smoother[];
  readonly emaDist: readonly Smoother[]; readonly emaDistCol: Int32Array;
  readonly crossFast: Smoother; readonly crossSlow: Smoother; readonly crossCol: number;
  readonly gain: Smoother; readonly loss: Smoother; readonly rsiCol: number;
  readonly highs: RollingExtremes; readonly lows: RollingExtremes; readonly stochWindow: number;
  readonly stochD: RollingSum; readonly stochFrom: number; readonly stochCol: Int32Array;
  readonly macdFast: Smoother; readonly macdSlow: Smoother; readonly macdSignal: Smoother;
  readonly macdFrom: number; readonly macdCol: Int32Array;
  readonly closeStats: WindowedStats; readonly returnStats: WindowedStats; readonly moveStats: WindowedStats;
  readonly closeMax: RollingExtremes; readonly closeMin: RollingExtremes; readonly ups: LagBuffer;
  readonly bb: WindowSlots; readonly bbK: number; readonly bbCol: Int32Array;
  readonly volume: WindowedStats; readonly volumeSlots: WindowSlots; readonly signedVolume: RollingSum;
  readonly spikeZ: number;
  /** volume_sma_ratio, obv_slope, volume_zscore, volume_spike */
  readonly volumeCol: Int32Array;
  readonly lookbacks: readonly LookbackPlan[];
  readonly patternCol: Int32Array;
  readonly levels: readonly LevelPlan[];
  readonly touchTol: number;
  /** First of the 16 time columns, which are contiguous. */
  readonly timeCol: number;
}

const TIME_NAMES = ['hour', 'hour_sin', 'hour_cos', 'minute', 'minute_sin', 'minute_cos', 'day_of_week', 'day_of_week_sin',
  'day_of_week_cos', 'day_of_month', 'day_of_month_sin', 'day_of_month_cos', 'month', 'month_sin', 'month_cos', 'quarter'];

/** Builds the plan of a resolved config. */
export function buildFeaturePlan(cfg: FeatureConfig): FeaturePlan {
  const catalogue = buildCatalogue(cfg);
  const names = Object.freeze(catalogue.map((f) => f.name));
  const warm = Int32Array.from(catalogue, (f) => f.warmup);
  const index = new Map(names.map((n, i) => [n, i]));
  const col = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`feature plan: no column "${name}"`);
    return i;
  };
  const cols = (list: readonly string[]): Int32Array => Int32Array.from(list, col);
  const L = new StateLayout();
  const k = L.alloc(ZERO_SLOTS);
  L.alloc(NAN_SLOTS, Number.NaN);

  const maxLag = Math.max(2 * cfg.accelerationPeriod, ...cfg.returnPeriods, ...cfg.logReturnPeriods, ...cfg.momentumPeriods, ...cfg.lookbackPeriods);
  const emaByPeriod = new Map<number, Smoother>();
  const ema = (p: number): Smoother => emaByPeriod.get(p) ?? emaByPeriod.set(p, Smoother.ema(L, p)).get(p)!;
  const emaDist = cfg.emaPeriods.map(ema);
  const [fast, slow] = cfg.emaCrossPeriods;
  const crossFast = ema(fast);
  const crossSlow = ema(slow);
  const macdFast = ema(cfg.macdFast);
  const macdSlow = ema(cfg.macdSlow);
  const extremeWindows = [...new Set([cfg.stochasticPeriod, ...cfg.supportResistanceWindows])];
  const highs = new RollingExtremes(L, extremeWindows, 1);
  const lows = new RollingExtremes(L, extremeWindows, -1);
  const closeStats = new WindowedStats(L, [...new Set([...cfg.lookbackPeriods, cfg.bollingerPeriod])], 2);
  const returnStats = new WindowedStats(L, cfg.lookbackPeriods, 3);
  const moveStats = new WindowedStats(L, cfg.lookbackPeriods, 1);
  const closeMax = new RollingExtremes(L, cfg.lookbackPeriods, 1);
  const volume = new WindowedStats(L, [cfg.volumePeriod], 2);
  const vp = cfg.volumePeriod;

  return {
    catalogue, names, cols: names.length, warm, warmup: warm.reduce((m, w) => Math.max(m, w), 0), layout: L, k,
    lags: new LagBuffer(L, maxLag + 1),
    returnK: Int32Array.from(cfg.returnPeriods), returnCol: cols(cfg.returnPeriods.map((p) => `return_${p}`)),
    logK: Int32Array.from(cfg.logReturnPeriods), logCol: cols(cfg.logReturnPeriods.map((p) => `log_return_${p}`)),
    momK: Int32Array.from(cfg.momentumPeriods), momCol: cols(cfg.momentumPeriods.map((p) => `momentum_${p}`)),
    accK: cfg.accelerationPeriod, accCol: col(`acceleration_${cfg.accelerationPeriod}`), accLogs: new LagBuffer(L, cfg.accelerationPeriod + 1),
    accLogIndex: cfg.logReturnPeriods.indexOf(cfg.accelerationPeriod),
    priceCol: cols(['hl_range', 'hl_range_pct', 'oc_range', 'oc_range_pct', 'body_to_range', 'upper_wick_ratio', 'lower_wick_ratio', 'close_location', 'gap_pct']),
    atr: Smoother.wilder(L, cfg.atrPeriod), atrCol: col(`atr_pct_${cfg.atrPeriod}`),
    emas: [...emaByPeriod.values()], emaDist, emaDistCol: cols(cfg.emaPeriods.map((p) => `ema_dist_${p}`)),
    crossFast, crossSlow, crossCol: col(`ema_cross_${fast}_${slow}`),
    gain: Smoother.wilder(L, cfg.rsiPeriod), loss: Smoother.wilder(L, cfg.rsiPeriod), rsiCol: col(`rsi_${cfg.rsiPeriod}`),
    highs, lows, stochWindow: highs.indexOf(cfg.stochasticPeriod),
    stochD: new RollingSum(L, cfg.stochasticSmoothing), stochFrom: cfg.stochasticPeriod - 1,
    stochCol: cols([`stoch_k_${cfg.stochasticPeriod}`, `stoch_d_${cfg.stochasticPeriod}`]),
    macdFast, macdSlow, macdSignal: Smoother.ema(L, cfg.macdSignal), macdFrom: cfg.macdSlow - 1,
    macdCol: cols(['macd_line', 'macd_signal', 'macd_hist']),
    closeStats, returnStats, moveStats, closeMax, closeMin: new RollingExtremes(L, cfg.lookbackPeriods, -1),
    ups: new LagBuffer(L, Math.max(...cfg.lookbackPeriods) + 1),
    bb: closeStats.slots(closeStats.indexOf(cfg.bollingerPeriod)), bbK: cfg.bollingerK,
    bbCol: cols([`bb_pct_b_${cfg.bollingerPeriod}`, `bb_bandwidth_${cfg.bollingerPeriod}`]),
    volume, volumeSlots: volume.slots(0), signedVolume: new RollingSum(L, vp), spikeZ: cfg.volumeSpikeZ,
    volumeCol: cols([`volume_sma_ratio_${vp}`, `obv_slope_${vp}`, `volume_zscore_${vp}`, `volume_spike_${vp}`]),
    lookbacks: cfg.lookbackPeriods.map((p, i) => ({
      period: p,
      closes: closeStats.slots(closeStats.indexOf(p)),
      returns: returnStats.slots(i),
      moves: moveStats.slots(i),
      extreme: closeMax.indexOf(p),
      cols: cols(['sma_dist', 'volatility', 'min_dist', 'max_dist', 'zscore', 'skew', 'efficiency', 'up_fraction'].map((n) => `${n}_${p}`)),
    })),
    patternCol: cols(['doji', 'hammer', 'shooting_star', 'bullish_engulfing', 'bearish_engulfing', 'inside_bar', 'outside_bar', 'three_white_soldiers', 'three_black_crows']),
    levels: cfg.supportResistanceWindows.map((w) => ({
      extreme: highs.indexOf(w),
      resTouches: new RollingSum(L, w),
      supTouches: new RollingSum(L, w),
      slot: L.alloc(2),
      validFrom: Math.max(w - 1, cfg.atrPeriod),
      cols: cols([`resistance_dist_${w}`, `support_dist_${w}`, `resistance_touches_${w}`, `support_touches_${w}`]),
    })),
    touchTol: cfg.touchToleranceAtr,
    timeCol: contiguous(cols(TIME_NAMES)),
  };
}

function contiguous(c: Int32Array): number {
  if (c.some((x, i) => x !== c[0] + i)) throw new Error('feature plan: the time columns are not contiguous');
  return c[0];
}
