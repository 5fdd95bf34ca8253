/** Which screen is open, the app's readiness, busy flags, and the error or notice shown to the trader. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore';

/** The screens under the market bar. */
export type View = 'chart' | 'compare' | 'quality' | 'importance' | 'models' | 'history' | 'backtest';

/** Every view, in tab order. */
export const VIEWS: readonly View[] = ['chart', 'compare', 'quality', 'importance', 'models', 'history', 'backtest'];

/** Readiness, reported on the root element as `data-app-state` for the end-to-end tests. */
export type AppReadiness = 'starting' | 'loaded' | 'failed';

/** An error in plain words, with what to do about it. */
export interface PlainError {
  readonly message: string;
  readonly hint?: string;
}

/** Long actions that disable their buttons while they run. */
export type BusyKey = 'forecast' | 'import' | 'export' | 'candles' | 'models' | 'importance' | 'backtest';

/** UI state and its setters. */
export interface UiSlice {
  view: View;
  readiness: AppReadiness;
  error: PlainError | null;
  notice: string | null;
  busy: Readonly<Partial<Record<BusyKey, boolean>>>;
  settingsOpen: boolean;
  setView(view: View): void;
  setReadiness(r: AppReadiness): void;
  showError(e: PlainError | null): void;
  showNotice(text: string | null): void;
  setBusy(key: BusyKey, on: boolean): void;
  toggleSettings(open?: boolean): void;
}

/** Creates the UI slice. */
export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  view: 'chart',
  readiness: 'starting',
  error: null,
  notice: null,
  busy: {},
  settingsOpen: false,
  setView: (view) => set({ view }),
  setReadiness: (readiness) => set({ readiness }),
  showError: (error) => set({ error }),
  showNotice: (notice) => set({ notice }),
  setBusy: (key, on) => set({ busy: { ...get().busy, [key]: on } }),
  toggleSettings: (open) => set({ settingsOpen: open ?? !get().settingsOpen }),
});
