/**
 * The Advanced training settings: each field's default, its limits and its parser.
 * Pure data and functions, so the form, the store and the tests share one definition.
 */

/** Names of the settings fields, in the order the form shows them. */
export const SETTING_FIELDS = [
  'daysHistory',
  'lookbackPeriods',
  'validationSplit',
  'testSize',
  'numBoostRound',
  'earlyStoppingRounds',
  'learning_rate',
  'num_leaves',
  'max_depth',
  'feature_fraction',
  'bagging_fraction',
  'min_data_in_leaf',
  'lambda_l1',
  'lambda_l2',
] as const;

/** One settings field name. */
export type SettingField = (typeof SETTING_FIELDS)[number];

/** The parsed value of a field: a number, or a list of numbers for lookback periods. */
export type SettingValue = number | readonly number[];

/** How one field is shown and checked. */
export interface SettingSpec {
  readonly label: string;
  readonly help: string;
  readonly defaultText: string;
  /** Parses the text or returns an error message in plain words. */
  parse(text: string): { ok: true; value: SettingValue } | { ok: false; error: string };
}

type Parsed = { ok: true; value: SettingValue } | { ok: false; error: string };

function numberIn(label: string, min: number, max: number, opts: { integer?: boolean; minExclusive?: boolean; maxExclusive?: boolean } = {}) {
  return (text: string): Parsed => {
    const t = text.trim();
    if (t === '') return { ok: false, error: `${label} is required` };
    const v = Number(t);
    if (!Number.isFinite(v)) return { ok: false, error: `${label} must be a number` };
    if (opts.integer && !Number.isInteger(v)) return { ok: false, error: `${label} must be a whole number` };
    const belowMin = opts.minExclusive ? v <= min : v < min;
    const aboveMax = opts.maxExclusive ? v >= max : v > max;
    if (belowMin || aboveMax) {
      const lower = opts.minExclusive ? `more than ${min}` : `at least ${min}`;
      const upper = opts.maxExclusive ? `less than ${max}` : `at most ${max}`;
      return { ok: false, error: `${label} must be ${lower} and ${upper}` };
    }
    return { ok: true, value: v };
  };
}

function lookbackList(text: string): Parsed {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return { ok: false, error: 'Give at least one lookback period, e.g. 5, 10, 20, 50' };
  if (parts.length > 12) return { ok: false, error: 'Give at most 12 lookback periods' };
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 2 || v > 500) {
      return { ok: false, error: `Lookback "${p}" must be a whole number from 2 to 500` };
    }
    if (values.includes(v)) return { ok: false, error: `Lookback ${v} is listed twice` };
    values.push(v);
  }
  return { ok: true, value: values.sort((a, b) => a - b) };
}

/** Every field's spec; defaults are the predictors' defaults (issue 5) and LightGBM's own. */
export const SETTING_SPECS: Readonly<Record<SettingField, SettingSpec>> = {
  daysHistory: { label: 'Days of history', help: 'How many days of candles to train on', defaultText: '30', parse: numberIn('Days of history', 1, 3650, { integer: true }) },
  lookbackPeriods: { label: 'Lookback periods', help: 'Window lengths of the features, in bars', defaultText: '5, 10, 20, 50', parse: lookbackList },
  validationSplit: { label: 'Validation split', help: 'Share of the training bars held out for early stopping', defaultText: '0.2', parse: numberIn('Validation split', 0.05, 0.5, { minExclusive: true, maxExclusive: true }) },
  testSize: { label: 'Test size', help: 'Share of all bars held out for the accuracy report', defaultText: '0.2', parse: numberIn('Test size', 0.05, 0.5, { minExclusive: true, maxExclusive: true }) },
  numBoostRound: { label: 'Boosting rounds', help: 'Most trees per model', defaultText: '500', parse: numberIn('Boosting rounds', 1, 10000, { integer: true }) },
  earlyStoppingRounds: { label: 'Early-stopping rounds', help: 'Stop when validation has not improved for this many rounds (0: never)', defaultText: '50', parse: numberIn('Early-stopping rounds', 0, 1000, { integer: true }) },
  learning_rate: { label: 'learning_rate', help: 'Shrinkage of each tree', defaultText: '0.05', parse: numberIn('learning_rate', 0, 1, { minExclusive: true }) },
  num_leaves: { label: 'num_leaves', help: 'Most leaves per tree', defaultText: '31', parse: numberIn('num_leaves', 2, 131072, { integer: true }) },
  max_depth: { label: 'max_depth', help: 'Deepest tree; -1 means no limit', defaultText: '7', parse: (t) => (t.trim() === '-1' ? { ok: true, value: -1 } : numberIn('max_depth', 1, 64, { integer: true })(t)) },
  feature_fraction: { label: 'feature_fraction', help: 'Share of features each tree sees', defaultText: '0.8', parse: numberIn('feature_fraction', 0, 1, { minExclusive: true }) },
  bagging_fraction: { label: 'bagging_fraction', help: 'Share of rows each tree sees', defaultText: '0.8', parse: numberIn('bagging_fraction', 0, 1, { minExclusive: true }) },
  min_data_in_leaf: { label: 'min_data_in_leaf', help: 'Fewest rows in a leaf', defaultText: '20', parse: numberIn('min_data_in_leaf', 1, 100000, { integer: true }) },
  lambda_l1: { label: 'lambda_l1', help: 'L1 regularisation', defaultText: '0', parse: numberIn('lambda_l1', 0, 1000) },
  lambda_l2: { label: 'lambda_l2', help: 'L2 regularisation', defaultText: '0', parse: numberIn('lambda_l2', 0, 1000) },
};

/** The text of every field as typed. */
export type SettingsDraft = Readonly<Record<SettingField, string>>;

/** Error message per field that is currently invalid. */
export type SettingsErrors = Readonly<Partial<Record<SettingField, string>>>;

/** The defaults as a draft. */
export function defaultSettingsDraft(): SettingsDraft {
  const out = {} as Record<SettingField, string>;
  for (const f of SETTING_FIELDS) out[f] = SETTING_SPECS[f].defaultText;
  return out;
}

/** Checks every field of a draft. */
export function validateSettings(draft: SettingsDraft): SettingsErrors {
  const errors: Partial<Record<SettingField, string>> = {};
  for (const f of SETTING_FIELDS) {
    const r = SETTING_SPECS[f].parse(draft[f]);
    if (!r.ok) errors[f] = r.error;
  }
  return errors;
}

/** Training options resolved from a valid draft, in the shape the service's train request takes. */
export interface ResolvedTrainingSettings {
  readonly daysHistory: number;
  readonly options: {
    readonly lookbackPeriods: number[];
    readonly validationSplit: number;
    readonly testSize: number;
    readonly numBoostRound: number;
    readonly earlyStoppingRounds: number;
    readonly modelParams: Record<string, number>;
  };
}

const PARAM_FIELDS = ['learning_rate', 'num_leaves', 'max_depth', 'feature_fraction', 'bagging_fraction', 'min_data_in_leaf', 'lambda_l1', 'lambda_l2'] as const;

/** Resolves a draft into training settings; throws naming the first bad field (the form refuses those first). */
export function resolveSettings(draft: SettingsDraft): ResolvedTrainingSettings {
  const errors = validateSettings(draft);
  const firstBad = SETTING_FIELDS.find((f) => errors[f]);
  if (firstBad) throw new Error(errors[firstBad]);
  const value = (f: SettingField): SettingValue => {
    const r = SETTING_SPECS[f].parse(draft[f]);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const modelParams: Record<string, number> = {};
  for (const f of PARAM_FIELDS) modelParams[f] = value(f) as number;
  return {
    daysHistory: value('daysHistory') as number,
    options: {
      lookbackPeriods: [...(value('lookbackPeriods') as readonly number[])],
      validationSplit: value('validationSplit') as number,
      testSize: value('testSize') as number,
      numBoostRound: value('numBoostRound') as number,
      earlyStoppingRounds: value('earlyStoppingRounds') as number,
      modelParams,
    },
  };
}
