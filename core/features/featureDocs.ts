// Renders docs/features.md from the catalogue of the default config, so the document cannot drift from the code.
import { buildCatalogue, FEATURE_CATEGORIES, type FeatureCategory } from './catalogue';
import { DEFAULT_FEATURE_CONFIG, FEATURE_SET_VERSION, featureConfigHash, type FeatureConfig } from './config';

const CATEGORY_TITLES: Record<FeatureCategory, string> = {
  price: 'Price',
  technical: 'Technical indicators',
  rolling: 'Rolling statistics',
  pattern: 'Patterns, volume and support/resistance',
  time: 'Time',
};

const CONVENTIONS = `## Conventions

- **Scale-free.** No feature is a raw price or a raw volume. Prices enter only as returns, ratios to another
  price of the same series (close / EMA - 1, close / rolling high - 1), moves in units of ATR, z-scores and
  bounded oscillators; volume enters only as a ratio to its own average, a z-score or a signed fraction.
  Multiplying every price of a series by a constant, or every volume by a constant, leaves the matrix unchanged
  (a test checks this). A tree model therefore does not need to have seen a price level to use these features.
- **Causal.** The row of bar t uses bars 0..t only; the engine never looks at a later bar. Tests check that the
  row of bar t equals the features recomputed from candles[0..t] alone.
- **Warm-up.** Each feature lists its warm-up: the first bar (0-based) at which it is defined. Earlier rows hold
  NaN for that feature, never an invented value. \`firstValidRow\` is the largest warm-up; every row from it on is
  finite. Smoothers (EMA, RSI, ATR, MACD) are seeded with the mean of their first \`period\` inputs, the usual
  textbook seeding, and count as defined from that bar on.
- **Zero volume and flat bars.** Every 0/0 has a stated value, so neither produces NaN or infinity: a flat bar
  (high = low) has body_to_range, upper_wick_ratio and lower_wick_ratio 0 and close_location 0.5; a window whose
  values are all equal (constant closes, all-zero volume) has z-score, skew, volatility and Bollinger width 0,
  %B 0.5 and volume_sma_ratio 1; RSI is 50 and Stochastic %K 50 when the price did not move; ratios to ATR are 0
  when ATR is 0; the OBV slope and efficiency ratio are 0 when their denominator is 0.
- **Identical in batch and streaming.** \`FeatureEngine.batch\` and \`FeatureStream.push\` run the same per-bar
  kernel over the same state layout, so the stream reproduces every row of the batch (tests check agreement on
  the real data files). A push is amortized O(1): ring buffers, monotonic deques for rolling highs and lows,
  running sums for means and variances, incremental EMA/RSI/ATR/MACD. Running sums are kept about a recent value
  and rebuilt from their ring buffer once per window length, so rounding error cannot drift; constant windows are
  detected exactly (a count of equal neighbours) rather than from a variance that rounding leaves slightly
  above 0. A stream's whole state is one Float64Array (about 16 KB with the defaults), so \`clone()\` is a
  single memory copy and \`copyFrom()\` restarts a branch without allocating; a push itself allocates nothing.
- **Input.** Each bar must have 0 < low <= open, close <= high, a finite volume >= 0 and a time after the
  previous bar's; anything else is refused with an error naming the bar and the rule, and the state is left as
  it was.

## Gaps in the data

Windows count **bars, not time**. When bars are missing (exchange downtime), nothing is filled, interpolated or
reset: the bar after the gap is simply the next bar. So across a gap

- one-bar returns, log returns and gap_pct measure the whole move during the outage as a single bar's move;
- a rolling window of N bars reaches further back in wall-clock time than N bar lengths (it still holds N bars),
  and the rolling high/low, SMA, volatility, z-score and touch counts are those of the last N bars that exist;
- EMA, RSI, ATR and MACD advance by one step per bar present, not per interval elapsed;
- warm-up and \`firstValidRow\` count bars too, so they do not move;
- time features are computed from each bar's own timestamp (UTC), so they stay correct after a gap.
`;

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The markdown of docs/features.md for a config (the default one when omitted). */
export function renderFeatureDocs(config: FeatureConfig = DEFAULT_FEATURE_CONFIG): string {
  const cat = buildCatalogue(config);
  const warmup = cat.reduce((m, f) => Math.max(m, f.warmup), 0);
  const lines: string[] = [
    '# Features',
    '',
    '<!-- Generated from core/features by `node --import tsx scripts/gen-feature-docs.ts`; do not edit by hand. -->',
    '',
    `The models see the market only through these features. With the default configuration there are **${cat.length}**`,
    `(${FEATURE_CATEGORIES.map((c) => `${cat.filter((f) => f.category === c).length} ${c}`).join(', ')}), `
      + `feature-set version ${FEATURE_SET_VERSION}, config hash \`${featureConfigHash(config)}\`, `
      + `first valid row ${warmup}.`,
    'Column order of every feature matrix is the order of the tables below.',
    '',
    CONVENTIONS,
    '## Default configuration',
    '',
    '| setting | value |',
    '|---|---|',
    ...Object.entries(config).map(([k, v]) => `| ${k} | ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)} |`),
    '',
  ];
  let column = 0;
  for (const category of FEATURE_CATEGORIES) {
    const rows = cat.filter((f) => f.category === category);
    lines.push(`## ${CATEGORY_TITLES[category]} (${rows.length})`, '', '| # | name | formula | warm-up |', '|---|---|---|---|');
    for (const f of rows) lines.push(`| ${column++} | \`${f.name}\` | ${escapeCell(f.formula)} | ${f.warmup} |`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
