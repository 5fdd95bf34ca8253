/** The one store of the renderer, bound from typed slices. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBacktestSlice, type BacktestSlice } from './backtestSlice';
import { createChartSlice, type ChartSlice } from './chartSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createLiveSlice, type LiveSlice } from './liveSlice';
import { createMarketSlice, type MarketSlice } from './marketSlice';
import { createModelsSlice, type ModelsSlice } from './modelsSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createTrainingSlice, type TrainingSlice } from './trainingSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

/** The whole renderer state. */
export type AppState = MarketSlice & SettingsSlice & TrainingSlice & ChartSlice & ModelsSlice & HistorySlice & BacktestSlice & UiSlice & LiveSlice;

/** The store's API (getState, setState, subscribe). */
export type AppStore = StoreApi<AppState>;

/** A fresh store (one per app; tests make their own). */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createMarketSlice(...a),
    ...createSettingsSlice(...a),
    ...createTrainingSlice(...a),
    ...createChartSlice(...a),
    ...createModelsSlice(...a),
    ...createHistorySlice(...a),
    ...createBacktestSlice(...a),
    ...createUiSlice(...a),
    ...createLiveSlice(...a),
  }));
}
