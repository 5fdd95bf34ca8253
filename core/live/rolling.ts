// Rolling forecasts: after a watched market's bar closes, each rolling model forecasts again in a forecast worker
// and the result goes out as a `forecast` event. A model never runs twice at once for a market: bars that close
// while it runs lead to one more run with the newest bar.
import type { EventPayload } from '../api/contract';
import type { Candle, SeriesKey } from '../data/candles';
import type { Forecast } from '../predictors/types';
import type { EventBus } from '../service/eventBus';
import { marketId } from './liveFeeds';

/** What rolling forecasts need from the service. */
export interface RollingDeps {
  readonly bus: EventBus;
  /** The model's trained_at, or undefined when it does not exist or forecasts another series. */
  trainedAt(model: string, key: SeriesKey): string | undefined;
  forecastWith(model: string, trainedAt: string, key: SeriesKey): Promise<Forecast>;
  /** Told about a failed refresh (the feed goes on). */
  onError?(model: string, err: unknown): void;
}

/** The hook for createLiveFeeds' `onClosedBars`. */
export function createRollingForecasts(deps: RollingDeps): (key: SeriesKey, newest: Candle, models: readonly string[]) => void {
  const running = new Map<string, { again: Candle | null }>();

  async function run(key: SeriesKey, model: string, bar: Candle): Promise<void> {
    const id = `${marketId(key)}|${model}`;
    const state = { again: null as Candle | null };
    running.set(id, state);
    try {
      for (let next: Candle | null = bar; next; next = state.again) {
        state.again = null;
        const trainedAt = deps.trainedAt(model, key);
        if (!trainedAt) return;
        try {
          const forecast = await deps.forecastWith(model, trainedAt, key);
          deps.bus.emit('forecast', { ...key, model, forecast: forecast as EventPayload<'forecast'>['forecast'], after_bar: new Date(next.time).toISOString() });
        } catch (err) {
          deps.onError?.(model, err);
        }
      }
    } finally {
      running.delete(id);
    }
  }

  return (key, newest, models) => {
    for (const model of models) {
      const busy = running.get(`${marketId(key)}|${model}`);
      if (busy) busy.again = newest;
      else void run(key, model, newest);
    }
  };
}
