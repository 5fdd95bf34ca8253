/** The Backtest view's form, its inline errors, and the last result or failure. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore';
import type { BacktestSummary } from './apiTypes';
import { defaultBacktestForm, validateBacktestForm, type BacktestErrors, type BacktestField, type BacktestForm, type BacktestRange } from './backtestForm';
import type { PlainError } from './uiSlice';

/** Backtest state and its setters. */
export interface BacktestSlice {
  backtestForm: BacktestForm;
  backtestErrors: BacktestErrors;
  backtestResult: BacktestSummary | null;
  backtestFailure: PlainError | null;
  /** Chooses the model; the horizon is checked against its steps again. */
  setBacktestModel(name: string | null): void;
  setBacktestRange(range: BacktestRange): void;
  setBacktestText(field: BacktestField, text: string): void;
  setBacktestFlag(flag: 'longOnly' | 'requireConfidence', on: boolean): void;
  resetBacktestForm(): void;
  /** A finished run (clears the failure) or a failure (keeps the last result off screen). */
  setBacktestOutcome(outcome: { result: BacktestSummary } | { failure: PlainError }): void;
}

/** The chosen model's steps, the horizon's upper limit. */
export function backtestMaxHorizon(s: Pick<AppState, 'models' | 'backtestForm'>): number | undefined {
  return s.models.find((m) => m.name === s.backtestForm.model)?.n_steps_ahead;
}

/** Creates the backtest slice. */
export const createBacktestSlice: StateCreator<AppState, [], [], BacktestSlice> = (set, get) => {
  const update = (patch: Partial<BacktestForm>) => {
    const backtestForm = { ...get().backtestForm, ...patch };
    set({ backtestForm, backtestErrors: validateBacktestForm(backtestForm, backtestMaxHorizon({ models: get().models, backtestForm })) });
  };
  return {
    backtestForm: defaultBacktestForm(),
    backtestErrors: {},
    backtestResult: null,
    backtestFailure: null,
    setBacktestModel: (model) => update({ model }),
    setBacktestRange: (range) => update({ range }),
    setBacktestText: (field, text) => update({ text: { ...get().backtestForm.text, [field]: text } }),
    setBacktestFlag: (flag, on) => update({ [flag]: on }),
    resetBacktestForm: () => set({ backtestForm: { ...defaultBacktestForm(), model: get().backtestForm.model }, backtestErrors: {} }),
    setBacktestOutcome: (o) => set('result' in o ? { backtestResult: o.result, backtestFailure: null } : { backtestResult: null, backtestFailure: o.failure }),
  };
};
