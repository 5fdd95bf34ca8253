// A model's running live score over its saved forecasts: skill against the naive forecast and 80% band coverage,
// each with a 95% moving-block bootstrap interval over forecast origins (blocks of consecutive forecasts, since
// overlapping forecasts share real bars), the coverage over its last 100 scored steps, and a verdict in words.
import type { LiveStepScore } from './liveScore';
import { seededRandom } from '../runtime/seededRandom';

/** One forecast (origin) of a model with the steps scored so far. */
export interface OriginSteps {
  /** When the forecast was made, ms. */
  readonly madeAt: number;
  readonly steps: readonly LiveStepScore[];
}

/** A model's live record. Intervals are null with fewer than MIN_ORIGINS scored forecasts. */
export interface ModelLiveScore {
  /** Forecasts with at least one scored step. */
  readonly forecasts: number;
  readonly steps_scored: number;
  readonly skill: number | null;
  readonly skill_ci: readonly [number, number] | null;
  readonly coverage_80: number | null;
  readonly coverage_80_ci: readonly [number, number] | null;
  /** The newest scored steps (at most RECENT_STEPS) and the share of their closes inside the 80% band. */
  readonly recent_steps: number;
  readonly recent_coverage_80: number | null;
  /** Plain words: whether the live record shows an edge over the naive forecast. */
  readonly verdict: string;
}

/** Fewest scored forecasts for a bootstrap interval. */
export const MIN_ORIGINS = 5;
/** How many of the newest scored steps the stale check looks at. */
export const RECENT_STEPS = 100;
const REPS = 1000;

interface Sums {
  n: number;
  se: number;
  seNaive: number;
  inside: number;
  banded: number;
}

function sumsOf(steps: readonly LiveStepScore[]): Sums {
  const s: Sums = { n: 0, se: 0, seNaive: 0, inside: 0, banded: 0 };
  for (const x of steps) {
    s.n++;
    s.se += (x.predicted_close - x.close) ** 2;
    s.seNaive += (x.naive - x.close) ** 2;
    if ('80' in x.inside) {
      s.banded++;
      if (x.inside['80']) s.inside++;
    }
  }
  return s;
}

const skillOf = (s: Sums) => (s.n && s.seNaive > 0 ? 1 - Math.sqrt(s.se / s.seNaive) : null);
const coverageOf = (s: Sums) => (s.banded ? s.inside / s.banded : null);

function percentile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i];
}

/**
 * 95% moving-block bootstrap intervals of skill and coverage over origins in time order (circular blocks of
 * ceil(n^(1/3)) consecutive origins), pooling the resampled origins' sums.
 */
export function blockBootstrap(perOrigin: readonly Sums[], seed = 1): { skill: [number, number] | null; coverage: [number, number] | null } {
  const n = perOrigin.length;
  if (n < MIN_ORIGINS) return { skill: null, coverage: null };
  const block = Math.ceil(Math.cbrt(n));
  const rnd = seededRandom(seed);
  const skills: number[] = [];
  const coverages: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const acc: Sums = { n: 0, se: 0, seNaive: 0, inside: 0, banded: 0 };
    for (let taken = 0; taken < n; taken += block) {
      const start = Math.floor(rnd() * n);
      for (let k = 0; k < block && taken + k < n; k++) {
        const s = perOrigin[(start + k) % n];
        acc.n += s.n; acc.se += s.se; acc.seNaive += s.seNaive; acc.inside += s.inside; acc.banded += s.banded;
      }
    }
    const sk = skillOf(acc);
    const cv = coverageOf(acc);
    if (sk !== null) skills.push(sk);
    if (cv !== null) coverages.push(cv);
  }
  skills.sort((a, b) => a - b);
  coverages.sort((a, b) => a - b);
  return {
    skill: skills.length ? [percentile(skills, 0.025), percentile(skills, 0.975)] : null,
    coverage: coverages.length ? [percentile(coverages, 0.025), percentile(coverages, 0.975)] : null,
  };
}

function verdictOf(forecasts: number, skill: number | null, ci: readonly [number, number] | null): string {
  if (forecasts === 0 || skill === null) return 'no forecast of this model has been scored yet';
  if (!ci) return `too few scored forecasts (${forecasts}) for an interval: no edge can be claimed yet`;
  if (ci[0] > 0) return 'beats the naive forecast live: the 95% interval of its skill is above zero';
  if (ci[1] < 0) return 'worse than the naive forecast live: the 95% interval of its skill is below zero';
  return 'no edge over the naive forecast shown live: the 95% interval of its skill includes zero';
}

/** The live record of a model from its forecasts' scored steps. */
export function modelLiveScore(origins: readonly OriginSteps[], seed = 1): ModelLiveScore {
  const scored = origins.filter((o) => o.steps.length > 0).sort((a, b) => a.madeAt - b.madeAt);
  const per = scored.map((o) => sumsOf(o.steps));
  const all = per.reduce<Sums>((a, s) => ({ n: a.n + s.n, se: a.se + s.se, seNaive: a.seNaive + s.seNaive, inside: a.inside + s.inside, banded: a.banded + s.banded }),
    { n: 0, se: 0, seNaive: 0, inside: 0, banded: 0 });
  const ci = blockBootstrap(per, seed);
  const recent = scored.flatMap((o) => o.steps).sort((a, b) => a.time - b.time).slice(-RECENT_STEPS);
  const skill = skillOf(all);
  return {
    forecasts: scored.length,
    steps_scored: all.n,
    skill,
    skill_ci: ci.skill,
    coverage_80: coverageOf(all),
    coverage_80_ci: ci.coverage,
    recent_steps: recent.length,
    recent_coverage_80: coverageOf(sumsOf(recent)),
    verdict: verdictOf(scored.length, skill, ci.skill),
  };
}

/** The stale-model rule's thresholds. */
export const STALE_COVERAGE_BELOW = 0.65;

/**
 * Why a model should be retrained, from its live record and its data lag: the live 80% band covered fewer than 65%
 * of its last 100 scored closes, or its training data ends more than `allowedLagMs` before the newest bar.
 */
export function staleReasons(score: ModelLiveScore, dataLagMs: number | null, allowedLagMs: number): string[] {
  const reasons: string[] = [];
  if (dataLagMs !== null && dataLagMs > allowedLagMs) {
    reasons.push(`its data ends ${Math.round(dataLagMs / 3_600_000)} h before the newest bar of its market`);
  }
  if (score.recent_steps >= RECENT_STEPS && score.recent_coverage_80 !== null && score.recent_coverage_80 < STALE_COVERAGE_BELOW) {
    reasons.push(`only ${Math.round(score.recent_coverage_80 * 100)}% of its last ${score.recent_steps} real closes fell inside its 80% band (below ${STALE_COVERAGE_BELOW * 100}%)`);
  }
  return reasons;
}
