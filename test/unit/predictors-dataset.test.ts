import { describe, expect, it } from 'vitest';
import { toColumns, type Candle } from '../../core/data/candles';
import { gapBreaks } from '../../core/data/sessionGaps';
import { collectMultiStep } from '../../core/evaluation/multiStep';
import { FeatureEngine } from '../../core/features';
import { buildTarget, rowsWithoutGaps } from '../../core/predictors/dataset';
import type { StepModel } from '../../core/predictors/stepModels';

const MIN = 60_000;

describe('buildTarget', () => {
  const c = toColumns([
    { time: 0, open: 100, high: 101, low: 99, close: 100, volume: 1 },
    { time: MIN, open: 100, high: 112, low: 98, close: 110, volume: 1 },
    { time: 2 * MIN, open: 108, high: 109, low: 95, close: 99, volume: 1 },
  ]);
  it('gives each row the log return of the next bar against its close, and the next bar\'s wicks', () => {
    expect(Array.from(buildTarget(c, 'close', 0, 2))).toEqual([Math.log(110 / 100), Math.log(99 / 110)]);
    expect(Array.from(buildTarget(c, 'open', 0, 2))).toEqual([Math.log(100 / 100), Math.log(108 / 110)]);
    expect(Array.from(buildTarget(c, 'high', 0, 2))).toEqual([Math.log(112 / 110), Math.log(109 / 108)]);
    expect(Array.from(buildTarget(c, 'low', 0, 2))).toEqual([Math.log(100 / 98), Math.log(99 / 95)]);
  });
});

describe('gaps in training rows and evaluation origins', () => {
  // 1,000 one-minute bars with 30 bars missing after bar 699.
  const bars: Candle[] = [];
  for (let k = 0; k < 1030; k++) {
    if (k >= 700 && k < 730) continue;
    const close = 100 * Math.exp(0.01 * Math.sin(k / 9) + 0.002 * Math.cos(k * 1.7));
    bars.push({ time: Date.UTC(2024, 0, 1) + k * MIN, open: close * 0.9995, high: close * 1.002, low: close * 0.997, close, volume: 5 + (k % 4) });
  }
  const c = toColumns(bars);
  const breaks = gapBreaks(c.time, '1m');

  it('leaves out exactly the row whose target spans the hole', () => {
    const rows = rowsWithoutGaps(breaks, 0, c.length - 1);
    expect(rows).toHaveLength(c.length - 2);
    expect(rows).not.toContain(699);
    expect(rows).toContain(698);
    expect(rows).toContain(700);
  });

  it('never takes an origin whose outcomes span the hole, and scores outcomes as the next H bars of the series', () => {
    const engine = new FeatureEngine({ lookbackPeriods: [5, 10] });
    const drift: StepModel = {
      type: 'autoregressive',
      next(_row, _shape, out) {
        out.openGap = 0;
        out.closeReturn = 0.001;
        out.upperWick = 0;
        out.lowerWick = 0;
      },
    };
    const H = 5;
    const run = collectMultiStep(c, engine, drift, { originStart: 0, outcomeEnd: c.length - 1, horizons: H, maxOrigins: 10_000, volWindow: 20, barMs: MIN, breaks });
    const first = Math.max(engine.warmup, 20);
    const candidates = c.length - 1 - H - first + 1;
    expect(run.originsDroppedForGaps).toBe(H);
    expect(run.origins).toBe(candidates - H);
    for (let o = 0; o < run.origins; o++) {
      const i = run.originIndex[o];
      expect(c.time[i + H] - c.time[i]).toBe(H * MIN);
      for (let h = 0; h < H; h++) {
        expect(run.actual[o * H + h]).toBeCloseTo(Math.log(c.close[i + h + 1] / c.close[i]), 14);
        expect(run.predicted[o * H + h]).toBeCloseTo(0.001 * (h + 1), 14);
      }
    }
  });
});
