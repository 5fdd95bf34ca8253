// Two stored models of one series compared component by component: the figures, the paired test and the words that
// the CLI (`candlecast compare`), the REST API (`GET /api/models/:name/compare`) and the app's compare view share.
import type { Interval } from '../evaluation/bootstrap';
import { COMPARED_COMPONENTS, compareComponent } from '../evaluation/componentComparison';
import type { PairedDifference } from '../evaluation/pairedComparison';
import type { ComponentName } from '../evaluation/verdicts';
import { seriesLabel } from './modelIdentity';
import type { ModelResult } from './types';

/** Bad input to a comparison (the same model twice, or models of different series): exit 2 / HTTP 400. */
export class ComparisonInputError extends Error {
  override readonly name = 'ComparisonInputError';
  readonly code = 'invalid_request';
}

/** One component of a comparison: each model's pooled skill and interval, the paired difference (a minus b), words. */
export interface ComparedComponent {
  readonly key: ComponentName;
  readonly label: string;
  readonly a: { readonly skill: number; readonly skill_ci: Interval } | null;
  readonly b: { readonly skill: number; readonly skill_ci: Interval } | null;
  /** Null when the two were not tested on a shared stretch of market, or one lacks per-origin losses. */
  readonly paired: PairedDifference | null;
  readonly verdict: string;
}

/** Two models compared: `model` is a, `with` is b. */
export interface ModelComparison {
  readonly model: string;
  readonly with: string;
  readonly series: string;
  readonly components: readonly ComparedComponent[];
}

/** What a comparison reads of a model. */
export type ComparableModel = Pick<ModelResult, 'name' | 'type' | 'exchange' | 'symbol' | 'timeframe' | 'n_steps_ahead' | 'evaluation'>;

/**
 * Compares model a with model b, labelled by their names. Refuses the same model twice, models of different series
 * (skills against each market's own naive benchmark are not comparable across markets) and of different step counts
 * (their pooled skills average different horizons).
 */
export function compareModels(a: ComparableModel, b: ComparableModel): ModelComparison {
  if (a.name === b.name) throw new ComparisonInputError(`a model cannot be compared with itself (${a.name}): name two different models`);
  if (seriesLabel(a) !== seriesLabel(b)) {
    throw new ComparisonInputError(`${a.name} forecasts ${seriesLabel(a)} and ${b.name} forecasts ${seriesLabel(b)}: compare models of one series`);
  }
  if (a.n_steps_ahead !== b.n_steps_ahead) {
    throw new ComparisonInputError(`${a.name} forecasts ${a.n_steps_ahead} steps and ${b.name} ${b.n_steps_ahead}: their skills pool different steps; compare models of the same steps`);
  }
  const side = (m: ComparableModel) => ({ label: m.name, verdicts: m.evaluation.verdicts, losses: m.evaluation.origin_losses });
  const figure = (m: ComparableModel, key: ComponentName) => {
    const v = m.evaluation.verdicts?.[key];
    return v ? { skill: v.skill, skill_ci: v.skill_ci } : null;
  };
  const components = COMPARED_COMPONENTS.map(({ key, label }) => {
    const c = compareComponent(side(a), side(b), key);
    return { key, label, a: figure(a, key), b: figure(b, key), paired: c.paired ?? null, verdict: c.text };
  });
  return { model: a.name, with: b.name, series: seriesLabel(a), components };
}
