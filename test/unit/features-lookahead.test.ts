// Look-ahead audit: the row of bar t must depend on bars 0..t only.
import { describe, expect, it } from 'vitest';
import { sliceColumns, type CandleColumns } from '../../core/data/candles';
import { FeatureEngine, type FeatureMatrix } from '../../core/features';
import { firstDifference, firstMismatch } from '../support/featureAssertions';
import { referenceFeatures } from '../support/featureReference';
import { loadRealCandles } from '../support/realCandles';
import { REAL_FILES } from '../support/sharedData';
import { sampleIndices, seededRandom } from '../support/seededRandom';

const engine = new FeatureEngine();
const files = Object.keys(REAL_FILES) as (keyof typeof REAL_FILES)[];
const full = new Map<string, { bars: CandleColumns; m: FeatureMatrix }>();
function fileMatrix(which: keyof typeof REAL_FILES): { bars: CandleColumns; m: FeatureMatrix } {
  let hit = full.get(which);
  if (!hit) {
    const bars = loadRealCandles(which);
    full.set(which, (hit = { bars, m: engine.batch(bars) }));
  }
  return hit;
}

describe.each(files)('look-ahead audit on %s', (which) => {
  it('row t of the whole-file batch equals the features of candles[0..t] alone, for 200 random t', () => {
    // The reference is an independent naive implementation that is only ever given candles[0..t].
    // Differences come from summation order only: 1e-9 relative, plus 1e-13 absolute for values that are
    // differences of O(1) quantities (x / y - 1, z-scores) and so carry an absolute rounding of a few ulps of 1.
    const { bars, m } = fileMatrix(which);
    const rows = sampleIndices(seededRandom(4), 200, m.firstValidRow, m.rows);
    for (const t of rows) {
      const ref = referenceFeatures(sliceColumns(bars, 0, t + 1));
      const bad = firstMismatch(m, t, (name) => ref.get(name) ?? Number.NaN, 1e-9, 1e-13);
      expect(bad, which).toBeUndefined();
    }
  });

  it('the batch of a prefix ends with the same rows as the whole-file batch', () => {
    const { bars, m } = fileMatrix(which);
    for (const t of sampleIndices(seededRandom(7), 6, 0, m.rows)) {
      const prefix = engine.batch(sliceColumns(bars, 0, t + 1));
      const from = Math.max(0, t - 5) * m.cols;
      expect(prefix.rows).toBe(t + 1);
      expect(firstDifference(prefix.matrix.subarray(from), m.matrix.subarray(from, (t + 1) * m.cols)), `${which} prefix to ${t}`).toBe(-1);
    }
  });

  it('changing every bar after t leaves rows 0..t unchanged', () => {
    const { bars, m } = fileMatrix(which);
    const rand = seededRandom(11);
    const t = Math.floor(m.rows / 2);
    const altered = sliceColumns(bars, 0, bars.length);
    const copy = { ...altered, open: altered.open.slice(), high: altered.high.slice(), low: altered.low.slice(), close: altered.close.slice(), volume: altered.volume.slice() };
    for (let i = t + 1; i < copy.length; i++) {
      const scale = 0.5 + rand();
      copy.open[i] *= scale;
      copy.high[i] *= scale * 1.01;
      copy.low[i] *= scale * 0.99;
      copy.close[i] *= scale;
      copy.volume[i] = rand() * 1000;
    }
    const changed = engine.batch(copy);
    expect(firstDifference(changed.matrix.subarray(0, (t + 1) * m.cols), m.matrix.subarray(0, (t + 1) * m.cols))).toBe(-1);
    expect(firstDifference(changed.matrix.subarray((t + 1) * m.cols, (t + 2) * m.cols), m.matrix.subarray((t + 1) * m.cols, (t + 2) * m.cols))).not.toBe(-1);
  });
});
