/**
 * The data the charts draw: history candles and one forecast per predictor. Chart components read it through
 * `store.subscribe`, not React renders, so a 40,000-bar history never goes through the virtual DOM.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Candle } from '../../../core/data/candles';
import type { PredictorType } from '../../../core/predictors/types';
import type { AppState } from './appStore';
import type { ForecastResult } from './apiTypes';

/** Chart data state and its setters. */
export interface ChartSlice {
  candles: readonly Candle[];
  /** `exchange|symbol|timeframe` of the candles shown, null before the first load. */
  candlesKey: string | null;
  candlesStale: boolean;
  forecasts: Readonly<Partial<Record<PredictorType, ForecastResult>>>;
  /** The predictor whose forecast the main chart shows. */
  mainPredictor: PredictorType;
  setCandles(key: string, candles: readonly Candle[], stale: boolean): void;
  setForecast(type: PredictorType, forecast: ForecastResult | null): void;
  clearForecasts(): void;
  setMainPredictor(type: PredictorType): void;
}

/** The key of a series in the chart slice. */
export function seriesKeyOf(exchange: string, symbol: string, timeframe: string): string {
  return `${exchange}|${symbol}|${timeframe}`;
}

/** Creates the chart slice. */
export const createChartSlice: StateCreator<AppState, [], [], ChartSlice> = (set, get) => ({
  candles: [],
  candlesKey: null,
  candlesStale: false,
  forecasts: {},
  mainPredictor: 'autoregressive',
  setCandles: (candlesKey, candles, candlesStale) => {
    const changed = candlesKey !== get().candlesKey;
    set(changed ? { candlesKey, candles, candlesStale, forecasts: {} } : { candles, candlesStale });
  },
  setForecast: (type, forecast) => {
    const forecasts = { ...get().forecasts };
    if (forecast) forecasts[type] = forecast;
    else delete forecasts[type];
    const main = get().mainPredictor;
    set({ forecasts, mainPredictor: forecasts[main] || !forecast ? main : type });
  },
  clearForecasts: () => set({ forecasts: {} }),
  setMainPredictor: (mainPredictor) => set({ mainPredictor }),
});
