// Oracle: the indicator features agree with an independent implementation (the `technicalindicators` package)
// on real data. Their raw indicator values are normalised the way ours are (e.g. close / EMA - 1) before comparing.
import { ATR, BollingerBands, EMA, MACD, RSI, Stochastic } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { FeatureEngine, type FeatureMatrix } from '../../core/features';
import { close } from '../support/featureAssertions';
import { loadRealCandles } from '../support/realCandles';
import { REAL_FILES } from '../support/sharedData';

const engine = new FeatureEngine();
const cfg = engine.config;
const files = Object.keys(REAL_FILES) as (keyof typeof REAL_FILES)[];

/**
 * Compares feature `name` with theirs, aligned at the end of the series (their results start once defined).
 * Returns the number of rows compared; `skip(i)` excludes rows where the two define a 0/0 case differently.
 */
function compare(
  m: FeatureMatrix, name: string, theirs: readonly number[], rel: number, abs: number, skip: (i: number) => boolean = () => false,
): number {
  const j = m.names.indexOf(name);
  expect(j, name).toBeGreaterThanOrEqual(0);
  const offset = m.rows - theirs.length;
  const firstOurs = engine.catalogue()[j].warmup;
  expect(offset, `${name}: first defined row`).toBe(firstOurs);
  let compared = 0;
  for (let k = 0; k < theirs.length; k++) {
    const i = k + offset;
    if (skip(i)) continue;
    const ours = m.matrix[i * m.cols + j];
    if (!close(ours, theirs[k], rel, abs)) expect.fail(`${name} row ${i}: ours ${ours}, technicalindicators ${theirs[k]}`);
    compared++;
  }
  return compared;
}

describe.each(files)('indicators against technicalindicators on %s', (which) => {
  const bars = loadRealCandles(which);
  const m = engine.batch(bars);
  const closes = Array.from(bars.close);
  const highs = Array.from(bars.high);
  const lows = Array.from(bars.low);
  const minRows = bars.length - 300;

  it('EMA 10/20/50/200 as distance from close', () => {
    for (const period of cfg.emaPeriods) {
      const ema = EMA.calculate({ period, values: closes });
      const off = bars.length - ema.length;
      const dist = ema.map((e, k) => closes[k + off] / e - 1);
      expect(compare(m, `ema_dist_${period}`, dist, 1e-9, 1e-13)).toBeGreaterThan(minRows);
    }
  });

  it('RSI 14 (theirs is rounded to 2 decimals)', () => {
    const rsi = RSI.calculate({ period: cfg.rsiPeriod, values: closes });
    expect(compare(m, `rsi_${cfg.rsiPeriod}`, rsi, 0, 0.005 + 1e-9)).toBeGreaterThan(minRows);
  });

  it('MACD line, signal and histogram over close', () => {
    const out = MACD.calculate({
      values: closes, fastPeriod: cfg.macdFast, slowPeriod: cfg.macdSlow, signalPeriod: cfg.macdSignal,
      SimpleMAOscillator: false, SimpleMASignal: false,
    });
    const off = bars.length - out.length;
    const withSignal = out.map((o, k) => ({ ...o, close: closes[k + off] })).filter((o) => o.signal !== undefined);
    expect(compare(m, 'macd_line', out.map((o, k) => o.MACD! / closes[k + off]), 1e-9, 1e-13)).toBeGreaterThan(minRows);
    expect(compare(m, 'macd_signal', withSignal.map((o) => o.signal! / o.close), 1e-9, 1e-13)).toBeGreaterThan(minRows);
    expect(compare(m, 'macd_hist', withSignal.map((o) => o.histogram! / o.close), 1e-9, 1e-13)).toBeGreaterThan(minRows);
  });

  it('Bollinger %B and bandwidth (20, 2)', () => {
    const bb = BollingerBands.calculate({ period: cfg.bollingerPeriod, stdDev: cfg.bollingerK, values: closes });
    const flat = (i: number): boolean => closes.slice(i - cfg.bollingerPeriod + 1, i + 1).every((c) => c === closes[i]);
    // %B divides by the band width, so a 1e-16 rounding of the mean is amplified by close / width.
    expect(compare(m, `bb_pct_b_${cfg.bollingerPeriod}`, bb.map((b) => b.pb), 1e-7, 1e-9, flat)).toBeGreaterThan(minRows);
    expect(compare(m, `bb_bandwidth_${cfg.bollingerPeriod}`, bb.map((b) => (b.upper - b.lower) / b.middle), 1e-9, 1e-13, flat)).toBeGreaterThan(minRows);
  });

  it('ATR 14 over close', () => {
    const atr = ATR.calculate({ period: cfg.atrPeriod, high: highs, low: lows, close: closes });
    const off = bars.length - atr.length;
    expect(compare(m, `atr_pct_${cfg.atrPeriod}`, atr.map((a, k) => a / closes[k + off]), 1e-9, 1e-15)).toBeGreaterThan(minRows);
  });

  it('Stochastic %K and %D (14, 3), except where the 14-bar range is 0 (theirs reads 0, ours 50)', () => {
    const p = cfg.stochasticPeriod;
    const st = Stochastic.calculate({ period: p, signalPeriod: cfg.stochasticSmoothing, high: highs, low: lows, close: closes });
    const flat = (i: number): boolean => Math.max(...highs.slice(i - p + 1, i + 1)) === Math.min(...lows.slice(i - p + 1, i + 1));
    const flatNear = (i: number): boolean => [0, 1, 2].some((d) => flat(i - d));
    expect(compare(m, `stoch_k_${p}`, st.map((s) => s.k), 1e-9, 1e-9, flat)).toBeGreaterThan(minRows);
    const d = st.filter((s) => s.d !== undefined).map((s) => s.d!);
    expect(compare(m, `stoch_d_${p}`, d, 1e-9, 1e-9, flatNear)).toBeGreaterThan(minRows);
  });
});
