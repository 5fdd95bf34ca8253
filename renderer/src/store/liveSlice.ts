/**
 * The live feed as the renderer sees it: the watched market's state, the bars that arrived since the history was
 * loaded (the chart draws them through a store subscription), a past forecast overlaid on the chart with its
 * running score, and each model's live record.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { EventPayload, OperationResponse } from '../../../core/api/contract';
import type { Candle } from '../../../core/data/candles';
import type { AppState } from './appStore';

/** A watched market's feed state. */
export type LiveStatusEvent = EventPayload<'liveStatus'>;
/** A saved forecast's running score. */
export type LiveScoreResult = OperationResponse<'predictionScore'>;
/** A saved forecast with its result. */
export type PredictionRecordResult = OperationResponse<'getPrediction'>;
/** A model's live record and stale flag. */
export type ModelLiveScoreRow = OperationResponse<'modelLiveScores'>[number];

/** Live bars kept in the store at most (older ones are in the loaded history by then). */
export const MAX_LIVE_BARS = 2000;

/** A past forecast drawn against what happened. */
export interface Overlay {
  readonly record: PredictionRecordResult;
  readonly score: LiveScoreResult | null;
}

/** Live state and its setters. */
export interface LiveSlice {
  /** `exchange|symbol|timeframe` the live fields are about. */
  liveKey: string | null;
  liveStatus: LiveStatusEvent | null;
  /** Paused by the user: no watch is held and no bar is drawn. */
  livePaused: boolean;
  /** Refresh the shown forecast after every closed bar. */
  rollingForecast: boolean;
  /** Bars received live, oldest first; the last one may be forming (see `liveForming`). */
  liveBars: readonly Candle[];
  liveForming: boolean;
  /** Wall-clock ms when each closed bar reached the renderer, by bar time (the latency figure's end). */
  liveArrivals: Readonly<Record<number, number>>;
  overlay: Overlay | null;
  modelScores: readonly ModelLiveScoreRow[];
  resetLive(key: string | null): void;
  applyLiveStatus(e: LiveStatusEvent): void;
  applyLiveCandle(candle: Candle, closed: boolean, receivedAt: number): void;
  setLivePaused(paused: boolean): void;
  setRollingForecast(on: boolean): void;
  setOverlay(overlay: Overlay | null): void;
  setModelScores(rows: readonly ModelLiveScoreRow[]): void;
}

/** Puts a bar into the live list: replaces a bar with the same time, appends a newer one, ignores an older one. */
export function mergeLiveBar(bars: readonly Candle[], candle: Candle): readonly Candle[] {
  const last = bars[bars.length - 1];
  if (last && candle.time < last.time) return bars;
  const next = last && last.time === candle.time ? [...bars.slice(0, -1), candle] : [...bars, candle];
  return next.length > MAX_LIVE_BARS ? next.slice(next.length - MAX_LIVE_BARS) : next;
}

/** Creates the live slice. */
export const createLiveSlice: StateCreator<AppState, [], [], LiveSlice> = (set, get) => ({
  liveKey: null,
  liveStatus: null,
  livePaused: false,
  rollingForecast: false,
  liveBars: [],
  liveForming: false,
  liveArrivals: {},
  overlay: null,
  modelScores: [],
  resetLive: (liveKey) => set({ liveKey, liveStatus: null, liveBars: [], liveForming: false, liveArrivals: {} }),
  applyLiveStatus: (liveStatus) => set({ liveStatus }),
  applyLiveCandle: (candle, closed, receivedAt) => {
    const s = get();
    const bars = mergeLiveBar(s.liveBars, candle);
    if (bars === s.liveBars) return;
    set({
      liveBars: bars,
      liveForming: !closed,
      liveArrivals: closed ? { ...s.liveArrivals, [candle.time]: receivedAt } : s.liveArrivals,
    });
  },
  setLivePaused: (livePaused) => set({ livePaused }),
  setRollingForecast: (rollingForecast) => set({ rollingForecast }),
  setOverlay: (overlay) => set({ overlay }),
  setModelScores: (modelScores) => set({ modelScores }),
});
