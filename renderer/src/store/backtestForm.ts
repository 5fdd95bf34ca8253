/**
 * The Backtest form: each option's default, limits and parser, the bar ranges on offer, and the request they make.
 * Pure data and functions, so the view, the store and the tests share one definition.
 */
import type { OperationInput } from '../../../core/api/contract';
import type { ModelInfo } from './apiTypes';

/** The numeric options typed as text. */
export const BACKTEST_FIELDS = ['horizon', 'thresholdBps', 'feeBps', 'slippageBps'] as const;

/** One numeric option. */
export type BacktestField = (typeof BACKTEST_FIELDS)[number];

/** Which bars to trade. `unseen`: only bars after the training data; `dN`: from N days before it ended; `all`: every stored bar. */
export type BacktestRange = 'unseen' | 'd1' | 'd7' | 'd30' | 'all';

/** The ranges in menu order, with their labels. */
export const BACKTEST_RANGES: readonly { readonly id: BacktestRange; readonly label: string }[] = [
  { id: 'unseen', label: 'Unseen bars only (after training)' },
  { id: 'd1', label: 'Last day of training data and after' },
  { id: 'd7', label: 'Last 7 days of training data and after' },
  { id: 'd30', label: 'Last 30 days of training data and after' },
  { id: 'all', label: 'All stored bars' },
];

/** The form as typed. */
export interface BacktestForm {
  readonly model: string | null;
  readonly range: BacktestRange;
  readonly text: Readonly<Record<BacktestField, string>>;
  readonly longOnly: boolean;
  readonly requireConfidence: boolean;
}

/** Inline errors by field. */
export type BacktestErrors = Partial<Record<BacktestField, string>>;

/** How one numeric option is shown and checked. */
export interface BacktestFieldSpec {
  readonly label: string;
  readonly help: string;
  readonly defaultText: string;
  readonly integer?: boolean;
  readonly min: number;
  /** Upper limit; the horizon's is the model's steps. */
  readonly max: number;
}

/** Every numeric option; defaults are the API's (and the CLI's). */
export const BACKTEST_SPECS: Readonly<Record<BacktestField, BacktestFieldSpec>> = {
  horizon: { label: 'Horizon (bars)', help: 'Trade on the forecast this many bars ahead', defaultText: '1', integer: true, min: 1, max: 5000 },
  thresholdBps: { label: 'Threshold (bps)', help: 'Go long above +threshold, short below -threshold, else stay flat', defaultText: '5', min: 0, max: 10_000 },
  feeBps: { label: 'Fee per side (bps)', help: '10 bps = 0.10% of the traded amount, paid on every buy and sell', defaultText: '10', min: 0, max: 1000 },
  slippageBps: { label: 'Slippage (bps)', help: 'Every fill this much worse than the bar’s open', defaultText: '0', min: 0, max: 1000 },
};

/** A form with every option at its default and no model chosen. */
export function defaultBacktestForm(): BacktestForm {
  const text = Object.fromEntries(BACKTEST_FIELDS.map((f) => [f, BACKTEST_SPECS[f].defaultText])) as Record<BacktestField, string>;
  return { model: null, range: 'unseen', text, longOnly: false, requireConfidence: false };
}

/** Parses one option, or says in plain words what is wrong; `maxHorizon` is the chosen model's steps. */
export function parseBacktestField(field: BacktestField, raw: string, maxHorizon = BACKTEST_SPECS.horizon.max): { ok: true; value: number } | { ok: false; error: string } {
  const spec = BACKTEST_SPECS[field];
  const max = field === 'horizon' ? Math.min(spec.max, maxHorizon) : spec.max;
  const t = raw.trim();
  if (t === '') return { ok: false, error: `${spec.label} is required` };
  const v = Number(t);
  if (!Number.isFinite(v)) return { ok: false, error: `${spec.label} must be a number` };
  if (spec.integer && !Number.isInteger(v)) return { ok: false, error: `${spec.label} must be a whole number` };
  if (v < spec.min || v > max) return { ok: false, error: `${spec.label} must be from ${spec.min} to ${max}${field === 'horizon' ? ' (the model’s steps)' : ''}` };
  return { ok: true, value: v };
}

/** Every inline error of a form. */
export function validateBacktestForm(form: BacktestForm, maxHorizon?: number): BacktestErrors {
  const errors: BacktestErrors = {};
  for (const f of BACKTEST_FIELDS) {
    const r = parseBacktestField(f, form.text[f], maxHorizon);
    if (!r.ok) errors[f] = r.error;
  }
  return errors;
}

const DAY_MS = 86_400_000;

/** The `backtestModel` request of a valid form for a model (the caller checks validateBacktestForm first). */
export function backtestRequest(form: BacktestForm, model: Pick<ModelInfo, 'name' | 'data_range'>): OperationInput<'backtestModel'> {
  const num = (f: BacktestField) => Number(form.text[f].trim());
  const days = { d1: 1, d7: 7, d30: 30 } as const;
  const from = form.range === 'all' ? 0
    : form.range === 'unseen' ? undefined
      : Math.max(0, Date.parse(model.data_range.to) - days[form.range] * DAY_MS);
  return {
    name: model.name, from, horizon: num('horizon'), threshold_bps: num('thresholdBps'), fee_bps: num('feeBps'),
    slippage_bps: num('slippageBps'), long_only: form.longOnly, require_confidence: form.requireConfidence,
  };
}

/** The model a new backtest defaults to: the current market's autoregressive model (its steps first), else any. */
export function defaultBacktestModel(models: readonly ModelInfo[], market: { source: string; symbol: string; timeframe: string; steps: number }): string | null {
  const onMarket = models.filter((m) => m.exchange === market.source && m.symbol === market.symbol && m.timeframe === market.timeframe);
  const pick = onMarket.find((m) => m.type === 'autoregressive' && m.n_steps_ahead === market.steps)
    ?? onMarket.find((m) => m.type === 'autoregressive') ?? onMarket[0] ?? models.find((m) => m.type === 'autoregressive') ?? models[0];
  return pick?.name ?? null;
}
