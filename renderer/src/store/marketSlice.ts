/** The market bar's choices: source, symbol, timeframe, steps ahead and which predictors to use. */
import type { StateCreator } from 'zustand/vanilla';
import { isTimeframe, type Timeframe } from '../../../core/data/candles';
import type { PredictorType } from '../../../core/predictors/types';
import type { AppState } from './appStore';
import type { SeriesInfo, SourceInfo } from './apiTypes';

/** Which predictors a Train or Forecast runs. */
export type PredictorChoice = PredictorType | 'both';

/** Most steps ahead a model may have (the contract's limit). */
export const MAX_STEPS_AHEAD = 5000;

/** Market bar state and its setters. */
export interface MarketSlice {
  sources: readonly SourceInfo[];
  series: readonly SeriesInfo[];
  source: string;
  symbol: string;
  timeframe: Timeframe;
  stepsText: string;
  steps: number;
  stepsError: string | null;
  predictor: PredictorChoice;
  setSources(sources: readonly SourceInfo[], series: readonly SeriesInfo[]): void;
  setSource(source: string): void;
  setSymbol(symbol: string): void;
  setTimeframe(timeframe: string): void;
  setStepsText(text: string): void;
  setPredictor(choice: PredictorChoice): void;
}

/** The predictor types a choice stands for, autoregressive first. */
export function predictorTypes(choice: PredictorChoice): PredictorType[] {
  return choice === 'both' ? ['autoregressive', 'multi_ohlc'] : [choice];
}

/** Symbols offered for a source: the source's own list, plus every stored series of it. */
export function symbolsFor(source: string, sources: readonly SourceInfo[], series: readonly SeriesInfo[]): string[] {
  const out = new Set<string>(sources.find((s) => s.id === source)?.symbols ?? []);
  for (const s of series) if (s.exchange === source) out.add(s.symbol);
  return [...out];
}

/** Parses the steps-ahead field: a whole number from 1 to MAX_STEPS_AHEAD. */
export function parseSteps(text: string): { steps: number } | { error: string } {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(v)) return { error: 'Steps ahead must be a whole number' };
  if (v < 1 || v > MAX_STEPS_AHEAD) return { error: `Steps ahead must be from 1 to ${MAX_STEPS_AHEAD}` };
  return { steps: v };
}

/** Creates the market slice; starts on the demo market, BTC/USDT 1m, 300 steps, both predictors. */
export const createMarketSlice: StateCreator<AppState, [], [], MarketSlice> = (set, get) => ({
  sources: [],
  series: [],
  source: 'demo',
  symbol: 'BTC/USDT',
  timeframe: '1m',
  stepsText: '300',
  steps: 300,
  stepsError: null,
  predictor: 'both',
  setSources: (sources, series) => set({ sources, series }),
  setSource: (source) => {
    const symbols = symbolsFor(source, get().sources, get().series);
    const symbol = symbols.includes(get().symbol) || symbols.length === 0 ? get().symbol : symbols[0];
    set({ source, symbol });
  },
  setSymbol: (symbol) => set({ symbol: symbol.trim().toUpperCase() }),
  setTimeframe: (timeframe) => {
    if (isTimeframe(timeframe)) set({ timeframe });
  },
  setStepsText: (stepsText) => {
    const r = parseSteps(stepsText);
    set('steps' in r ? { stepsText, steps: r.steps, stepsError: null } : { stepsText, stepsError: r.error });
  },
  setPredictor: (predictor) => set({ predictor }),
});
