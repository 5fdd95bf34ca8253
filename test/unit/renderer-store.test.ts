import { describe, expect, it } from 'vitest';
import type { Forecast, TrainSummary } from '../../core/predictors/types';
import { createAppStore } from '../../renderer/src/store/appStore';
import { seriesKeyOf } from '../../renderer/src/store/chartSlice';
import { parseSteps, predictorTypes, symbolsFor } from '../../renderer/src/store/marketSlice';
import { defaultSettingsDraft, resolveSettings, validateSettings } from '../../renderer/src/store/trainingSettings';
import { batchProgress, trainingActive } from '../../renderer/src/store/trainingSlice';
import type { ForecastResult, ModelInfo } from '../../renderer/src/store/apiTypes';

function forecast(type: 'autoregressive' | 'multi_ohlc', steps = 3): ForecastResult {
  return forecastOf(type, steps) as unknown as ForecastResult;
}

function forecastOf(type: 'autoregressive' | 'multi_ohlc', steps: number): Forecast {
  const last = Date.UTC(2024, 0, 1, 12, 0);
  return {
    timestamp: new Date(last).toISOString(), current_price: 100, last_bar_time: new Date(last).toISOString(),
    symbol: 'BTC/USDT', timeframe: '1m', exchange: 'demo',
    predictions: Array.from({ length: steps }, (_, i) => ({
      step: i + 1, timestamp: new Date(last + (i + 1) * 60_000).toISOString(), minutes_ahead: i + 1,
      predicted_open: 100, predicted_high: 101, predicted_low: 99, predicted_close: 100.5, predicted_return: 0.005,
      close_lower_80: 99.5, close_upper_80: 101.5, confidence: 0.52,
      close_lower_50: 100, close_upper_50: 101, close_lower_90: 99, close_upper_90: 102,
      quantiles: { q05: 99, q10: 99.5, q25: 100, q50: 100.5, q75: 101, q90: 101.5, q95: 102 }, p_up: 0.52, predicted_range: 0.02,
    })),
    model_info: { name: `m_${type}`, type, trained_at: new Date(last).toISOString(), n_steps_ahead: steps },
  };
}

function model(name: string, type: 'autoregressive' | 'multi_ohlc'): ModelInfo {
  return { name, type } as ModelInfo;
}

describe('market slice', () => {
  it('accepts steps 1..5000 and names the problem otherwise', () => {
    expect(parseSteps('300')).toEqual({ steps: 300 });
    expect(parseSteps('0')).toEqual({ error: 'Steps ahead must be from 1 to 5000' });
    expect(parseSteps('5001')).toEqual({ error: 'Steps ahead must be from 1 to 5000' });
    expect(parseSteps('2.5')).toEqual({ error: 'Steps ahead must be a whole number' });
    const store = createAppStore();
    store.getState().setStepsText('abc');
    expect(store.getState().stepsError).toBe('Steps ahead must be a whole number');
    expect(store.getState().steps).toBe(300);
    store.getState().setStepsText('60');
    expect(store.getState()).toMatchObject({ steps: 60, stepsError: null, stepsText: '60' });
  });

  it('maps the predictor choice to the types to run, autoregressive first', () => {
    expect(predictorTypes('both')).toEqual(['autoregressive', 'multi_ohlc']);
    expect(predictorTypes('multi_ohlc')).toEqual(['multi_ohlc']);
  });

  it('offers the source list and stored series as symbols, and switches symbol when the source lacks it', () => {
    const store = createAppStore();
    const sources = [
      { id: 'demo', name: 'Demo', kind: 'demo' as const, symbols: ['BTC/USDT', 'ETH/USDT'] },
      { id: 'csv', name: 'Imported CSV', kind: 'csv' as const, symbols: [] },
    ];
    const series = [{ exchange: 'csv', symbol: 'SOL/USDT', timeframe: '5m' as const, rows: 10, first: null, last: null, gaps: 0 }];
    store.getState().setSources(sources, series);
    expect(symbolsFor('csv', sources, series)).toEqual(['SOL/USDT']);
    store.getState().setSource('csv');
    expect(store.getState()).toMatchObject({ source: 'csv', symbol: 'SOL/USDT' });
    store.getState().setSource('demo');
    expect(store.getState().symbol).toBe('BTC/USDT');
    store.getState().setTimeframe('7m');
    expect(store.getState().timeframe).toBe('1m');
    store.getState().setTimeframe('4h');
    expect(store.getState().timeframe).toBe('4h');
  });
});

describe('settings slice', () => {
  it('shows defaults, refuses bad values inline and resolves good ones to training options', () => {
    const store = createAppStore();
    expect(validateSettings(store.getState().settingsDraft)).toEqual({});
    store.getState().setSetting('learning_rate', '0');
    store.getState().setSetting('lookbackPeriods', '5, 10, 10');
    store.getState().setSetting('numBoostRound', '12.5');
    store.getState().setSetting('testSize', '0.5');
    store.getState().setSetting('earlyStoppingRounds', '1001');
    const errors = store.getState().settingsErrors;
    expect(errors.learning_rate).toBe('learning_rate must be more than 0 and at most 1');
    expect(errors.lookbackPeriods).toBe('Lookback 10 is listed twice');
    expect(errors.numBoostRound).toBe('Boosting rounds must be a whole number');
    expect(errors.testSize).toBe('Test size must be more than 0.05 and less than 0.5');
    expect(errors.earlyStoppingRounds).toBe('Early-stopping rounds must be at least 0 and at most 1000');
    expect(() => resolveSettings(store.getState().settingsDraft)).toThrow(/lookback 10 is listed twice/i);
    store.getState().resetSettings();
    const r = resolveSettings({ ...defaultSettingsDraft(), lookbackPeriods: '50 5 20', numBoostRound: '40', daysHistory: '3', max_depth: '-1' });
    expect(r.daysHistory).toBe(3);
    expect(r.options.lookbackPeriods).toEqual([5, 20, 50]);
    expect(r.options.numBoostRound).toBe(40);
    expect(r.options.modelParams).toMatchObject({ learning_rate: 0.05, num_leaves: 31, max_depth: -1, min_data_in_leaf: 20 });
  });
});

describe('training slice', () => {
  it('follows progress, draws loss curves per model and ends on status', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginTraining([{ jobId: 'a', name: 'A', type: 'autoregressive' }, { jobId: 'b', name: 'B', type: 'multi_ohlc' }], 1000);
    expect(trainingActive(s())).toBe(true);
    const progress = (jobId: string, value: number, detail?: object) =>
      s().applyJobProgress({ jobId, kind: 'train', name: jobId, stage: 'model', value, message: 'training', detail });
    progress('a', 0.2, { model: { k: 1, n: 1, target: 'close' }, iteration: { iteration: 1, train: 0.5, valid: 0.6 } });
    progress('a', 0.3, { model: { k: 1, n: 1, target: 'close' }, iteration: { iteration: 2, train: 0.4, valid: 0.55 } });
    progress('a', 0.25, { iteration: { iteration: 3, train: 0.35 } });
    progress('b', 0.5, { model: { k: 2, n: 4, target: 'high' }, iteration: { iteration: 1, train: 1, valid: 2 } });
    progress('zzz', 0.9);
    const [a, b] = s().runs;
    expect(a.value).toBe(0.3);
    expect(a.curves.close.iterations).toEqual([1, 2, 3]);
    expect(a.curves.close.valid.slice(0, 2)).toEqual([0.6, 0.55]);
    expect(Number.isNaN(a.curves.close.valid[2])).toBe(true);
    expect(b.curves.high.train).toEqual([1]);
    expect(b.model).toEqual({ k: 2, n: 4, target: 'high' });
    // The next fold's model of the same target restarts at round 1: its curve replaces the first, and its later rounds
    // are never joined onto the first model's line.
    progress('b', 0.5, { model: { k: 2, n: 4, target: 'high' }, iteration: { iteration: 2, train: 0.9, valid: 1.8 } });
    progress('b', 0.5, { model: { k: 2, n: 4, target: 'high' }, iteration: { iteration: 1, train: 5, valid: 7 } });
    progress('b', 0.5, { model: { k: 2, n: 4, target: 'high' }, iteration: { iteration: 2, train: 4, valid: 6 } });
    progress('b', 0.5, { model: { k: 2, n: 4, target: 'high' }, iteration: { iteration: 3, train: 3, valid: 6.5 } });
    expect(s().runs[1].curves.high).toEqual({ iterations: [1, 2, 3], train: [5, 4, 3], valid: [7, 6, 6.5] });
    expect(batchProgress(s().runs)).toBeCloseTo(0.4);

    const summary = { name: 'A', warnings: [{ kind: 'overfitting', message: 'm', remedy: 'r' }], performance: {}, evaluation: {} } as unknown as TrainSummary;
    s().applyJobStatus({ jobId: 'a', kind: 'train', name: 'A', status: 'completed', result: summary as never }, 5000);
    s().applyJobStatus({ jobId: 'b', kind: 'train', name: 'B', status: 'cancelled' }, 6000);
    progress('b', 0.9);
    expect(s().runs[0]).toMatchObject({ status: 'completed', value: 1, finishedAt: 5000, summary });
    expect(s().runs[1]).toMatchObject({ status: 'cancelled', value: 0.5, message: 'Cancelled' });
    expect(trainingActive(s())).toBe(false);
  });
});

describe('chart slice', () => {
  it('keeps one forecast per predictor, shows the first available, and drops them when the series changes', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setCandles(seriesKeyOf('demo', 'BTC/USDT', '1m'), [{ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }], false);
    s().setForecast('multi_ohlc', forecast('multi_ohlc'));
    expect(s().mainPredictor).toBe('multi_ohlc');
    s().setForecast('autoregressive', forecast('autoregressive'));
    expect(s().mainPredictor).toBe('multi_ohlc');
    expect(Object.keys(s().forecasts).sort()).toEqual(['autoregressive', 'multi_ohlc']);
    s().setCandles(seriesKeyOf('demo', 'BTC/USDT', '1m'), [], false);
    expect(Object.keys(s().forecasts)).toHaveLength(2);
    s().setCandles(seriesKeyOf('demo', 'ETH/USDT', '1m'), [], false);
    expect(s().forecasts).toEqual({});
  });
});

describe('models slice', () => {
  it('picks a model for the importance view and keeps autoregressive models on the close target', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setModels([model('ar', 'autoregressive'), model('mo', 'multi_ohlc')]);
    expect(s().importanceQuery).toEqual({ model: 'ar', kind: 'gain', target: 'close' });
    s().setImportanceQuery({ model: 'mo', target: 'high', kind: 'split' });
    expect(s().importanceQuery).toEqual({ model: 'mo', kind: 'split', target: 'high' });
    s().setImportanceQuery({ model: 'ar', target: 'open' });
    expect(s().importanceQuery.target).toBe('close');
    s().setModels([model('mo', 'multi_ohlc')]);
    expect(s().importanceQuery.model).toBe('mo');
    s().setModels([]);
    expect(s().importanceQuery.model).toBeNull();
    expect(s().modelsLoaded).toBe(true);
  });
});
