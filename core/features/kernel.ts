// The per-bar feature computation shared by batch and streaming: batch runs it over a whole series writing into
// the matrix, a stream runs it one bar at a time. One code path is what makes the two identical.
import { describeBadBar } from './barCheck';
import { CYCLE, civilDate, dayOfWeek, daysInMonth, epochDay, hourOfDay, minuteOfHour } from './calendar';
import { buildCatalogue, type FeatureInfo } from './catalogue';
import type { FeatureConfig } from './config';
import { LagBuffer, RollingExtremes, RollingSum } from './rollingWindows';
import { Smoother } from './smoothing';
import { StateLayout } from './stateLayout';
import { WindowedStats } from './windowedStats';

/** Per-lookback operators, window indices and output columns of the rolling family. */
interface LookbackParts {
  readonly period: number;
  /** Index of this lookback among the windows of the close statistics. */
  readonly closeWindow: number;
  readonly cols: Int32Array; // sma_dist, volatility, min_dist, max_dist, zscore, skew, efficiency, up_fraction
}

/** Per-window operators, state slots and output columns of support/resistance. */
interface LevelParts {
  readonly window: number;
  /** Index of this window among the windows of the rolling highs and lows. */
  readonly extreme: number;
  readonly resTouches: RollingSum;
  readonly supTouches: RollingSum;
  /** Slots: previous bar's resistance status, previous bar's support status. */
  readonly slot: number;
  readonly validFrom: number;
  readonly cols: Int32Array; // resistance_dist, support_dist, resistance_touches, support_touches
}

/**
 * Compiled plan of a config: the operators (offsets into a state array), the output column of every feature
 * and the per-feature warm-up. Immutable and shared by every stream of an engine.
 */
export class FeatureKernel {
  readonly catalogue: readonly FeatureInfo[];
  readonly names: readonly string[];
  readonly cols: number;
  readonly warmup: number;
  private readonly warm: Int32Array;
  private readonly layout = new StateLayout();
  // kernel slots: count, previous time, running count of up closes, then NaN-initialised: previous open, high,
  // low, close, open and close two bars back, and the calendar fields of the last bar's day (epoch day, day of
  // week, day of month, month, sin/cos table index of the day of month)
  private readonly k: number;
  private readonly ups: LagBuffer;
  private readonly lags: LagBuffer;
  private readonly returnK: Int32Array; private readonly returnCol: Int32Array;
  private readonly logK: Int32Array; private readonly logCol: Int32Array;
  private readonly momK: Int32Array; private readonly momCol: Int32Array;
  private readonly accK: number; private readonly accCol: number; private readonly accLogs: LagBuffer;
  /** Index into logK of the acceleration period, or -1 when it has no log_return feature of its own. */
  private readonly accLogIndex: number;
  private readonly priceCol: Int32Array; // hl_range, hl_range_pct, oc_range, oc_range_pct, body, upper, lower, close_location, gap
  private readonly atr: Smoother;
  private readonly emas: readonly Smoother[];
  private readonly emaDist: readonly Smoother[]; private readonly emaDistCol: Int32Array;
  private readonly crossFast: Smoother; private readonly crossSlow: Smoother; private readonly crossCol: number;
  private readonly gain: Smoother; private readonly loss: Smoother; private readonly rsiCol: number;
  private readonly highs: RollingExtremes; private readonly lows: RollingExtremes; private readonly stochWindow: number;
  private readonly closeMax: RollingExtremes; private readonly closeMin: RollingExtremes;
  private readonly stochD: RollingSum; private readonly stochFrom: number; private readonly stochCol: Int32Array;
  private readonly macdFast: Smoother; private readonly macdSlow: Smoother; private readonly macdSignal: Smoother;
  private readonly macdFrom: number; private readonly macdCol: Int32Array;
  private readonly closeStats: WindowedStats; private readonly returnStats: WindowedStats; private readonly moveStats: WindowedStats;
  private readonly bbWindow: number; private readonly bbK: number; private readonly bbCol: Int32Array;
  private readonly atrCol: number;
  private readonly volume: WindowedStats; private readonly signedVolume: RollingSum;
  private readonly spikeZ: number; private readonly volumeCol: Int32Array; // sma_ratio, obv_slope, zscore, spike
  private readonly lookbacks: readonly LookbackParts[];
  private readonly patternCol: Int32Array;
  private readonly levels: readonly LevelParts[];
  private readonly touchTol: number;
  private readonly timeCol: number;
  private readonly cycle = CYCLE;

  constructor(cfg: FeatureConfig) {
    this.catalogue = buildCatalogue(cfg);
    this.names = Object.freeze(this.catalogue.map((f) => f.name));
    this.cols = this.names.length;
    this.warm = Int32Array.from(this.catalogue, (f) => f.warmup);
    this.warmup = this.warm.reduce((m, w) => Math.max(m, w), 0);
    const index = new Map(this.names.map((n, i) => [n, i]));
    const col = (name: string): number => {
      const i = index.get(name);
      if (i === undefined) throw new Error(`feature kernel: no column "${name}"`);
      return i;
    };
    const cols = (names: readonly string[]): Int32Array => Int32Array.from(names, col);
    const L = this.layout;

    this.k = L.alloc(3);
    L.alloc(11, Number.NaN);
    const maxLag = Math.max(2 * cfg.accelerationPeriod, ...cfg.returnPeriods, ...cfg.logReturnPeriods, ...cfg.momentumPeriods, ...cfg.lookbackPeriods);
    this.lags = new LagBuffer(L, maxLag + 1);
    this.ups = new LagBuffer(L, Math.max(...cfg.lookbackPeriods) + 1);
    this.returnK = Int32Array.from(cfg.returnPeriods);
    this.returnCol = cols(cfg.returnPeriods.map((p) => `return_${p}`));
    this.logK = Int32Array.from(cfg.logReturnPeriods);
    this.logCol = cols(cfg.logReturnPeriods.map((p) => `log_return_${p}`));
    this.momK = Int32Array.from(cfg.momentumPeriods);
    this.momCol = cols(cfg.momentumPeriods.map((p) => `momentum_${p}`));
    this.accK = cfg.accelerationPeriod;
    this.accLogs = new LagBuffer(L, cfg.accelerationPeriod + 1);
    this.accLogIndex = cfg.logReturnPeriods.indexOf(cfg.accelerationPeriod);
    this.accCol = col(`acceleration_${cfg.accelerationPeriod}`);
    this.priceCol = cols(['hl_range', 'hl_range_pct', 'oc_range', 'oc_range_pct', 'body_to_range', 'upper_wick_ratio', 'lower_wick_ratio', 'close_location', 'gap_pct']);
    this.atr = Smoother.wilder(L, cfg.atrPeriod);
    this.atrCol = col(`atr_pct_${cfg.atrPeriod}`);

    const emaByPeriod = new Map<number, Smoother>();
    const ema = (p: number): Smoother => {
      let e = emaByPeriod.get(p);
      if (!e) emaByPeriod.set(p, (e = Smoother.ema(L, p)));
      return e;
    };
    this.emaDist = cfg.emaPeriods.map(ema);
    this.emaDistCol = cols(cfg.emaPeriods.map((p) => `ema_dist_${p}`));
    const [fast, slow] = cfg.emaCrossPeriods;
    this.crossFast = ema(fast);
    this.crossSlow = ema(slow);
    this.crossCol = col(`ema_cross_${fast}_${slow}`);
    this.macdFast = ema(cfg.macdFast);
    this.macdSlow = ema(cfg.macdSlow);
    this.emas = [...emaByPeriod.values()];
    this.macdSignal = Smoother.ema(L, cfg.macdSignal);
    this.macdFrom = cfg.macdSlow - 1;
    this.macdCol = cols(['macd_line', 'macd_signal', 'macd_hist']);

    this.gain = Smoother.wilder(L, cfg.rsiPeriod);
    this.loss = Smoother.wilder(L, cfg.rsiPeriod);
    this.rsiCol = col(`rsi_${cfg.rsiPeriod}`);

    const extremeWindows = [...new Set([cfg.stochasticPeriod, ...cfg.supportResistanceWindows])];
    this.highs = new RollingExtremes(L, extremeWindows, 1);
    this.lows = new RollingExtremes(L, extremeWindows, -1);
    this.stochWindow = this.highs.indexOf(cfg.stochasticPeriod);
    this.closeMax = new RollingExtremes(L, cfg.lookbackPeriods, 1);
    this.closeMin = new RollingExtremes(L, cfg.lookbackPeriods, -1);
    this.stochD = new RollingSum(L, cfg.stochasticSmoothing);
    this.stochFrom = cfg.stochasticPeriod - 1;
    this.stochCol = cols([`stoch_k_${cfg.stochasticPeriod}`, `stoch_d_${cfg.stochasticPeriod}`]);

    const closeWindows = [...new Set([...cfg.lookbackPeriods, cfg.bollingerPeriod])];
    this.closeStats = new WindowedStats(L, closeWindows, 2);
    this.returnStats = new WindowedStats(L, cfg.lookbackPeriods, 3);
    this.moveStats = new WindowedStats(L, cfg.lookbackPeriods, 1);
    this.bbWindow = this.closeStats.indexOf(cfg.bollingerPeriod);
    this.bbK = cfg.bollingerK;
    this.bbCol = cols([`bb_pct_b_${cfg.bollingerPeriod}`, `bb_bandwidth_${cfg.bollingerPeriod}`]);

    const vp = cfg.volumePeriod;
    this.volume = new WindowedStats(L, [vp], 2);
    this.signedVolume = new RollingSum(L, vp);
    this.spikeZ = cfg.volumeSpikeZ;
    this.volumeCol = cols([`volume_sma_ratio_${vp}`, `obv_slope_${vp}`, `volume_zscore_${vp}`, `volume_spike_${vp}`]);

    this.lookbacks = cfg.lookbackPeriods.map((p) => ({
      period: p,
      closeWindow: this.closeStats.indexOf(p),
      cols: cols(['sma_dist', 'volatility', 'min_dist', 'max_dist', 'zscore', 'skew', 'efficiency', 'up_fraction'].map((n) => `${n}_${p}`)),
    }));

    this.patternCol = cols(['doji', 'hammer', 'shooting_star', 'bullish_engulfing', 'bearish_engulfing', 'inside_bar', 'outside_bar', 'three_white_soldiers', 'three_black_crows']);
    this.touchTol = cfg.touchToleranceAtr;
    this.levels = cfg.supportResistanceWindows.map((w) => ({
      window: w,
      extreme: this.highs.indexOf(w),
      resTouches: new RollingSum(L, w),
      supTouches: new RollingSum(L, w),
      slot: L.alloc(2),
      validFrom: Math.max(w - 1, cfg.atrPeriod),
      cols: cols([`resistance_dist_${w}`, `support_dist_${w}`, `resistance_touches_${w}`, `support_touches_${w}`]),
    }));
    this.timeCol = col('hour');
    if (cols(['hour', 'hour_sin', 'hour_cos', 'minute', 'minute_sin', 'minute_cos', 'day_of_week', 'day_of_week_sin', 'day_of_week_cos',
      'day_of_month', 'day_of_month_sin', 'day_of_month_cos', 'month', 'month_sin', 'month_cos', 'quarter']).some((c, i) => c !== this.timeCol + i)) {
      throw new Error('feature kernel: time columns are not contiguous');
    }
    this.stateLength = L.length;
  }

  /** Number of float64 slots of one stream state. */
  readonly stateLength: number;

  /** A fresh state (no bar seen). */
  createState(): Float64Array {
    return this.layout.createState();
  }

  /** Bars pushed into a state so far. */
  count(s: Float64Array): number {
    return s[this.k];
  }

  /**
   * Feeds one bar into state `s` and writes its feature row into out[off .. off + cols).
   * Throws (leaving `s` untouched) when the bar is not a valid candle or is not after the previous bar.
   */
  step(s: Float64Array, time: number, open: number, high: number, low: number, close: number, volume: number, out: Float64Array, off: number): void {
    const k = this.k;
    if (!(low > 0 && high >= low && open >= low && open <= high && close >= low && close <= high && high < Infinity
      && volume >= 0 && volume < Infinity && time > s[k + 1] && time < Infinity)) {
      throw new Error(describeBadBar(s[k], s[k + 1], time, open, high, low, close, volume));
    }
    const row = s[k];
    const hasPrev = row >= 1;
    const pOpen = s[k + 3];
    const pHigh = s[k + 4];
    const pLow = s[k + 5];
    const pClose = s[k + 6];
    const p2Open = s[k + 7];
    const p2Close = s[k + 8];
    const lags = this.lags;
    lags.push(s, close);

    // --- price
    const range = high - low;
    const atr = hasPrev
      ? this.atr.push(s, Math.max(range, Math.abs(high - pClose), Math.abs(low - pClose)))
      : this.atr.value(s);
    for (let i = 0; i < this.returnK.length; i++) out[off + this.returnCol[i]] = close / lags.lag(s, this.returnK[i]) - 1;
    const lr1 = Math.log(close / pClose);
    let accLog = Number.NaN;
    for (let i = 0; i < this.logK.length; i++) {
      const v = this.logK[i] === 1 ? lr1 : Math.log(close / lags.lag(s, this.logK[i]));
      out[off + this.logCol[i]] = v;
      if (i === this.accLogIndex) accLog = v;
    }
    for (let i = 0; i < this.momK.length; i++) {
      out[off + this.momCol[i]] = atr === 0 ? 0 : (close - lags.lag(s, this.momK[i])) / atr;
    }
    // ln(close / close a bars back) minus the same quantity a bars ago, read back from a ring instead of recomputed
    if (this.accLogIndex < 0) accLog = Math.log(close / lags.lag(s, this.accK));
    this.accLogs.push(s, accLog);
    out[off + this.accCol] = accLog - this.accLogs.lag(s, this.accK);
    const body = Math.abs(close - open);
    const top = open > close ? open : close;
    const bottom = open > close ? close : open;
    const upperWick = high - top;
    const lowerWick = bottom - low;
    const pc = this.priceCol;
    out[off + pc[0]] = atr === 0 ? 0 : range / atr;
    out[off + pc[1]] = range / close;
    out[off + pc[2]] = atr === 0 ? 0 : (close - open) / atr;
    out[off + pc[3]] = (close - open) / open;
    if (range > 0) {
      out[off + pc[4]] = body / range;
      out[off + pc[5]] = upperWick / range;
      out[off + pc[6]] = lowerWick / range;
      out[off + pc[7]] = (close - low) / range;
    } else {
      out[off + pc[4]] = 0;
      out[off + pc[5]] = 0;
      out[off + pc[6]] = 0;
      out[off + pc[7]] = 0.5;
    }
    out[off + pc[8]] = open / pClose - 1;

    // --- technical
    for (let i = 0; i < this.emas.length; i++) this.emas[i].push(s, close);
    for (let i = 0; i < this.emaDist.length; i++) out[off + this.emaDistCol[i]] = close / this.emaDist[i].value(s) - 1;
    out[off + this.crossCol] = this.crossFast.value(s) / this.crossSlow.value(s) - 1;
    if (hasPrev) {
      const change = close - pClose;
      const g = this.gain.push(s, change > 0 ? change : 0);
      const l = this.loss.push(s, change < 0 ? -change : 0);
      out[off + this.rsiCol] = l === 0 ? (g === 0 ? 50 : 100) : g === 0 ? 0 : 100 - 100 / (1 + g / l);
    } else {
      out[off + this.rsiCol] = Number.NaN;
    }
    this.highs.push(s, high);
    this.lows.push(s, low);
    const hh = this.highs.value(s, this.stochWindow);
    const ll = this.lows.value(s, this.stochWindow);
    const stochK = hh > ll ? (100 * (close - ll)) / (hh - ll) : 50;
    out[off + this.stochCol[0]] = stochK;
    out[off + this.stochCol[1]] = row >= this.stochFrom ? this.stochD.push(s, stochK) / this.stochD.period : Number.NaN;
    const macd = this.macdFast.value(s) - this.macdSlow.value(s);
    const signal = row >= this.macdFrom ? this.macdSignal.push(s, macd) : Number.NaN;
    out[off + this.macdCol[0]] = macd / close;
    out[off + this.macdCol[1]] = signal / close;
    out[off + this.macdCol[2]] = (macd - signal) / close;
    const cs = this.closeStats;
    cs.push(s, close);
    const bw = this.bbWindow;
    const halfWidth = cs.constant(s, bw) ? 0 : this.bbK * Math.sqrt(cs.variance(s, bw));
    if (halfWidth > 0) {
      out[off + this.bbCol[0]] = (cs.deviation(s, bw, close) + halfWidth) / (2 * halfWidth);
      out[off + this.bbCol[1]] = (2 * halfWidth) / cs.mean(s, bw);
    } else {
      out[off + this.bbCol[0]] = 0.5;
      out[off + this.bbCol[1]] = 0;
    }
    out[off + this.atrCol] = atr / close;
    this.writeVolume(s, hasPrev, close, pClose, volume, out, off);

    // --- rolling
    const rs = this.returnStats;
    const ms = this.moveStats;
    if (hasPrev) {
      rs.push(s, lr1);
      ms.push(s, Math.abs(close - pClose));
      if (close > pClose) s[k + 2] += 1;
    }
    this.ups.push(s, s[k + 2]);
    this.closeMax.push(s, close);
    this.closeMin.push(s, close);
    for (let i = 0; i < this.lookbacks.length; i++) {
      const lb = this.lookbacks[i];
      const c = lb.cols;
      const cw = lb.closeWindow;
      out[off + c[0]] = close / cs.mean(s, cw) - 1;
      out[off + c[1]] = rs.constant(s, i) ? 0 : Math.sqrt(rs.sampleVariance(s, i));
      out[off + c[2]] = close / this.closeMin.value(s, i) - 1;
      out[off + c[3]] = close / this.closeMax.value(s, i) - 1;
      const sd = cs.constant(s, cw) ? 0 : Math.sqrt(cs.variance(s, cw));
      out[off + c[4]] = sd > 0 ? cs.deviation(s, cw, close) / sd : 0;
      out[off + c[5]] = rs.skewness(s, i);
      const den = ms.sum(s, i);
      const eff = den > 0 ? Math.abs(close - lags.lag(s, lb.period)) / den : 0;
      out[off + c[6]] = eff > 1 ? 1 : eff;
      out[off + c[7]] = (s[k + 2] - this.ups.lag(s, lb.period)) / lb.period;
    }

    // --- patterns
    const pt = this.patternCol;
    out[off + pt[0]] = body <= 0.1 * range ? 1 : 0;
    out[off + pt[1]] = range > 0 && lowerWick >= 2 * body && upperWick <= 0.1 * range ? 1 : 0;
    out[off + pt[2]] = range > 0 && upperWick >= 2 * body && lowerWick <= 0.1 * range ? 1 : 0;
    out[off + pt[3]] = pClose < pOpen && close > open && open <= pClose && close >= pOpen && close - open > pOpen - pClose ? 1 : 0;
    out[off + pt[4]] = pClose > pOpen && close < open && open >= pClose && close <= pOpen && open - close > pClose - pOpen ? 1 : 0;
    out[off + pt[5]] = high < pHigh && low > pLow ? 1 : 0;
    out[off + pt[6]] = high > pHigh && low < pLow ? 1 : 0;
    out[off + pt[7]] = p2Close > p2Open && pClose > pOpen && close > open && pClose > p2Close && close > pClose
      && pOpen >= p2Open && pOpen <= p2Close && open >= pOpen && open <= pClose ? 1 : 0;
    out[off + pt[8]] = p2Close < p2Open && pClose < pOpen && close < open && pClose < p2Close && close < pClose
      && pOpen <= p2Open && pOpen >= p2Close && open <= pOpen && open >= pClose ? 1 : 0;
    this.writeLevels(s, row, high, low, close, atr, out, off);

    this.writeTime(s, time, out, off + this.timeCol);

    s[k] = row + 1;
    s[k + 1] = time;
    s[k + 3] = open;
    s[k + 4] = high;
    s[k + 5] = low;
    s[k + 6] = close;
    s[k + 7] = pOpen;
    s[k + 8] = pClose;
    if (row < this.warmup) this.maskWarmup(row, out, off);
  }

  private writeVolume(s: Float64Array, hasPrev: boolean, close: number, pClose: number, volume: number, out: Float64Array, off: number): void {
    const vm = this.volume;
    vm.push(s, volume);
    const vc = this.volumeCol;
    const sd = vm.constant(s, 0) ? 0 : Math.sqrt(vm.variance(s, 0));
    if (sd > 0) {
      const mean = vm.mean(s, 0);
      out[off + vc[0]] = mean > 0 ? volume / mean : 1;
      out[off + vc[2]] = vm.deviation(s, 0, volume) / sd;
    } else {
      out[off + vc[0]] = 1;
      out[off + vc[2]] = 0;
    }
    out[off + vc[3]] = out[off + vc[2]] >= this.spikeZ ? 1 : 0;
    if (hasPrev) {
      const total = vm.sum(s, 0);
      const signed = this.signedVolume.push(s, close > pClose ? volume : close < pClose ? -volume : 0);
      const slope = total > 0 ? signed / total : 0;
      out[off + vc[1]] = slope > 1 ? 1 : slope < -1 ? -1 : slope;
    } else {
      out[off + vc[1]] = Number.NaN;
    }
  }

  private writeLevels(s: Float64Array, row: number, high: number, low: number, close: number, atr: number, out: Float64Array, off: number): void {
    const tol = this.touchTol * atr;
    for (let i = 0; i < this.levels.length; i++) {
      const lv = this.levels[i];
      const c = lv.cols;
      const top = this.highs.value(s, lv.extreme);
      const floor = this.lows.value(s, lv.extreme);
      out[off + c[0]] = close / top - 1;
      out[off + c[1]] = close / floor - 1;
      const valid = row >= lv.validFrom;
      const res = valid && top - high <= tol ? 1 : 0;
      const sup = valid && low - floor <= tol ? 1 : 0;
      out[off + c[2]] = lv.resTouches.push(s, res === 1 && s[lv.slot] === 0 ? 1 : 0);
      out[off + c[3]] = lv.supTouches.push(s, sup === 1 && s[lv.slot + 1] === 0 ? 1 : 0);
      s[lv.slot] = res;
      s[lv.slot + 1] = sup;
    }
  }

  private writeTime(s: Float64Array, time: number, out: Float64Array, o: number): void {
    const hour = hourOfDay(time);
    const minute = minuteOfHour(time);
    const day = epochDay(time);
    const c = this.k + 9;
    if (day !== s[c]) {
      const date = civilDate(day);
      const year = Math.floor(date / 10000);
      const month = Math.floor(date / 100) - year * 100;
      const dom = date - Math.floor(date / 100) * 100;
      s[c] = day;
      s[c + 1] = dayOfWeek(day);
      s[c + 2] = dom;
      s[c + 3] = month;
      s[c + 4] = (daysInMonth(year, month) - 28) * 31 + dom - 1;
    }
    const dow = s[c + 1];
    const month = s[c + 3];
    const domIndex = s[c + 4];
    out[o] = hour;
    out[o + 1] = this.cycle.hourSin[hour];
    out[o + 2] = this.cycle.hourCos[hour];
    out[o + 3] = minute;
    out[o + 4] = this.cycle.minuteSin[minute];
    out[o + 5] = this.cycle.minuteCos[minute];
    out[o + 6] = dow;
    out[o + 7] = this.cycle.weekSin[dow];
    out[o + 8] = this.cycle.weekCos[dow];
    out[o + 9] = s[c + 2];
    out[o + 10] = this.cycle.monthSin[domIndex];
    out[o + 11] = this.cycle.monthCos[domIndex];
    out[o + 12] = month;
    out[o + 13] = this.cycle.yearSin[month - 1];
    out[o + 14] = this.cycle.yearCos[month - 1];
    out[o + 15] = Math.floor((month - 1) / 3) + 1;
  }

  private maskWarmup(row: number, out: Float64Array, off: number): void {
    for (let j = 0; j < this.cols; j++) if (row < this.warm[j]) out[off + j] = Number.NaN;
  }
}
