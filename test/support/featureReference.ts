// A deliberately naive second implementation of every feature, for tests: the value at the LAST bar of the
// columns it is given, from plain loops over that history (two-pass statistics, full recursions, Date for the
// calendar). It shares no code with core/features, so agreement checks the engine's ring buffers, deques,
// running sums and warm-up, and, since it only ever sees candles[0..t], the engine's causality.
import type { CandleColumns } from '../../core/data/candles';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../core/features/config';

function smoothed(xs: readonly number[], period: number, alpha: number): number[] {
  const out = new Array<number>(xs.length).fill(Number.NaN);
  if (xs.length < period) return out;
  let v = 0;
  for (let i = 0; i < period; i++) v += xs[i];
  v /= period;
  out[period - 1] = v;
  for (let i = period; i < xs.length; i++) out[i] = (v = v + alpha * (xs[i] - v));
  return out;
}
const emaOf = (xs: readonly number[], p: number): number[] => smoothed(xs, p, 2 / (p + 1));
const wilderOf = (xs: readonly number[], p: number): number[] => smoothed(xs, p, 1 / p);

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function centralMoment(xs: readonly number[], k: number): number {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** k, 0) / xs.length;
}
const allEqual = (xs: readonly number[]): boolean => xs.every((x) => x === xs[0]);
const last = <T>(xs: readonly T[], n: number): T[] => xs.slice(xs.length - n);

/** ATR series: Wilder average of the true range from bar 1 on (index i of the result = bar i). */
function atrSeries(c: CandleColumns, p: number): number[] {
  const tr: number[] = [];
  for (let i = 1; i < c.length; i++) {
    tr.push(Math.max(c.high[i] - c.low[i], Math.abs(c.high[i] - c.close[i - 1]), Math.abs(c.low[i] - c.close[i - 1])));
  }
  return [Number.NaN, ...wilderOf(tr, p)];
}

/** Every feature's value at the last bar of `c` (a gap-free assumption is not needed: windows count bars). */
export function referenceFeatures(c: CandleColumns, cfg: FeatureConfig = DEFAULT_FEATURE_CONFIG): Map<string, number> {
  const f = new Map<string, number>();
  const n = c.length;
  const t = n - 1;
  const close = Array.from(c.close.subarray(0, n));
  const high = Array.from(c.high.subarray(0, n));
  const low = Array.from(c.low.subarray(0, n));
  const vol = Array.from(c.volume.subarray(0, n));
  const [o, h, l, cl, v] = [c.open[t], high[t], low[t], close[t], vol[t]];
  const atrs = atrSeries(c, cfg.atrPeriod);
  const atr = atrs[t];
  const byAtr = (x: number): number => (atr === 0 ? 0 : x / atr);

  for (const k of cfg.returnPeriods) f.set(`return_${k}`, cl / close[t - k] - 1);
  for (const k of cfg.logReturnPeriods) f.set(`log_return_${k}`, Math.log(cl / close[t - k]));
  for (const k of cfg.momentumPeriods) f.set(`momentum_${k}`, byAtr(cl - close[t - k]));
  const a = cfg.accelerationPeriod;
  f.set(`acceleration_${a}`, Math.log(cl / close[t - a]) - Math.log(close[t - a] / close[t - 2 * a]));
  const range = h - l;
  const body = Math.abs(cl - o);
  const upper = h - Math.max(o, cl);
  const lower = Math.min(o, cl) - l;
  f.set('hl_range', byAtr(range));
  f.set('hl_range_pct', range / cl);
  f.set('oc_range', byAtr(cl - o));
  f.set('oc_range_pct', (cl - o) / o);
  f.set('body_to_range', range === 0 ? 0 : body / range);
  f.set('upper_wick_ratio', range === 0 ? 0 : upper / range);
  f.set('lower_wick_ratio', range === 0 ? 0 : lower / range);
  f.set('close_location', range === 0 ? 0.5 : (cl - l) / range);
  f.set('gap_pct', o / close[t - 1] - 1);

  const ema = (p: number): number => emaOf(close, p)[t];
  for (const p of cfg.emaPeriods) f.set(`ema_dist_${p}`, cl / ema(p) - 1);
  const [fast, slow] = cfg.emaCrossPeriods;
  f.set(`ema_cross_${fast}_${slow}`, ema(fast) / ema(slow) - 1);
  const changes = close.slice(1).map((x, i) => x - close[i]);
  const g = wilderOf(changes.map((d) => Math.max(d, 0)), cfg.rsiPeriod).at(-1)!;
  const ls = wilderOf(changes.map((d) => Math.max(-d, 0)), cfg.rsiPeriod).at(-1)!;
  f.set(`rsi_${cfg.rsiPeriod}`, ls === 0 ? (g === 0 ? 50 : 100) : g === 0 ? 0 : 100 - 100 / (1 + g / ls));
  const sp = cfg.stochasticPeriod;
  const stochK = (i: number): number => {
    const hh = Math.max(...high.slice(i - sp + 1, i + 1));
    const ll = Math.min(...low.slice(i - sp + 1, i + 1));
    return hh > ll ? (100 * (close[i] - ll)) / (hh - ll) : 50;
  };
  f.set(`stoch_k_${sp}`, stochK(t));
  const ks: number[] = [];
  for (let i = t - cfg.stochasticSmoothing + 1; i <= t; i++) ks.push(stochK(i));
  f.set(`stoch_d_${sp}`, mean(ks));
  const fastE = emaOf(close, cfg.macdFast);
  const slowE = emaOf(close, cfg.macdSlow);
  const macdLine = close.map((_, i) => fastE[i] - slowE[i]).slice(cfg.macdSlow - 1);
  const signal = emaOf(macdLine, cfg.macdSignal).at(-1)!;
  const line = macdLine.at(-1)!;
  f.set('macd_line', line / cl);
  f.set('macd_signal', signal / cl);
  f.set('macd_hist', (line - signal) / cl);
  const bw = last(close, cfg.bollingerPeriod);
  const sd = Math.sqrt(centralMoment(bw, 2));
  const half = cfg.bollingerK * sd;
  f.set(`bb_pct_b_${cfg.bollingerPeriod}`, allEqual(bw) ? 0.5 : (cl - (mean(bw) - half)) / (2 * half));
  f.set(`bb_bandwidth_${cfg.bollingerPeriod}`, allEqual(bw) ? 0 : (2 * half) / mean(bw));
  f.set(`atr_pct_${cfg.atrPeriod}`, atr / cl);
  const vp = cfg.volumePeriod;
  const vw = last(vol, vp);
  f.set(`volume_sma_ratio_${vp}`, allEqual(vw) ? 1 : v / mean(vw));
  let signed = 0;
  for (let i = t - vp + 1; i <= t; i++) signed += close[i] > close[i - 1] ? vol[i] : close[i] < close[i - 1] ? -vol[i] : 0;
  const total = vw.reduce((x, y) => x + y, 0);
  f.set(`obv_slope_${vp}`, total > 0 ? signed / total : 0);

  const logReturns = close.slice(1).map((x, i) => Math.log(x / close[i]));
  for (const L of cfg.lookbackPeriods) {
    const cw = last(close, L);
    const rw = last(logReturns, L);
    f.set(`sma_dist_${L}`, cl / mean(cw) - 1);
    f.set(`volatility_${L}`, allEqual(rw) ? 0 : Math.sqrt((centralMoment(rw, 2) * L) / (L - 1)));
    f.set(`min_dist_${L}`, cl / Math.min(...cw) - 1);
    f.set(`max_dist_${L}`, cl / Math.max(...cw) - 1);
    f.set(`zscore_${L}`, allEqual(cw) ? 0 : (cl - mean(cw)) / Math.sqrt(centralMoment(cw, 2)));
    f.set(`skew_${L}`, allEqual(rw) ? 0 : centralMoment(rw, 3) / centralMoment(rw, 2) ** 1.5);
    const moves = last(changes, L).reduce((x, d) => x + Math.abs(d), 0);
    f.set(`efficiency_${L}`, moves > 0 ? Math.min(1, Math.abs(cl - close[t - L]) / moves) : 0);
    f.set(`up_fraction_${L}`, last(changes, L).filter((d) => d > 0).length / L);
  }

  const [po, pc, ph, pl] = [c.open[t - 1], close[t - 1], high[t - 1], low[t - 1]];
  const [o2, c2] = [c.open[t - 2], close[t - 2]];
  const bit = (b: boolean): number => (b ? 1 : 0);
  f.set('doji', bit(body <= 0.1 * range));
  f.set('hammer', bit(range > 0 && lower >= 2 * body && upper <= 0.1 * range));
  f.set('shooting_star', bit(range > 0 && upper >= 2 * body && lower <= 0.1 * range));
  f.set('bullish_engulfing', bit(pc < po && cl > o && o <= pc && cl >= po && cl - o > po - pc));
  f.set('bearish_engulfing', bit(pc > po && cl < o && o >= pc && cl <= po && o - cl > pc - po));
  f.set('inside_bar', bit(h < ph && l > pl));
  f.set('outside_bar', bit(h > ph && l < pl));
  f.set('three_white_soldiers', bit(c2 > o2 && pc > po && cl > o && pc > c2 && cl > pc && po >= o2 && po <= c2 && o >= po && o <= pc));
  f.set('three_black_crows', bit(c2 < o2 && pc < po && cl < o && pc < c2 && cl < pc && po <= o2 && po >= c2 && o <= po && o >= pc));
  const vsd = Math.sqrt(centralMoment(vw, 2));
  const vz = allEqual(vw) ? 0 : (v - mean(vw)) / vsd;
  f.set(`volume_zscore_${vp}`, vz);
  f.set(`volume_spike_${vp}`, bit(vz >= cfg.volumeSpikeZ));
  const tol = cfg.touchToleranceAtr;
  for (const W of cfg.supportResistanceWindows) {
    const top = (i: number): number => Math.max(...high.slice(i - W + 1, i + 1));
    const floor = (i: number): number => Math.min(...low.slice(i - W + 1, i + 1));
    f.set(`resistance_dist_${W}`, cl / top(t) - 1);
    f.set(`support_dist_${W}`, cl / floor(t) - 1);
    const resAt = (i: number): boolean => top(i) - high[i] <= tol * atrs[i];
    const supAt = (i: number): boolean => low[i] - floor(i) <= tol * atrs[i];
    let res = 0;
    let sup = 0;
    for (let i = t - W + 1; i <= t; i++) {
      if (resAt(i) && !resAt(i - 1)) res++;
      if (supAt(i) && !supAt(i - 1)) sup++;
    }
    f.set(`resistance_touches_${W}`, res);
    f.set(`support_touches_${W}`, sup);
  }

  const d = new Date(c.time[t]);
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  const dow = (d.getUTCDay() + 6) % 7;
  const dom = d.getUTCDate();
  const month = d.getUTCMonth() + 1;
  const monthDays = new Date(Date.UTC(d.getUTCFullYear(), month, 0)).getUTCDate();
  const cyc = (name: string, x: number, len: number): void => {
    f.set(`${name}_sin`, Math.sin((2 * Math.PI * x) / len));
    f.set(`${name}_cos`, Math.cos((2 * Math.PI * x) / len));
  };
  f.set('hour', hour);
  cyc('hour', hour, 24);
  f.set('minute', minute);
  cyc('minute', minute, 60);
  f.set('day_of_week', dow);
  cyc('day_of_week', dow, 7);
  f.set('day_of_month', dom);
  cyc('day_of_month', dom - 1, monthDays);
  f.set('month', month);
  cyc('month', month - 1, 12);
  f.set('quarter', Math.ceil(month / 3));
  return f;
}
