// The per-bar feature computation shared by batch and streaming: batch runs it over a whole series writing into
// the matrix, a stream runs it one bar at a time. One code path is what makes the two identical.
// Bars are read from columns by index and every intermediate lives in the state array or in locals, never in
// arguments or return values of type double, which V8 would box on the heap whenever a call is not inlined:
// a computed value goes to the SCRATCH slot and the operator reads it from there. A push allocates nothing.
import { allocColumns, type CandleColumns } from '../data/candles';
import { describeBadBar } from './barCheck';
import { CYCLE, civilDate, dayOfWeek, daysInMonth } from './calendar';
import type { FeatureInfo } from './catalogue';
import type { FeatureConfig } from './config';
import { buildFeaturePlan, SLOT, type FeaturePlan } from './featurePlan';

const MS_MINUTE = 60_000;
const MS_DAY = 86_400_000;

/** Computes feature rows bar by bar from a state array laid out by the plan. Immutable; one per engine. */
export class FeatureKernel {
  readonly catalogue: readonly FeatureInfo[];
  readonly names: readonly string[];
  readonly cols: number;
  readonly warmup: number;
  /** Number of float64 slots of one stream state. */
  readonly stateLength: number;
  /** One-bar columns a stream copies a pushed candle into (steps are synchronous, so one per kernel suffices). */
  readonly input: CandleColumns = allocColumns(1);
  private readonly p: FeaturePlan;
  private readonly cycle = CYCLE;

  constructor(cfg: FeatureConfig) {
    this.p = buildFeaturePlan(cfg);
    this.catalogue = this.p.catalogue;
    this.names = this.p.names;
    this.cols = this.p.cols;
    this.warmup = this.p.warmup;
    this.stateLength = this.p.layout.length;
  }

  /** A fresh state (no bar seen). */
  createState(): Float64Array {
    return this.p.layout.createState();
  }

  /** Bars pushed into a state so far. */
  count(s: Float64Array): number {
    return s[this.p.k + SLOT.COUNT];
  }

  /**
   * Feeds bar i of `c` into state `s` and writes its feature row into out[off .. off + cols).
   * Throws, leaving `s` untouched, when the bar is not a valid candle or is not after the previous bar.
   */
  step(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, off: number): void {
    const p = this.p;
    const k = p.k;
    const time = c.time[i];
    const open = c.open[i];
    const high = c.high[i];
    const low = c.low[i];
    const close = c.close[i];
    const volume = c.volume[i];
    if (!(low > 0 && high >= low && open >= low && open <= high && close >= low && close <= high && high < Infinity
      && volume >= 0 && volume < Infinity && time > s[k + SLOT.PREV_TIME] && time < Infinity)) {
      throw new Error(describeBadBar(s[k + SLOT.COUNT], s[k + SLOT.PREV_TIME], time, open, high, low, close, volume));
    }
    const row = s[k + SLOT.COUNT];
    const pClose = s[k + SLOT.P_CLOSE];
    const scratch = k + SLOT.SCRATCH;
    p.lags.push(s, c.close, i);
    if (row >= 1) {
      s[scratch] = Math.max(high - low, Math.abs(high - pClose), Math.abs(low - pClose));
      p.atr.push(s, s, scratch);
    }
    s[k + SLOT.LOG_RETURN] = Math.log(close / pClose);

    this.writePrice(s, c, i, out, off);
    this.writeTechnical(s, c, i, out, off);
    this.writeVolume(s, c, i, out, off);
    this.writeRolling(s, c, i, out, off);
    this.writePatterns(s, c, i, out, off);
    this.writeLevels(s, c, i, out, off);
    this.writeTime(s, c, i, out, off + p.timeCol);

    s[k + SLOT.COUNT] = row + 1;
    s[k + SLOT.PREV_TIME] = time;
    s[k + SLOT.P2_OPEN] = s[k + SLOT.P_OPEN];
    s[k + SLOT.P2_CLOSE] = pClose;
    s[k + SLOT.P_OPEN] = open;
    s[k + SLOT.P_HIGH] = high;
    s[k + SLOT.P_LOW] = low;
    s[k + SLOT.P_CLOSE] = close;
    if (row < p.warmup) {
      for (let j = 0; j < p.cols; j++) if (row < p.warm[j]) out[off + j] = Number.NaN;
    }
  }

  private writePrice(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, off: number): void {
    const p = this.p;
    const open = c.open[i];
    const high = c.high[i];
    const low = c.low[i];
    const close = c.close[i];
    const atr = s[p.atr.at];
    const lags = p.lags;
    for (let j = 0; j < p.returnK.length; j++) out[off + p.returnCol[j]] = close / s[lags.at(s, p.returnK[j])] - 1;
    let accLog = Number.NaN;
    for (let j = 0; j < p.logK.length; j++) {
      const v = p.logK[j] === 1 ? s[p.k + SLOT.LOG_RETURN] : Math.log(close / s[lags.at(s, p.logK[j])]);
      out[off + p.logCol[j]] = v;
      if (j === p.accLogIndex) accLog = v;
    }
    for (let j = 0; j < p.momK.length; j++) {
      out[off + p.momCol[j]] = atr === 0 ? 0 : (close - s[lags.at(s, p.momK[j])]) / atr;
    }
    // ln(close / close a bars back) minus the same quantity a bars ago, read back from a ring instead of recomputed
    if (p.accLogIndex < 0) accLog = Math.log(close / s[lags.at(s, p.accK)]);
    s[p.k + SLOT.SCRATCH] = accLog;
    p.accLogs.push(s, s, p.k + SLOT.SCRATCH);
    out[off + p.accCol] = accLog - s[p.accLogs.at(s, p.accK)];
    const range = high - low;
    const pc = p.priceCol;
    out[off + pc[0]] = atr === 0 ? 0 : range / atr;
    out[off + pc[1]] = range / close;
    out[off + pc[2]] = atr === 0 ? 0 : (close - open) / atr;
    out[off + pc[3]] = (close - open) / open;
    if (range > 0) {
      out[off + pc[4]] = Math.abs(close - open) / range;
      out[off + pc[5]] = (high - (open > close ? open : close)) / range;
      out[off + pc[6]] = ((open > close ? close : open) - low) / range;
      out[off + pc[7]] = (close - low) / range;
    } else {
      out[off + pc[4]] = 0;
      out[off + pc[5]] = 0;
      out[off + pc[6]] = 0;
      out[off + pc[7]] = 0.5;
    }
    out[off + pc[8]] = open / s[p.k + SLOT.P_CLOSE] - 1;
  }

  private writeTechnical(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, off: number): void {
    const p = this.p;
    const close = c.close[i];
    const row = s[p.k + SLOT.COUNT];
    const scratch = p.k + SLOT.SCRATCH;
    for (let j = 0; j < p.emas.length; j++) p.emas[j].push(s, c.close, i);
    for (let j = 0; j < p.emaDist.length; j++) out[off + p.emaDistCol[j]] = close / s[p.emaDist[j].at] - 1;
    out[off + p.crossCol] = s[p.crossFast.at] / s[p.crossSlow.at] - 1;
    if (row >= 1) {
      const change = close - s[p.k + SLOT.P_CLOSE];
      s[scratch] = change > 0 ? change : 0;
      p.gain.push(s, s, scratch);
      s[scratch] = change < 0 ? -change : 0;
      p.loss.push(s, s, scratch);
    }
    const g = s[p.gain.at];
    const l = s[p.loss.at];
    out[off + p.rsiCol] = l === 0 ? (g === 0 ? 50 : 100) : g === 0 ? 0 : 100 - 100 / (1 + g / l);
    p.highs.push(s, c.high, i);
    p.lows.push(s, c.low, i);
    const hh = s[p.highs.at(s, p.stochWindow)];
    const ll = s[p.lows.at(s, p.stochWindow)];
    const stochK = hh > ll ? (100 * (close - ll)) / (hh - ll) : 50;
    out[off + p.stochCol[0]] = stochK;
    if (row >= p.stochFrom) {
      s[scratch] = stochK;
      p.stochD.push(s, s, scratch);
    }
    out[off + p.stochCol[1]] = s[p.stochD.at] / p.stochD.period;
    const macd = s[p.macdFast.at] - s[p.macdSlow.at];
    if (row >= p.macdFrom) {
      s[scratch] = macd;
      p.macdSignal.push(s, s, scratch);
    }
    const signal = s[p.macdSignal.at];
    out[off + p.macdCol[0]] = macd / close;
    out[off + p.macdCol[1]] = signal / close;
    out[off + p.macdCol[2]] = (macd - signal) / close;
    p.closeStats.push(s, c.close, i);
    const bb = p.bb;
    const halfWidth = p.bbK * Math.sqrt(s[bb.variance]);
    if (halfWidth > 0) {
      out[off + p.bbCol[0]] = (close - s[bb.shift] - s[bb.meanOffset] + halfWidth) / (2 * halfWidth);
      out[off + p.bbCol[1]] = (2 * halfWidth) / (s[bb.shift] + s[bb.meanOffset]);
    } else {
      out[off + p.bbCol[0]] = 0.5;
      out[off + p.bbCol[1]] = 0;
    }
    out[off + p.atrCol] = s[p.atr.at] / close;
  }

  private writeVolume(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, off: number): void {
    const p = this.p;
    const volume = c.volume[i];
    const close = c.close[i];
    const pClose = s[p.k + SLOT.P_CLOSE];
    const v = p.volumeSlots;
    const vc = p.volumeCol;
    p.volume.push(s, c.volume, i);
    const sd = Math.sqrt(s[v.variance]);
    if (sd > 0) {
      const mean = s[v.shift] + s[v.meanOffset];
      const z = (volume - s[v.shift] - s[v.meanOffset]) / sd;
      out[off + vc[0]] = mean > 0 ? volume / mean : 1;
      out[off + vc[2]] = z;
      out[off + vc[3]] = z >= p.spikeZ ? 1 : 0;
    } else {
      out[off + vc[0]] = 1;
      out[off + vc[2]] = 0;
      out[off + vc[3]] = 0;
    }
    if (s[p.k + SLOT.COUNT] >= 1) {
      s[p.k + SLOT.SCRATCH] = close > pClose ? volume : close < pClose ? -volume : 0;
      p.signedVolume.push(s, s, p.k + SLOT.SCRATCH);
    }
    const total = s[v.sum];
    const slope = total > 0 ? s[p.signedVolume.at] / total : 0;
    out[off + vc[1]] = slope > 1 ? 1 : slope < -1 ? -1 : slope;
  }

  private writeRolling(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, off: number): void {
    const p = this.p;
    const k = p.k;
    const close = c.close[i];
    const pClose = s[k + SLOT.P_CLOSE];
    if (s[k + SLOT.COUNT] >= 1) {
      p.returnStats.push(s, s, k + SLOT.LOG_RETURN);
      s[k + SLOT.SCRATCH] = Math.abs(close - pClose);
      p.moveStats.push(s, s, k + SLOT.SCRATCH);
      if (close > pClose) s[k + SLOT.UP_COUNT] += 1;
    }
    p.ups.push(s, s, k + SLOT.UP_COUNT);
    p.closeMax.push(s, c.close, i);
    p.closeMin.push(s, c.close, i);
    for (let j = 0; j < p.lookbacks.length; j++) {
      const lb = p.lookbacks[j];
      const col = lb.cols;
      const cs = lb.closes;
      const rs = lb.returns;
      out[off + col[0]] = close / (s[cs.shift] + s[cs.meanOffset]) - 1;
      out[off + col[1]] = Math.sqrt(s[rs.sampleVariance]);
      out[off + col[2]] = close / s[p.closeMin.at(s, lb.extreme)] - 1;
      out[off + col[3]] = close / s[p.closeMax.at(s, lb.extreme)] - 1;
      const sd = Math.sqrt(s[cs.variance]);
      out[off + col[4]] = sd > 0 ? (close - s[cs.shift] - s[cs.meanOffset]) / sd : 0;
      out[off + col[5]] = s[rs.skew];
      const moved = s[lb.moves.sum];
      const eff = moved > 0 ? Math.abs(close - s[p.lags.at(s, lb.period)]) / moved : 0;
      out[off + col[6]] = eff > 1 ? 1 : eff;
      out[off + col[7]] = (s[k + SLOT.UP_COUNT] - s[p.ups.at(s, lb.period)]) / lb.period;
    }
  }

  private writePatterns(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, off: number): void {
    const p = this.p;
    const k = p.k;
    const open = c.open[i];
    const high = c.high[i];
    const low = c.low[i];
    const close = c.close[i];
    const pOpen = s[k + SLOT.P_OPEN];
    const pClose = s[k + SLOT.P_CLOSE];
    const p2Open = s[k + SLOT.P2_OPEN];
    const p2Close = s[k + SLOT.P2_CLOSE];
    const range = high - low;
    const body = Math.abs(close - open);
    const upperWick = high - (open > close ? open : close);
    const lowerWick = (open > close ? close : open) - low;
    const pt = p.patternCol;
    out[off + pt[0]] = body <= 0.1 * range ? 1 : 0;
    out[off + pt[1]] = range > 0 && lowerWick >= 2 * body && upperWick <= 0.1 * range ? 1 : 0;
    out[off + pt[2]] = range > 0 && upperWick >= 2 * body && lowerWick <= 0.1 * range ? 1 : 0;
    out[off + pt[3]] = pClose < pOpen && close > open && open <= pClose && close >= pOpen && close - open > pOpen - pClose ? 1 : 0;
    out[off + pt[4]] = pClose > pOpen && close < open && open >= pClose && close <= pOpen && open - close > pClose - pOpen ? 1 : 0;
    out[off + pt[5]] = high < s[k + SLOT.P_HIGH] && low > s[k + SLOT.P_LOW] ? 1 : 0;
    out[off + pt[6]] = high > s[k + SLOT.P_HIGH] && low < s[k + SLOT.P_LOW] ? 1 : 0;
    out[off + pt[7]] = p2Close > p2Open && pClose > pOpen && close > open && pClose > p2Close && close > pClose
      && pOpen >= p2Open && pOpen <= p2Close && open >= pOpen && open <= pClose ? 1 : 0;
    out[off + pt[8]] = p2Close < p2Open && pClose < pOpen && close < open && pClose < p2Close && close < pClose
      && pOpen <= p2Open && pOpen >= p2Close && open <= pOpen && open >= pClose ? 1 : 0;
  }

  private writeLevels(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, off: number): void {
    const p = this.p;
    const high = c.high[i];
    const low = c.low[i];
    const close = c.close[i];
    const row = s[p.k + SLOT.COUNT];
    const scratch = p.k + SLOT.SCRATCH;
    const tol = p.touchTol * s[p.atr.at];
    for (let j = 0; j < p.levels.length; j++) {
      const lv = p.levels[j];
      const col = lv.cols;
      const top = s[p.highs.at(s, lv.extreme)];
      const floor = s[p.lows.at(s, lv.extreme)];
      out[off + col[0]] = close / top - 1;
      out[off + col[1]] = close / floor - 1;
      const valid = row >= lv.validFrom;
      const res = valid && top - high <= tol ? 1 : 0;
      const sup = valid && low - floor <= tol ? 1 : 0;
      s[scratch] = res === 1 && s[lv.slot] === 0 ? 1 : 0;
      lv.resTouches.push(s, s, scratch);
      s[scratch] = sup === 1 && s[lv.slot + 1] === 0 ? 1 : 0;
      lv.supTouches.push(s, s, scratch);
      out[off + col[2]] = s[lv.resTouches.at];
      out[off + col[3]] = s[lv.supTouches.at];
      s[lv.slot] = res;
      s[lv.slot + 1] = sup;
    }
  }

  private writeTime(s: Float64Array, c: CandleColumns, i: number, out: Float64Array, o: number): void {
    const time = c.time[i];
    const minutes = Math.floor(time / MS_MINUTE);
    const hours = Math.floor(minutes / 60);
    const minute = minutes - hours * 60;
    const hour = hours - Math.floor(hours / 24) * 24;
    const day = Math.floor(time / MS_DAY);
    const d = this.p.k + SLOT.DAY;
    if (day !== s[d]) {
      const date = civilDate(day);
      const year = Math.floor(date / 10000);
      const month = Math.floor(date / 100) - year * 100;
      const dom = date - Math.floor(date / 100) * 100;
      s[d] = day;
      s[d + 1] = dayOfWeek(day);
      s[d + 2] = dom;
      s[d + 3] = month;
      s[d + 4] = (daysInMonth(year, month) - 28) * 31 + dom - 1;
    }
    const cy = this.cycle;
    const dow = s[d + 1];
    const month = s[d + 3];
    const domIndex = s[d + 4];
    out[o] = hour;
    out[o + 1] = cy.hourSin[hour];
    out[o + 2] = cy.hourCos[hour];
    out[o + 3] = minute;
    out[o + 4] = cy.minuteSin[minute];
    out[o + 5] = cy.minuteCos[minute];
    out[o + 6] = dow;
    out[o + 7] = cy.weekSin[dow];
    out[o + 8] = cy.weekCos[dow];
    out[o + 9] = s[d + 2];
    out[o + 10] = cy.monthSin[domIndex];
    out[o + 11] = cy.monthCos[domIndex];
    out[o + 12] = month;
    out[o + 13] = cy.yearSin[month - 1];
    out[o + 14] = cy.yearCos[month - 1];
    out[o + 15] = Math.floor((month - 1) / 3) + 1;
  }
}
