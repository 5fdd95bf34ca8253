// The list of features for a config: names (the column order of every matrix), categories, formulas in words
// and warm-up. The kernel looks its output columns up here by name, so this is the single source of names.
import type { FeatureConfig } from './config';

/** Feature families, in column order. */
export const FEATURE_CATEGORIES = ['price', 'technical', 'rolling', 'pattern', 'time'] as const;

/** One of FEATURE_CATEGORIES. */
export type FeatureCategory = (typeof FEATURE_CATEGORIES)[number];

/** One feature column: its name, family, formula in words and warm-up. */
export interface FeatureInfo {
  readonly name: string;
  readonly category: FeatureCategory;
  readonly formula: string;
  /** Index of the first bar (0-based, gap-free series) whose value is defined; earlier rows hold NaN. */
  readonly warmup: number;
}

/** Every feature of a resolved config, in column order. */
export function buildCatalogue(cfg: FeatureConfig): readonly FeatureInfo[] {
  const out: FeatureInfo[] = [];
  const add = (category: FeatureCategory, name: string, warmup: number, formula: string): void => {
    out.push({ name, category, warmup, formula });
  };
  const atr = cfg.atrPeriod;
  const atrName = `ATR(${atr})`;

  for (const k of cfg.returnPeriods) add('price', `return_${k}`, k, `close / close ${k} bar(s) earlier - 1`);
  for (const k of cfg.logReturnPeriods) add('price', `log_return_${k}`, k, `ln(close / close ${k} bar(s) earlier)`);
  for (const k of cfg.momentumPeriods) {
    add('price', `momentum_${k}`, Math.max(k, atr), `(close - close ${k} bars earlier) / ${atrName}: the ${k}-bar move in units of average true range; 0 when ATR is 0`);
  }
  const a = cfg.accelerationPeriod;
  add('price', `acceleration_${a}`, 2 * a, `ln(close / close ${a} bars earlier) - ln(close ${a} bars earlier / close ${2 * a} bars earlier): change of the ${a}-bar log return`);
  add('price', 'hl_range', atr, `(high - low) / ${atrName}; 0 when ATR is 0`);
  add('price', 'hl_range_pct', 0, '(high - low) / close');
  add('price', 'oc_range', atr, `(close - open) / ${atrName}, signed; 0 when ATR is 0`);
  add('price', 'oc_range_pct', 0, '(close - open) / open, signed');
  add('price', 'body_to_range', 0, '|close - open| / (high - low); 0 on a flat bar (high = low)');
  add('price', 'upper_wick_ratio', 0, '(high - max(open, close)) / (high - low); 0 on a flat bar');
  add('price', 'lower_wick_ratio', 0, '(min(open, close) - low) / (high - low); 0 on a flat bar');
  add('price', 'close_location', 0, '(close - low) / (high - low): where the close sits in the bar, 0 = low, 1 = high; 0.5 on a flat bar');
  add('price', 'gap_pct', 1, 'open / previous close - 1');

  for (const p of cfg.emaPeriods) {
    add('technical', `ema_dist_${p}`, p - 1, `close / EMA(${p}) of close - 1 (EMA seeded with the mean of the first ${p} closes)`);
  }
  const [fast, slow] = cfg.emaCrossPeriods;
  add('technical', `ema_cross_${fast}_${slow}`, slow - 1, `EMA(${fast}) / EMA(${slow}) - 1`);
  const r = cfg.rsiPeriod;
  add('technical', `rsi_${r}`, r, `Wilder RSI(${r}) in [0, 100]: 100 - 100 / (1 + avg gain / avg loss); 100 when only gains, 0 when only losses, 50 when the price did not move`);
  const sp = cfg.stochasticPeriod;
  const ss = cfg.stochasticSmoothing;
  add('technical', `stoch_k_${sp}`, sp - 1, `Stochastic %K in [0, 100]: 100 * (close - lowest low) / (highest high - lowest low) over ${sp} bars; 50 when that range is 0`);
  add('technical', `stoch_d_${sp}`, sp - 1 + ss - 1, `Stochastic %D: mean of the last ${ss} %K values`);
  const { macdFast: mf, macdSlow: ms, macdSignal: mg } = cfg;
  add('technical', 'macd_line', ms - 1, `(EMA(${mf}) - EMA(${ms})) / close`);
  add('technical', 'macd_signal', ms - 1 + mg - 1, `EMA(${mg}) of the MACD line (in price units) / close`);
  add('technical', 'macd_hist', ms - 1 + mg - 1, '(MACD line - MACD signal) / close');
  const bp = cfg.bollingerPeriod;
  const bk = cfg.bollingerK;
  add('technical', `bb_pct_b_${bp}`, bp - 1, `Bollinger %B: (close - lower) / (upper - lower), bands SMA(${bp}) +- ${bk} population standard deviations of close; 0.5 when the ${bp} closes are all equal`);
  add('technical', `bb_bandwidth_${bp}`, bp - 1, `Bollinger bandwidth: (upper - lower) / SMA(${bp}); 0 when the closes are all equal`);
  add('technical', `atr_pct_${atr}`, atr, `${atrName} / close; ATR = Wilder average of the true range max(high - low, |high - previous close|, |low - previous close|)`);
  const vp = cfg.volumePeriod;
  add('technical', `volume_sma_ratio_${vp}`, vp - 1, `volume / SMA(${vp}) of volume; 1 when the ${vp} volumes are all equal (all zero included)`);
  add('technical', `obv_slope_${vp}`, vp, `(OBV now - OBV ${vp} bars earlier) / total volume of the last ${vp} bars = sum of sign(close change) * volume / sum of volume, in [-1, 1]; 0 when that volume is 0`);

  for (const L of cfg.lookbackPeriods) {
    add('rolling', `sma_dist_${L}`, L - 1, `close / SMA(${L}) of close - 1`);
    add('rolling', `volatility_${L}`, L, `sample standard deviation of the last ${L} one-bar log returns; 0 when they are all equal`);
    add('rolling', `min_dist_${L}`, L - 1, `close / lowest close of the last ${L} bars - 1 (>= 0)`);
    add('rolling', `max_dist_${L}`, L - 1, `close / highest close of the last ${L} bars - 1 (<= 0)`);
    add('rolling', `zscore_${L}`, L - 1, `(close - SMA(${L})) / population standard deviation of the last ${L} closes; 0 when they are all equal`);
    add('rolling', `skew_${L}`, L, `skewness m3 / m2^1.5 of the last ${L} one-bar log returns; 0 when they are all equal`);
    add('rolling', `efficiency_${L}`, L, `|close - close ${L} bars earlier| / sum of |close change| over the last ${L} bars (Kaufman efficiency ratio), in [0, 1]; 0 when the price did not move`);
    add('rolling', `up_fraction_${L}`, L, `fraction of the last ${L} bars that closed above the previous close`);
  }

  add('pattern', 'doji', 0, '1 when |close - open| <= 0.1 * (high - low) (a flat bar counts), else 0');
  add('pattern', 'hammer', 0, '1 when high > low, lower wick >= 2 * body and upper wick <= 0.1 * (high - low), else 0');
  add('pattern', 'shooting_star', 0, '1 when high > low, upper wick >= 2 * body and lower wick <= 0.1 * (high - low), else 0');
  add('pattern', 'bullish_engulfing', 1, '1 when the previous bar fell, this bar rose, open <= previous close, close >= previous open and this body is larger, else 0');
  add('pattern', 'bearish_engulfing', 1, '1 when the previous bar rose, this bar fell, open >= previous close, close <= previous open and this body is larger, else 0');
  add('pattern', 'inside_bar', 1, '1 when high < previous high and low > previous low, else 0');
  add('pattern', 'outside_bar', 1, '1 when high > previous high and low < previous low, else 0');
  add('pattern', 'three_white_soldiers', 2, '1 when the last 3 bars each rose, each closed above the one before and each opened inside the previous body, else 0');
  add('pattern', 'three_black_crows', 2, '1 when the last 3 bars each fell, each closed below the one before and each opened inside the previous body, else 0');
  add('pattern', `volume_zscore_${vp}`, vp - 1, `(volume - mean) / population standard deviation of the last ${vp} volumes; 0 when they are all equal`);
  add('pattern', `volume_spike_${vp}`, vp - 1, `1 when volume_zscore_${vp} >= ${cfg.volumeSpikeZ}, else 0`);
  const tol = cfg.touchToleranceAtr;
  for (const W of cfg.supportResistanceWindows) {
    const touchWarm = Math.max(W - 1, atr) + W;
    add('pattern', `resistance_dist_${W}`, W - 1, `close / highest high of the last ${W} bars - 1 (<= 0)`);
    add('pattern', `support_dist_${W}`, W - 1, `close / lowest low of the last ${W} bars - 1 (>= 0)`);
    add('pattern', `resistance_touches_${W}`, touchWarm, `number of touches of resistance among the last ${W} bars: a touch starts at a bar whose high is within ${tol} * ${atrName} of the ${W}-bar highest high as of that bar, when the bar before was not within it`);
    add('pattern', `support_touches_${W}`, touchWarm, `number of touches of support among the last ${W} bars: a touch starts at a bar whose low is within ${tol} * ${atrName} of the ${W}-bar lowest low as of that bar, when the bar before was not within it`);
  }

  add('time', 'hour', 0, 'hour of the day of the bar\'s open time, UTC (0-23)');
  add('time', 'hour_sin', 0, 'sin(2 pi * hour / 24)');
  add('time', 'hour_cos', 0, 'cos(2 pi * hour / 24)');
  add('time', 'minute', 0, 'minute of the hour, UTC (0-59)');
  add('time', 'minute_sin', 0, 'sin(2 pi * minute / 60)');
  add('time', 'minute_cos', 0, 'cos(2 pi * minute / 60)');
  add('time', 'day_of_week', 0, 'day of the week, UTC, Monday = 0 ... Sunday = 6');
  add('time', 'day_of_week_sin', 0, 'sin(2 pi * day_of_week / 7)');
  add('time', 'day_of_week_cos', 0, 'cos(2 pi * day_of_week / 7)');
  add('time', 'day_of_month', 0, 'day of the month, UTC (1-31)');
  add('time', 'day_of_month_sin', 0, 'sin(2 pi * (day_of_month - 1) / days in that month)');
  add('time', 'day_of_month_cos', 0, 'cos(2 pi * (day_of_month - 1) / days in that month)');
  add('time', 'month', 0, 'month, UTC (1-12)');
  add('time', 'month_sin', 0, 'sin(2 pi * (month - 1) / 12)');
  add('time', 'month_cos', 0, 'cos(2 pi * (month - 1) / 12)');
  add('time', 'quarter', 0, 'quarter of the year, UTC (1-4)');

  const seen = new Set<string>();
  for (const f of out) {
    if (seen.has(f.name)) throw new Error(`feature config gives two features the name "${f.name}"`);
    seen.add(f.name);
  }
  return Object.freeze(out.map((f) => Object.freeze(f)));
}
