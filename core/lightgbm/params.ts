import { native } from './native';

/** LightGBM parameters as an object: `{learning_rate: 0.05, num_leaves: 31, ...}`. */
export type LgbmParams = Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;

let known: Set<string> | undefined;

/** Every parameter name and alias that the compiled LightGBM accepts. */
export function knownParameterNames(): ReadonlySet<string> {
  if (known) return known;
  const dump = JSON.parse(native().paramAliases()) as Record<string, string[]>;
  known = new Set<string>();
  for (const [name, aliases] of Object.entries(dump)) {
    known.add(name);
    for (const a of aliases) known.add(a);
  }
  return known;
}

/**
 * Turns a parameter object into LightGBM's `key=value` string.
 * LightGBM only warns about unknown names and ignores them; we refuse them, with LightGBM's wording.
 */
export function formatParams(params: LgbmParams): string {
  const names = knownParameterNames();
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    if (!names.has(key)) throw new Error(`LightGBM: Unknown parameter: ${key}`);
    const value = Array.isArray(raw) ? raw.join(',') : typeof raw === 'boolean' ? (raw ? 'true' : 'false') : String(raw);
    if (value === '' || /[\s=]/.test(value)) {
      throw new Error(`LightGBM: parameter ${key} has an invalid value ${JSON.stringify(value)}`);
    }
    if (typeof raw === 'number' && !Number.isFinite(raw)) {
      throw new Error(`LightGBM: parameter ${key} must be a finite number, got ${raw}`);
    }
    parts.push(`${key}=${value}`);
  }
  return parts.join(' ');
}

/** Metric names where a larger value is better (early stopping must maximise them). */
const HIGHER_IS_BETTER = new Set(['auc', 'average_precision', 'ndcg', 'map', 'auc_mu']);

/** Whether early stopping should maximise this LightGBM metric (e.g. `valid_1's auc`). */
export function higherIsBetter(metricName: string): boolean {
  const base = metricName.split('@')[0];
  return HIGHER_IS_BETTER.has(base);
}
