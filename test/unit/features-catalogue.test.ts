// Names, categories and counts of the feature set; config validation and hash; docs/features.md freshness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG, FeatureEngine, featureCatalogue, featureCategoryCounts, renderFeatureDocs } from '../../core/features';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

describe('feature catalogue', () => {
  const engine = new FeatureEngine();
  const names = engine.getFeatureNames();

  it('has at least 100 features with the default config, unique names, in catalogue order', () => {
    expect(names.length).toBeGreaterThanOrEqual(100);
    expect(new Set(names).size).toBe(names.length);
    expect(featureCatalogue().map((f) => f.name)).toEqual(names);
    expect(featureCategoryCounts()).toEqual({ price: 19, technical: 16, rolling: 32, pattern: 19, time: 16 });
  });

  it('uses the names the issue gives', () => {
    const given = [
      'return_1', 'return_2', 'return_5', 'return_10', 'log_return_1', 'log_return_5', 'momentum_5', 'momentum_10', 'momentum_20',
      'acceleration_5', 'hl_range', 'hl_range_pct', 'oc_range', 'oc_range_pct', 'body_to_range', 'upper_wick_ratio', 'lower_wick_ratio',
      'ema_dist_10', 'ema_dist_20', 'ema_dist_50', 'ema_dist_200', 'rsi_14', 'stoch_k_14', 'stoch_d_14', 'macd_line', 'macd_signal',
      'macd_hist', 'bb_pct_b_20', 'bb_bandwidth_20', 'atr_pct_14', 'volume_sma_ratio_20', 'obv_slope_20', 'doji', 'hammer',
      'shooting_star', 'bullish_engulfing', 'bearish_engulfing', 'inside_bar', 'outside_bar', 'three_white_soldiers',
      'three_black_crows', 'volume_zscore_20', 'volume_spike_20', 'resistance_dist_50', 'support_dist_200', 'resistance_touches_200',
      'hour', 'day_of_week', 'day_of_month', 'month', 'quarter', 'hour_sin', 'day_of_week_cos', 'month_sin',
    ];
    expect(given.filter((n) => !names.includes(n))).toEqual([]);
    for (const L of DEFAULT_FEATURE_CONFIG.lookbackPeriods) {
      for (const stem of ['sma_dist', 'volatility', 'min_dist', 'max_dist', 'zscore', 'skew']) expect(names).toContain(`${stem}_${L}`);
    }
  });

  it('follows the config: names and count change with the lookbacks', () => {
    const e = new FeatureEngine({ lookbackPeriods: [3, 100] });
    expect(e.getFeatureNames()).toContain('zscore_100');
    expect(e.getFeatureNames()).not.toContain('zscore_5');
    expect(e.featureCount).toBe(names.length - 16);
  });
});

describe('feature config', () => {
  it('has a stable hash that ignores key order and changes with any setting', () => {
    const a = new FeatureEngine({ rsiPeriod: 14, lookbackPeriods: [5, 10, 20, 50] });
    const b = new FeatureEngine({ lookbackPeriods: [5, 10, 20, 50], rsiPeriod: 14 });
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toBe(new FeatureEngine().hash);
    expect(a.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(new FeatureEngine({ rsiPeriod: 15 }).hash).not.toBe(a.hash);
    expect(new FeatureEngine({ touchToleranceAtr: 0.25 }).hash).not.toBe(a.hash);
  });

  it.each([
    [{ lookbackPeriods: [] }, /lookbackPeriods must not be empty/],
    [{ lookbackPeriods: [5, 5] }, /duplicates/],
    [{ lookbackPeriods: [1] }, /between 2/],
    [{ rsiPeriod: 0 }, /rsiPeriod must be an integer/],
    [{ macdFast: 30 }, /macdFast .* shorter than macdSlow/],
    [{ bollingerK: -1 }, /bollingerK must be a positive number/],
    [{ emaCrossPeriods: [50, 10] }, /fast .* shorter than slow/],
    [{ rsiPeriods: 14 }, /unknown setting "rsiPeriods"/],
  ])('refuses %j', (cfg, message) => {
    expect(() => new FeatureEngine(cfg as never)).toThrow(message);
  });
});

describe('docs/features.md', () => {
  it('is the file scripts/gen-feature-docs.ts writes (run it after changing a feature)', () => {
    const onDisk = readFileSync(join(root, 'docs/features.md'), 'utf8');
    expect(onDisk === renderFeatureDocs(), 'docs/features.md is stale: run `node --import tsx scripts/gen-feature-docs.ts`').toBe(true);
  });

  it('lists every feature with its formula', () => {
    const doc = renderFeatureDocs();
    for (const f of featureCatalogue()) expect(doc).toContain(`| \`${f.name}\` |`);
    expect(doc).toContain('## Gaps in the data');
  });
});
