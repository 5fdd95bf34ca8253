import type { Interval } from './bootstrap';

/** What a component's interval says: above 0, containing 0, or below 0 (never shipped: it falls back to naive). */
export type Verdict = 'edge' | 'no_edge' | 'worse_than_naive';

/** The components of a forecast that are judged separately. */
export type ComponentName = 'direction' | 'range' | 'band' | 'close';

/** One component's verdict with the figure and interval it rests on. */
export interface ComponentVerdict {
  readonly verdict: Verdict;
  /** The pooled skill over all horizons on the test fold (0 = the naive benchmark). */
  readonly skill: number;
  readonly skill_ci: Interval;
  /** True when the component was replaced by its naive benchmark (worse than naive, or no skill on calibration). */
  readonly fallback: boolean;
}

/** Verdicts of every component a predictor forecasts. */
export type Verdicts = Readonly<Record<ComponentName, ComponentVerdict>>;

/** The verdict an interval gives: an edge only when its lower end is above 0. */
export function verdictOf(ci: Interval): Verdict {
  if (ci[0] > 0) return 'edge';
  if (ci[1] < 0) return 'worse_than_naive';
  return 'no_edge';
}

const pm = (skill: number, ci: Interval): string => `${skill.toFixed(3)} [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]`;

/**
 * The verdicts in plain words, e.g. "No edge in direction: the line is the last price. The band and the candle
 * sizes are the forecast (range skill 0.09 [0.07, 0.11])."
 */
export function describeVerdicts(v: Verdicts): string {
  const lines: string[] = [];
  if (v.direction.verdict === 'edge' && v.close.verdict === 'edge') {
    lines.push(`Edge in direction: Brier skill ${pm(v.direction.skill, v.direction.skill_ci)}, close skill ${pm(v.close.skill, v.close.skill_ci)}.`);
  } else if (v.direction.verdict === 'edge') {
    lines.push(`Some edge in direction odds (Brier skill ${pm(v.direction.skill, v.direction.skill_ci)}), none in the price level: the line is the last price.`);
  } else {
    lines.push('No edge in direction: the line is the last price.');
  }
  const carriers: string[] = [];
  if (v.band.verdict === 'edge') carriers.push(`the band (interval score ${pm(v.band.skill, v.band.skill_ci)} better than a trailing-volatility band)`);
  if (v.range.verdict === 'edge') carriers.push(`the candle sizes (range skill ${pm(v.range.skill, v.range.skill_ci)})`);
  if (carriers.length) lines.push(`The forecast is ${carriers.join(' and ')}.`);
  else lines.push('No edge in band width or candle sizes over the naive benchmarks either: they are shown as the naive forecast would draw them.');
  const fell = (Object.keys(v) as ComponentName[]).filter((k) => v[k].fallback);
  if (fell.length) lines.push(`Fell back to the naive benchmark: ${fell.join(', ')}.`);
  return lines.join(' ');
}
