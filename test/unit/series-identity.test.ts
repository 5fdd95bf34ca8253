import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toColumns, type Candle, type SeriesKey } from '../../core/data/candles';
import { keepValidBars, brokenCandleRule } from '../../core/data/barRules';
import { importTarget } from '../../core/data/importTarget';
import { gapBreaks, sessionCalendar, spansGap } from '../../core/data/sessionGaps';
import { r2 } from '../../core/evaluation/metrics';
import { usableOrigins } from '../../core/evaluation/multiStep';
import { evaluationWindow } from '../../core/predictors/evaluationWindow';
import { assertNameFreeFor, resolveSeriesModel } from '../../core/predictors/modelIdentity';
import { defaultModelName, writeModelFolder } from '../../core/predictors/modelStore';
import { MODEL_FORMAT_VERSION, type ModelConfig } from '../../core/predictors/modelConfig';
import { chooseModel, trainReason } from '../../core/service/forecasting';
import { trainShareKey, type TrainJobInput } from '../../core/service/trainJob';

const MIN = 60_000;
const DAY = 86_400_000;
const home = mkdtempSync(join(tmpdir(), 'cc-identity-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const demo: SeriesKey = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' };
const csv: SeriesKey = { exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m' };

/** A minimal stored model of a series (only what listing and choosing read). */
function storeModel(name: string, key: SeriesKey, steps: number, trainedAt: string, type: ModelConfig['predictor_type'] = 'autoregressive', version = MODEL_FORMAT_VERSION): void {
  const config = {
    format_version: version, name, predictor_type: type, n_steps_ahead: steps, lookback_periods: [5], feature_names: [], feature_config_hash: 'x',
    training_metrics: { evaluation: { origins: 0, horizons: [] } }, calibration: {}, trained_at: trainedAt,
    symbol: key.symbol, timeframe: key.timeframe, exchange: key.exchange,
    data_range: { from: '2023-03-01T00:00:00.000Z', to: '2023-03-02T00:00:00.000Z', bars: 1441 }, data_fingerprint: 'f',
    refit: true, warnings: [], segments: { train: ['', ''], valid: ['', ''], test: ['', ''], embargo_bars: 0 },
  };
  writeModelFolder(home, name, { 'config.json': JSON.stringify(config) });
}

describe('model names and identity', () => {
  it('keeps the seed form for the demo market and prefixes every other source', () => {
    expect(defaultModelName(demo, 'autoregressive', 300)).toBe('BTC_USDT_1m_300steps');
    expect(defaultModelName(demo, 'multi_ohlc', 300)).toBe('BTC_USDT_1m_300steps_multi_ohlc');
    expect(defaultModelName(csv, 'autoregressive', 300)).toBe('csv_BTC_USDT_1m_300steps');
    expect(defaultModelName({ ...csv, exchange: 'binance' }, 'multi_ohlc', 60)).toBe('binance_BTC_USDT_1m_60steps_multi_ohlc');
  });

  it('resolves each series to its own model, finds models saved under the old rule, and never takes another series\' name', () => {
    // Saved under the old rule: a CSV model under the seed's name.
    storeModel('BTC_USDT_1m_300steps', csv, 300, '2026-01-01T00:00:00.000Z');
    expect(resolveSeriesModel(home, csv, 'autoregressive', 300)).toMatchObject({ name: 'BTC_USDT_1m_300steps', config: { exchange: 'csv' } });
    // The demo series must not use it, nor replace it: it gets the prefixed name.
    expect(resolveSeriesModel(home, demo, 'autoregressive', 300)).toEqual({ name: 'demo_BTC_USDT_1m_300steps', config: undefined });
    expect(() => assertNameFreeFor(home, 'BTC_USDT_1m_300steps', demo)).toThrow(/belongs to csv BTC\/USDT 1m, not demo BTC\/USDT 1m/);
    expect(() => assertNameFreeFor(home, 'BTC_USDT_1m_300steps', csv)).not.toThrow();
    storeModel('demo_BTC_USDT_1m_300steps', demo, 300, '2026-01-02T00:00:00.000Z');
    expect(resolveSeriesModel(home, demo, 'autoregressive', 300)).toMatchObject({ name: 'demo_BTC_USDT_1m_300steps', config: { exchange: 'demo' } });
    expect(resolveSeriesModel(home, { ...csv, exchange: 'kraken-file' }, 'autoregressive', 300).name).toBe('kraken-file_BTC_USDT_1m_300steps');
  });

  it('a model saved by an older Candlecast keeps its name and series: retrained in place, never taken by another series', () => {
    const eth: SeriesKey = { exchange: 'csv', symbol: 'ETH/USDT', timeframe: '5m' };
    storeModel('csv_ETH_USDT_5m_12steps', eth, 12, '2025-01-01T00:00:00.000Z', 'autoregressive', MODEL_FORMAT_VERSION - 1);
    expect(resolveSeriesModel(home, eth, 'autoregressive', 12)).toEqual({ name: 'csv_ETH_USDT_5m_12steps', config: undefined, olderFormat: true });
    expect(() => assertNameFreeFor(home, 'csv_ETH_USDT_5m_12steps', { ...eth, exchange: 'demo' })).toThrow(/belongs to csv ETH\/USDT 5m/);
    const req = { key: eth, type: 'autoregressive' as const, autoTrain: true, forceRetrain: false, model: 'csv_ETH_USDT_5m_12steps' };
    const chosen = chooseModel(home, req);
    expect(chosen).toMatchObject({ name: 'csv_ETH_USDT_5m_12steps', config: undefined, olderFormat: true });
    expect(trainReason(chosen, req, null)).toBe('model csv_ETH_USDT_5m_12steps was saved by an older Candlecast and must be retrained');
  });

  it('chooseModel never answers a request with another series\' model, with or without steps', () => {
    const req = { key: demo, type: 'autoregressive' as const, autoTrain: true, forceRetrain: false };
    expect(chooseModel(home, { ...req, steps: 300 }).name).toBe('demo_BTC_USDT_1m_300steps');
    expect(chooseModel(home, { ...req, key: csv, steps: 300 }).name).toBe('BTC_USDT_1m_300steps');
    expect(chooseModel(home, req).config?.exchange).toBe('demo');
    expect(chooseModel(home, { ...req, key: csv }).config?.exchange).toBe('csv');
    expect(() => chooseModel(home, { ...req, model: 'BTC_USDT_1m_300steps' })).toThrow(/forecasts csv BTC\/USDT 1m, not demo BTC\/USDT 1m/);
    expect(chooseModel(home, { ...req, key: { ...demo, symbol: 'ETH/USDT' }, steps: 60 })).toEqual({ name: 'ETH_USDT_1m_60steps', config: undefined });
  });

  it('shares a training job only for the same model, series and settings', () => {
    const base: TrainJobInput = { dbPath: 'db', modelsDir: 'm', key: demo, type: 'autoregressive', nStepsAhead: 300, days: 30, name: 'X' };
    expect(trainShareKey(base)).toBe(trainShareKey({ ...base }));
    expect(trainShareKey({ ...base, key: csv })).not.toBe(trainShareKey(base));
    expect(trainShareKey({ ...base, days: 7 })).not.toBe(trainShareKey(base));
    expect(trainShareKey({ ...base, options: { numBoostRound: 20 } })).not.toBe(trainShareKey(base));
  });
});

describe('imports', () => {
  it('go to store-only sources; the demo market and ccxt exchanges are refused with what to do', async () => {
    expect(await importTarget(undefined)).toBe('csv');
    expect(await importTarget('MyData')).toBe('mydata');
    await expect(importTarget('demo')).rejects.toThrow(/cannot import into "demo": the demo market generates its own candles.*Import into "csv"/);
    await expect(importTarget('demo-7')).rejects.toThrow(/cannot import into "demo-7"/);
    await expect(importTarget('binance')).rejects.toThrow(/cannot import into "binance": it is an exchange Candlecast fetches from.*"binance-file"/);
  });
});

describe('candle rules for every source', () => {
  it('name the rule a bar breaks and drop only the bad bars, with their times', () => {
    expect(brokenCandleRule(10, 9, 8, 9.5, 1)).toBe('high 9 is below max(open, close) 10');
    expect(brokenCandleRule(10, 11, 10.5, 10.2, 1)).toBe('low 10.5 is above min(open, close) 10');
    expect(brokenCandleRule(10, 11, 9, 10, -1)).toBe('volume is negative: -1');
    expect(brokenCandleRule(0, 11, 9, 10, 1)).toBe('open must be a positive price, got 0');
    expect(brokenCandleRule(10, 11, 9, 10, 0)).toBeUndefined();
    const bars: Candle[] = [0, 1, 2, 3].map((k) => ({ time: k * MIN, open: 10, high: 11, low: 9, close: 10, volume: 1 }));
    bars[2] = { ...bars[2], high: 9.5 };
    const { candles, refused } = keepValidBars(toColumns(bars));
    expect(Array.from(candles.time)).toEqual([0, MIN, 3 * MIN]);
    expect(refused).toEqual([{ time: 2 * MIN, reason: 'high 9.5 is below max(open, close) 10' }]);
  });
});

describe('gaps', () => {
  it('a crypto series: every missing bar is a gap, and targets or windows across it are dropped', () => {
    const t = [0, 1, 2, 5, 6, 7].map((k) => k * MIN);
    const breaks = gapBreaks(t, '1m');
    expect(Array.from(breaks)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(spansGap(breaks, 1, 1)).toBe(false);
    expect(spansGap(breaks, 2, 1)).toBe(true);
    expect(usableOrigins(0, 4, 1, breaks)).toEqual({ origins: [0, 1, 3, 4], dropped: 1 });
    expect(usableOrigins(0, 3, 2, breaks)).toEqual({ origins: [0, 3], dropped: 2 });
  });

  it('a daily stock series: weekends are the market\'s closures, not gaps; a missing weekday is one', () => {
    // Weekdays only, from Monday 2024-01-01 for 8 weeks, with Wednesday 2024-01-17 missing.
    const days: number[] = [];
    const monday = Date.UTC(2024, 0, 1);
    for (let d = 0; d < 56; d++) {
      const t = monday + d * DAY;
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6 && t !== Date.UTC(2024, 0, 17)) days.push(t);
    }
    const cal = sessionCalendar(days, '1d');
    expect(Array.from(cal.inSession)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    const breaks = gapBreaks(days, '1d');
    expect(breaks[days.length - 1]).toBe(1);
    const friday = days.indexOf(Date.UTC(2024, 0, 5));
    expect(spansGap(breaks, friday, 1)).toBe(false);
    const tuesday = days.indexOf(Date.UTC(2024, 0, 16));
    expect(spansGap(breaks, tuesday, 1)).toBe(true);
  });

  it('too short a series to learn a calendar from treats every missing bar as a gap', () => {
    expect(Array.from(gapBreaks([0, 2 * DAY], '1d'))).toEqual([0, 1]);
  });
});

describe('evaluation window and R²', () => {
  it('starts after the bars the model was fitted on, counting any overlap it is asked to include', () => {
    const config = {
      exchange: 'csv', symbol: 'BTC/USDT', timeframe: '1m', refit: true,
      data_range: { from: '1970-01-01T00:00:00.000Z', to: new Date(9 * MIN).toISOString(), bars: 10 },
      segments: { valid: ['', new Date(5 * MIN).toISOString()] },
    } as unknown as ModelConfig;
    const c = toColumns(Array.from({ length: 20 }, (_, k) => ({ time: k * MIN, open: 1, high: 1, low: 1, close: 1, volume: 1 })));
    expect(evaluationWindow(c, config, csv, false)).toEqual({ originStart: 10, sameSeries: true, fittedUntil: 9 * MIN, overlapBars: 0 });
    expect(evaluationWindow(c, config, csv, true)).toMatchObject({ originStart: 0, overlapBars: 10 });
    expect(evaluationWindow(c, { ...config, refit: false }, csv, false)).toMatchObject({ originStart: 6, fittedUntil: 5 * MIN });
    expect(evaluationWindow(c, config, demo, false)).toEqual({ originStart: 0, sameSeries: false, overlapBars: 0 });
  });

  it('R² stays finite on a constant series', () => {
    expect(r2([1, 1, 1], [1, 2, 1])).toBe(0);
    expect(r2([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2([1, 2, 3], [3, 2, 1])).toBe(-3);
  });
});
