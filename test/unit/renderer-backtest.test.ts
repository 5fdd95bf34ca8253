import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../core/api/client';
import { ApiError } from '../../core/api/errors';
import { createBacktestRunner } from '../../renderer/src/app/backtestActions';
import { createAppStore } from '../../renderer/src/store/appStore';
import { backtestRequest, defaultBacktestForm, defaultBacktestModel, parseBacktestField } from '../../renderer/src/store/backtestForm';
import type { BacktestSummary, ModelInfo } from '../../renderer/src/store/apiTypes';

const END = '2024-03-01T00:00:00.000Z';

function model(name: string, type: 'autoregressive' | 'multi_ohlc', over: Partial<ModelInfo> = {}): ModelInfo {
  return { name, type, exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m', n_steps_ahead: 20, data_range: { from: '2024-02-01T00:00:00.000Z', to: END, bars: 1 }, ...over } as ModelInfo;
}

const MODELS = [
  model('ETH_ar', 'autoregressive', { symbol: 'ETH/USDT' }),
  model('BTC_multi', 'multi_ohlc'),
  model('BTC_ar_60', 'autoregressive', { n_steps_ahead: 60 }),
  model('BTC_ar_20', 'autoregressive'),
];

describe('backtest form', () => {
  it('names the option and its limit, and limits the horizon to the model’s steps', () => {
    expect(parseBacktestField('feeBps', '10')).toEqual({ ok: true, value: 10 });
    expect(parseBacktestField('feeBps', '1001')).toEqual({ ok: false, error: 'Fee per side (bps) must be from 0 to 1000' });
    expect(parseBacktestField('thresholdBps', '-1')).toMatchObject({ ok: false, error: expect.stringMatching(/from 0 to 10000/) });
    expect(parseBacktestField('slippageBps', 'abc')).toEqual({ ok: false, error: 'Slippage (bps) must be a number' });
    expect(parseBacktestField('horizon', '2.5')).toEqual({ ok: false, error: 'Horizon (bars) must be a whole number' });
    expect(parseBacktestField('horizon', '21', 20)).toMatchObject({ ok: false, error: expect.stringMatching(/from 1 to 20 \(the model’s steps\)/) });
    expect(parseBacktestField('horizon', ' ', 20)).toEqual({ ok: false, error: 'Horizon (bars) is required' });
  });

  it('turns the range choice into `from` relative to the end of the training data', () => {
    const m = MODELS[3];
    const form = defaultBacktestForm();
    expect(backtestRequest(form, m)).toEqual({
      name: 'BTC_ar_20', from: undefined, horizon: 1, threshold_bps: 5, fee_bps: 10, slippage_bps: 0, long_only: false, require_confidence: false,
    });
    expect(backtestRequest({ ...form, range: 'd7' }, m).from).toBe(Date.parse(END) - 7 * 86_400_000);
    expect(backtestRequest({ ...form, range: 'all', longOnly: true }, m)).toMatchObject({ from: 0, long_only: true });
  });

  it('defaults to the current market’s autoregressive model with its steps, then any on the market, then any', () => {
    expect(defaultBacktestModel(MODELS, { source: 'demo', symbol: 'BTC/USDT', timeframe: '1m', steps: 20 })).toBe('BTC_ar_20');
    expect(defaultBacktestModel(MODELS, { source: 'demo', symbol: 'BTC/USDT', timeframe: '1m', steps: 300 })).toBe('BTC_ar_60');
    expect(defaultBacktestModel(MODELS.slice(1, 2), { source: 'demo', symbol: 'BTC/USDT', timeframe: '1m', steps: 300 })).toBe('BTC_multi');
    expect(defaultBacktestModel(MODELS, { source: 'csv', symbol: 'SOL/USDT', timeframe: '5m', steps: 300 })).toBe('ETH_ar');
    expect(defaultBacktestModel([], { source: 'demo', symbol: 'BTC/USDT', timeframe: '1m', steps: 300 })).toBeNull();
  });
});

describe('backtest slice', () => {
  it('shows inline errors as the trader types and re-checks the horizon when the model changes', () => {
    const store = createAppStore();
    store.getState().setModels(MODELS);
    store.getState().setBacktestModel('BTC_ar_60');
    store.getState().setBacktestText('horizon', '50');
    expect(store.getState().backtestErrors).toEqual({});
    store.getState().setBacktestModel('BTC_ar_20');
    expect(store.getState().backtestErrors.horizon).toMatch(/from 1 to 20/);
    store.getState().setBacktestText('feeBps', 'x');
    expect(Object.keys(store.getState().backtestErrors).sort()).toEqual(['feeBps', 'horizon']);
    store.getState().resetBacktestForm();
    expect(store.getState().backtestErrors).toEqual({});
    expect(store.getState().backtestForm).toEqual({ ...defaultBacktestForm(), model: 'BTC_ar_20' });
  });

  it('keeps either a result or a failure, not both', () => {
    const store = createAppStore();
    const result = { model: 'BTC_ar_20' } as BacktestSummary;
    store.getState().setBacktestOutcome({ result });
    expect(store.getState()).toMatchObject({ backtestResult: result, backtestFailure: null });
    store.getState().setBacktestOutcome({ failure: { message: 'no' } });
    expect(store.getState()).toMatchObject({ backtestResult: null, backtestFailure: { message: 'no' } });
  });
});

describe('runBacktest', () => {
  function setup(backtestModel: ApiClient['backtestModel']) {
    const store = createAppStore();
    store.getState().setModels(MODELS);
    store.getState().setBacktestModel('BTC_ar_20');
    const api = { backtestModel: vi.fn(backtestModel) } as unknown as ApiClient & { backtestModel: ReturnType<typeof vi.fn> };
    return { store, api, run: createBacktestRunner(api, store) };
  }

  it('sends nothing while an option is invalid', async () => {
    const { store, api, run } = setup(async () => ({}) as BacktestSummary);
    store.getState().setBacktestText('horizon', '25');
    await run();
    expect(api.backtestModel).not.toHaveBeenCalled();
    expect(store.getState().backtestErrors.horizon).toMatch(/from 1 to 20/);
  });

  it('sends the form as a request and stores the result; busy while it runs', async () => {
    let busyDuring: boolean | undefined;
    const result = { model: 'BTC_ar_20' } as BacktestSummary;
    const { store, api, run } = setup(async () => {
      busyDuring = store.getState().busy.backtest;
      return result;
    });
    store.getState().setBacktestText('feeBps', '2.5');
    store.getState().setBacktestRange('d1');
    await run();
    expect(api.backtestModel).toHaveBeenCalledWith(expect.objectContaining({ name: 'BTC_ar_20', fee_bps: 2.5, from: Date.parse(END) - 86_400_000 }));
    expect(busyDuring).toBe(true);
    expect(store.getState().busy.backtest).toBe(false);
    expect(store.getState().backtestResult).toBe(result);
  });

  it('explains a model with no unseen bars in plain words', async () => {
    const { store, run } = setup(async () => {
      throw new ApiError('unprocessable', "no bars after the model's training data (fitted until 2024-03-01T00:00:00.000Z; ...)");
    });
    await run();
    expect(store.getState().backtestFailure?.message).toMatch(/BTC_ar_20 has no unseen bars to trade yet/);
    expect(store.getState().backtestFailure?.hint).toMatch(/range that starts inside the training data/);
    expect(store.getState().backtestResult).toBeNull();
  });
});
