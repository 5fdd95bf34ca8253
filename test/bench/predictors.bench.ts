import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sliceColumns, type CandleColumns, type SeriesKey } from '../../core/data';
import { fixed3 } from '../../core/evaluation/componentComparison';
import { compareModels, loadModel, trainModel, type PredictorType, type TrainSummary } from '../../core/predictors';
import { loadRealCandles } from '../support/realCandles';
import { median, peakRssMiB, type BenchRow, type BenchSuite } from './harness';

type Interval = readonly number[];
/** x to 3 decimals, never "-0.000" (the app's and the CLI's rule). */
const f3 = fixed3;
const ci = (c: Interval) => `[${f3(c[0])}, ${f3(c[1])}]`;
const pct = (x: number, c: Interval) => `${(100 * x).toFixed(1)}% [${(100 * c[0]).toFixed(1)}, ${(100 * c[1]).toFixed(1)}]`;

/** One line of the floors table, measured. */
interface FloorLine {
  readonly figure: string;
  readonly measured: string;
  readonly floor: string;
  readonly holds: boolean;
}

/** " (within noise)" when a figure misses its floor [lo, hi] but its interval reaches into it; the miss still counts. */
const withinNoise = (holds: boolean, c: Interval, lo: number, hi: number) => (!holds && c[1] >= lo && c[0] <= hi ? ' (within noise)' : '');

const STEPS = 300;
const HORIZONS = [1, 10, 60, STEPS];

/** The floors of the forecast-quality issue on one file and predictor, from the training report (test fold). */
function floors(s: TrainSummary, file: 'btc1m' | 'eth5m' | 'btc1h'): FloorLine[] {
  const at = (h: number) => s.evaluation.horizons[h - 1];
  const lines: FloorLine[] = [];
  for (const h of HORIZONS) {
    const m = at(h);
    const holds = m.coverage_80 >= 0.77 && m.coverage_80 <= 0.83;
    lines.push({ figure: `80% coverage h=${h}`, measured: pct(m.coverage_80, m.coverage_80_ci) + withinNoise(holds, m.coverage_80_ci, 0.77, 0.83), floor: '77-83%', holds });
  }
  for (const h of HORIZONS) {
    const m = at(h);
    const holds = m.coverage_50 >= 0.47 && m.coverage_50 <= 0.53;
    lines.push({ figure: `50% coverage h=${h}`, measured: pct(m.coverage_50, m.coverage_50_ci) + withinNoise(holds, m.coverage_50_ci, 0.47, 0.53), floor: '47-53%', holds });
  }
  const band = at(1);
  const bandFloor = file === 'btc1h' ? 'not worse (upper end >= 0)' : '>= 0.03 better';
  lines.push({
    figure: '80% interval score vs naive band h=1', measured: `${f3(band.interval_skill)} ${ci(band.interval_skill_ci)}`, floor: bandFloor,
    holds: file === 'btc1h' ? band.interval_skill_ci[1] >= 0 : band.interval_skill >= 0.03,
  });
  if (s.type === 'multi_ohlc') {
    const need = { btc1m: 0.07, eth5m: 0.12, btc1h: 0.06 }[file];
    lines.push({ figure: 'range skill h=1', measured: `${f3(band.range_skill!)} ${ci(band.range_skill_ci!)}`, floor: `>= ${need}`, holds: band.range_skill! >= need });
  }
  const minUpper = (pick: (h: TrainSummary['evaluation']['horizons'][number]) => Interval | undefined) => Math.min(...s.evaluation.horizons.map((h) => pick(h)?.[1] ?? 0));
  const rangeUpper = minUpper((h) => h.range_skill_ci);
  const closeUpper = minUpper((h) => h.skill_ci);
  const brierUpper = minUpper((h) => h.brier_skill_ci);
  lines.push({ figure: 'range skill, lowest interval upper end over all h', measured: f3(rangeUpper), floor: '>= 0', holds: rangeUpper >= 0 });
  lines.push({ figure: 'close skill, lowest interval upper end over all h', measured: f3(closeUpper), floor: '>= 0', holds: closeUpper >= 0 });
  lines.push({ figure: 'Brier skill, lowest interval upper end over all h', measured: f3(brierUpper), floor: '>= 0', holds: brierUpper >= 0 });
  for (const h of HORIZONS) {
    // Holds on the point estimate only; a miss whose interval reaches the floor is marked, never passed.
    const m = at(h);
    const noise = m.ece > 0.02 && m.ece_ci[0] <= 0.02 ? ' (within noise)' : '';
    const chance = m.ece_noise === undefined ? '' : `; chance level ${f3(m.ece_noise)} (${m.ece > m.ece_noise ? 'beyond' : 'within'} chance)`;
    // The median a perfectly calibrated forecast shows on these origins: above 0.02, perfect odds miss the floor on
    // most such folds.
    const typical = m.ece_noise_median === undefined ? '' : `; calibrated odds typically ${f3(m.ece_noise_median)}${m.ece_noise_median > 0.02 ? ' (above the floor)' : ''}`;
    lines.push({ figure: `direction ECE h=${h}`, measured: `${f3(m.ece)} ${ci(m.ece_ci)}${noise}${chance}${typical}`, floor: '<= 0.02', holds: m.ece <= 0.02 });
  }
  return lines;
}

async function measure(label: string, file: 'btc1m' | 'eth5m' | 'btc1h', candles: CandleColumns, key: SeriesKey, type: PredictorType, budgets: { train: number; forecast: number }) {
  const home = mkdtempSync(join(tmpdir(), 'cc-bench-pred-'));
  try {
    const started = performance.now();
    const s = await trainModel({ candles, key, type, nStepsAhead: STEPS, modelsDir: home });
    const trainS = (performance.now() - started) / 1000;
    const model = loadModel(home, s.name);
    const coldStart = performance.now();
    model.forecast(candles);
    const cold = performance.now() - coldStart;
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      model.forecast(candles);
      times.push(performance.now() - t);
    }
    model.dispose();
    const rows: BenchRow[] = [
      { metric: `${label} ${type}: train + full evaluation (3 walk-forward folds)`, value: trainS, unit: 's', budget: budgets.train },
      { metric: `${label} ${type}: ${STEPS}-step forecast with all quantiles (median of 50)`, value: median(times), unit: 'ms', budget: budgets.forecast },
      { metric: `${label} ${type}: first forecast after loading (fits the clock profiles of its cycles)`, value: cold, unit: 'ms' },
      { metric: `${label} ${type}: model size`, value: s.model_size_kb, unit: 'KiB' },
    ];
    return { rows, floors: floors(s, file), verdict: s.evaluation.verdict_text ?? '', summary: s };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * What catching the online band levels up costs a forecast: a model trained without the last day (a week of hourly
 * bars) forecasts from one bar before the end (replaying every origin since its training), then from the next bar.
 */
async function measureCatchUp(label: string, candles: CandleColumns, key: SeriesKey, days: number): Promise<BenchRow[]> {
  const home = mkdtempSync(join(tmpdir(), 'cc-bench-levels-'));
  try {
    const barMs = candles.time[1] - candles.time[0];
    const held = Math.round((days * 86_400_000) / barMs);
    const s = await trainModel({ candles: sliceColumns(candles, 0, candles.length - held), key, type: 'autoregressive', nStepsAhead: STEPS, modelsDir: home });
    const model = loadModel(home, s.name);
    const t0 = performance.now();
    const before = model.forecast(sliceColumns(candles, 0, candles.length - 1)).band_levels!;
    if (before.as_of !== new Date(candles.time[candles.length - 2]).toISOString()) throw new Error(`band levels not caught up: ${before.as_of}`);
    const t1 = performance.now();
    const after = model.forecast(candles).band_levels!;
    const t2 = performance.now();
    model.dispose();
    return [
      { metric: `${label} autoregressive: first forecast, catching the band levels up over ${held - 1} new bars`, value: t1 - t0, unit: 'ms' },
      { metric: `${label} autoregressive: next bar's forecast (${after.outcomes - before.outcomes} outcomes folded in)`, value: t2 - t1, unit: 'ms' },
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'predictors',
  async run() {
    const rows: BenchRow[] = [];
    const report: string[] = ['# Forecast quality floors (test fold of the main split, default settings, 300 steps)', ''];
    const files: [string, 'btc1m' | 'eth5m' | 'btc1h', SeriesKey][] = [
      ['BTC 1m', 'btc1m', { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' }],
      ['ETH 5m', 'eth5m', { exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m' }],
      ['BTC 1h', 'btc1h', { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1h' }],
    ];
    for (const [label, file, key] of files) {
      const candles = loadRealCandles(file);
      const trained: TrainSummary[] = [];
      for (const [type, budgets] of [['autoregressive', { train: 15, forecast: 10 }], ['multi_ohlc', { train: 45, forecast: 20 }]] as const) {
        const r = await measure(label, file, candles, key, type, budgets);
        trained.push(r.summary);
        rows.push(...r.rows);
        report.push(`## ${label} ${type}`, '', '| figure | measured [95% interval] | floor | holds |', '|---|---|---|---|');
        for (const l of r.floors) report.push(`| ${l.figure} | ${l.measured} | ${l.floor} | ${l.holds ? 'yes' : 'NO'} |`);
        report.push('', r.verdict, '');
      }
      // The two predictors against each other, paired over the same test origins (what the compare view says).
      const pair = compareModels({ ...trained[0], name: 'autoregressive' }, { ...trained[1], name: 'multi-OHLC' });
      report.push(`## ${label}: autoregressive against multi-OHLC (paired)`, '', '| component | autoregressive | multi-OHLC | verdict |', '|---|---|---|---|');
      for (const c of pair.components) {
        const fig = (x: { skill: number; skill_ci: readonly number[] } | null) => (x ? `${f3(x.skill)} ${ci(x.skill_ci)}` : '-');
        report.push(`| ${c.label} | ${fig(c.a)} | ${fig(c.b)} | ${c.verdict} |`);
      }
      report.push('');
      rows.push(...await measureCatchUp(label, candles, key, file === 'btc1h' ? 7 : 1));
    }
    rows.push({ metric: 'peak RSS', value: peakRssMiB(), unit: 'MiB' });
    const text = report.join('\n');
    console.log(`\n${text}`);
    const out = join(process.cwd(), 'out/bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'floors.md'), `${text}\n`);
    return rows;
  },
};
export default suite;
