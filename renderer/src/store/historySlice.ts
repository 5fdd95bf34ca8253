/** Saved forecasts and their scores. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore';
import type { PredictionSummary } from './apiTypes';

/** History state and its setter. */
export interface HistorySlice {
  predictions: readonly PredictionSummary[];
  predictionsLoaded: boolean;
  setPredictions(predictions: readonly PredictionSummary[]): void;
}

/** Creates the history slice. */
export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set) => ({
  predictions: [],
  predictionsLoaded: false,
  setPredictions: (predictions) => set({ predictions, predictionsLoaded: true }),
});
