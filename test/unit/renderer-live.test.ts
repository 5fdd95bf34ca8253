// The renderer's live slice and actions over a stand-in transport: the open market is watched (and re-watched when
// it changes), live bars land in the store with the forming bar replaced, an overlaid forecast's score is refreshed
// after each closed bar, pausing releases the watch.
import { describe, expect, it } from 'vitest';
import { createApiClient, type ApiTransport } from '../../core/api/client';
import type { EventName, EventPayload } from '../../core/api/contract';
import { createLiveController } from '../../renderer/src/app/liveActions';
import { createAppStore } from '../../renderer/src/store/appStore';
import { mergeLiveBar } from '../../renderer/src/store/liveSlice';

const MIN = 60_000;
const T = Date.UTC(2024, 0, 1, 12, 0);
const bar = (time: number, close: number) => ({ time, open: 100, high: Math.max(100, close) + 1, low: Math.min(100, close) - 1, close, volume: 1 });
const flush = () => new Promise((r) => setTimeout(r, 0));

function stand_in() {
  const calls: { op: string; req: any }[] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const transport: ApiTransport = {
    async invoke(op, req: any) {
      calls.push({ op, req });
      if (op === 'watchMarket') {
        return { exchange: req.exchange, symbol: req.symbol, timeframe: req.timeframe, state: 'live', last_update: null, last_bar: null, error: null, next_poll_at: null, watchers: 1, watch_id: req.watch_id ?? `w${calls.length}`, lease_s: req.lease_s } as any;
      }
      if (op === 'unwatchMarket') return { released: true } as any;
      if (op === 'getPrediction') return { id: req.id, exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m', status: 'completed', created_at: new Date(T).toISOString(), current_price: 100, model_name: 'm', result: { predictions: [] } } as any;
      if (op === 'predictionScore') return { prediction_id: req.id, steps_scored: calls.filter((c) => c.op === 'predictionScore').length } as any;
      if (op === 'modelLiveScores') return [] as any;
      throw new Error(`unexpected ${op}`);
    },
    subscribe(event, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb as (p: unknown) => void);
      return () => set.delete(cb as (p: unknown) => void);
    },
  };
  const emit = <K extends EventName>(event: K, payload: EventPayload<K>) => listeners.get(event)?.forEach((cb) => cb(payload));
  return { api: createApiClient(transport), calls, emit };
}

describe('live bars in the store', () => {
  it('replaces the forming bar, appends newer bars and ignores older ones', () => {
    let bars = mergeLiveBar([], bar(T, 100.5));
    bars = mergeLiveBar(bars, bar(T, 101));
    expect(bars).toEqual([bar(T, 101)]);
    bars = mergeLiveBar(bars, bar(T + MIN, 99));
    expect(mergeLiveBar(bars, bar(T - MIN, 1))).toBe(bars);
    expect(bars.map((b) => b.time)).toEqual([T, T + MIN]);
  });
});

describe('live actions', () => {
  it('watches the open market, follows a change of market, and pauses by releasing the watch', async () => {
    const { api, calls, emit } = stand_in();
    const store = createAppStore();
    const live = createLiveController(api, store, async () => undefined);
    live.start();
    store.getState().setReadiness('loaded');
    await flush();
    expect(calls.filter((c) => c.op === 'watchMarket').map((c) => [c.req.exchange, c.req.symbol, c.req.timeframe, c.req.lease_s])).toEqual([['demo', 'BTC/USDT', '1m', 120]]);
    expect(store.getState().liveStatus?.state).toBe('live');

    const base = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' as const };
    emit('candle', { ...base, candle: bar(T, 100.2), closed: false });
    emit('candle', { ...base, candle: bar(T, 100.4), closed: true });
    emit('candle', { ...base, exchange: 'demo-2', candle: bar(T + MIN, 5), closed: true });
    expect(store.getState().liveBars).toEqual([bar(T, 100.4)]);
    expect(Object.keys(store.getState().liveArrivals)).toEqual([String(T)]);

    store.getState().setSymbol('ETH/USDT');
    await flush();
    expect(calls.filter((c) => c.op === 'unwatchMarket').map((c) => c.req.watch_id)).toEqual(['w1']);
    expect(calls.filter((c) => c.op === 'watchMarket').at(-1)!.req.symbol).toBe('ETH/USDT');
    expect(store.getState().liveBars).toEqual([]);

    live.setPaused(true);
    await flush();
    expect(calls.filter((c) => c.op === 'unwatchMarket')).toHaveLength(2);
    expect(store.getState().liveStatus?.state).toBe('paused');
    emit('candle', { ...base, symbol: 'ETH/USDT', candle: bar(T, 1), closed: true });
    expect(store.getState().liveBars).toEqual([]);
    live.stop();
  });

  it('reloads the history once when the feed reports bars this window never received (slept past its lease)', async () => {
    const { api, emit } = stand_in();
    const store = createAppStore();
    let reloads = 0;
    const live = createLiveController(api, store, async () => void reloads++);
    live.start();
    store.getState().setReadiness('loaded');
    await flush();
    const base = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' as const };
    const status = (lastBar: number) => ({ ...base, state: 'live' as const, last_update: null, last_bar: new Date(lastBar).toISOString(), error: null, next_poll_at: null, watchers: 1 });
    emit('liveStatus', status(T));
    emit('candle', { ...base, candle: bar(T + MIN, 1), closed: true });
    emit('liveStatus', status(T + MIN));
    expect(reloads).toBe(0);
    // A new feed after the lease ran out: its first report is three bars on.
    emit('liveStatus', status(T + 4 * MIN));
    await flush();
    expect(reloads).toBe(1);
    emit('liveStatus', status(T + 4 * MIN));
    emit('candle', { ...base, candle: bar(T + 5 * MIN, 1), closed: true });
    await flush();
    expect(reloads).toBe(1);
    // A closed bar that skips one: reloaded again.
    emit('candle', { ...base, candle: bar(T + 7 * MIN, 1), closed: true });
    await flush();
    expect(reloads).toBe(2);
    live.stop();
  });

  it('overlays a saved forecast and refreshes its score after each closed bar of its market', async () => {
    const { api, calls, emit } = stand_in();
    const store = createAppStore();
    const live = createLiveController(api, store, async () => undefined);
    live.start();
    store.getState().setReadiness('loaded');
    await live.showOverlay('p1');
    expect(store.getState().view).toBe('chart');
    expect(store.getState().overlay?.score?.steps_scored).toBe(1);
    const base = { exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' as const };
    emit('candle', { ...base, candle: bar(T, 1), closed: false });
    await flush();
    expect(calls.filter((c) => c.op === 'predictionScore')).toHaveLength(1);
    emit('candle', { ...base, candle: bar(T, 1), closed: true });
    await flush();
    expect(store.getState().overlay?.score?.steps_scored).toBe(2);
    live.clearOverlay();
    expect(store.getState().overlay).toBeNull();
    live.stop();
  });
});
