import { z } from 'zod';
import { isoField } from './fields';

// The evaluation report's shapes (mirroring EvaluationReport in core/predictors/types.ts): figures per horizon and
// pooled, each with its interval, the verdicts, and the per-origin losses paired comparisons rest on.

/** A 95% block-bootstrap interval [low, high]. */
export const intervalSchema = z.array(z.number()).length(2);

/** One component's verdict: edge, no edge, or worse than naive (then it fell back to its benchmark). */
export const componentVerdictSchema = z.object({
  verdict: z.enum(['edge', 'no_edge', 'worse_than_naive']),
  skill: z.number(),
  skill_ci: intervalSchema,
  fallback: z.boolean(),
});

/** Verdicts of direction, candle range, band and median close. */
export const verdictsSchema = z.object({
  direction: componentVerdictSchema,
  range: componentVerdictSchema,
  band: componentVerdictSchema,
  close: componentVerdictSchema,
});

/** Accuracy at one horizon on the held-out test segment. */
export const horizonMetricsSchema = z.object({
  h: z.number(),
  rmse: z.number(),
  rmse_naive: z.number(),
  skill: z.number(),
  mase: z.number(),
  directional_accuracy: z.number(),
  directional_count: z.number(),
  coverage_80: z.number(),
  range_skill: z.number().optional(),
  skill_ci: intervalSchema,
  coverage_50: z.number(),
  coverage_50_ci: intervalSchema,
  coverage_80_ci: intervalSchema,
  coverage_90: z.number(),
  coverage_90_ci: intervalSchema,
  interval_score_80: z.number(),
  interval_score_80_naive: z.number(),
  interval_skill: z.number(),
  interval_skill_ci: intervalSchema,
  range_skill_ci: intervalSchema.optional(),
  brier: z.number(),
  brier_base: z.number(),
  brier_skill: z.number(),
  brier_skill_ci: intervalSchema,
  ece: z.number(),
  ece_ci: intervalSchema,
  /** The ECE a perfectly calibrated P(up) reaches by chance with probability 5% on the same origins. */
  ece_noise: z.number().optional(),
  /** The median ECE of a perfectly calibrated P(up) on the same origins: what calibration typically shows there. */
  ece_noise_median: z.number().optional(),
});

/** Figures pooled over every horizon of one fold, with intervals. */
export const pooledFiguresSchema = z.object({
  close_skill: z.number(), close_skill_ci: intervalSchema,
  range_skill: z.number(), range_skill_ci: intervalSchema,
  interval_skill: z.number(), interval_skill_ci: intervalSchema,
  brier_skill: z.number(), brier_skill_ci: intervalSchema,
  coverage_80: z.number(), coverage_80_ci: intervalSchema,
});

/** One component's summed losses per test origin: the model's and its naive benchmark's. */
const componentLossesSchema = z.object({ model: z.array(z.number()), naive: z.array(z.number()) });

/** Per test origin, each component's losses summed over the steps (epoch-ms origin times): for paired comparisons. */
export const originLossesSchema = z.object({
  origin_times_ms: z.array(z.number()),
  block_length: z.number(),
  close: componentLossesSchema,
  range: componentLossesSchema,
  band: componentLossesSchema,
  direction: componentLossesSchema,
});

/** The multi-step evaluation report. */
export const evaluationReportSchema = z.object({
  origins: z.number(),
  origins_short: z.number().optional(),
  short_horizons: z.number().optional(),
  origins_medium: z.number().optional(),
  medium_horizons: z.number().optional(),
  /** Forecast origins left out because their outcomes span a gap in the series. */
  origins_dropped_for_gaps: z.number().optional(),
  horizons: z.array(horizonMetricsSchema),
  pooled: pooledFiguresSchema.optional(),
  verdicts: verdictsSchema.optional(),
  verdict_text: z.string().optional(),
  reliability: z.array(z.object({ from: z.number(), to: z.number(), count: z.number(), mean_predicted: z.number(), observed: z.number() })).optional(),
  ece: z.number().optional(),
  ece_ci: intervalSchema.optional(),
  ece_noise: z.number().optional(),
  ece_noise_median: z.number().optional(),
  origin_losses: originLossesSchema.optional(),
  walk_forward: z.array(pooledFiguresSchema.extend({ fold: z.number(), test: z.array(isoField).length(2), origins: z.number() })).optional(),
});


/** A pooled skill with its interval. */
const skillFigureSchema = z.object({ skill: z.number(), skill_ci: intervalSchema });

/** Two models of one series compared component by component (`model` is a, `with` is b; differences are a minus b). */
export const modelComparisonSchema = z.object({
  model: z.string(),
  with: z.string(),
  series: z.string(),
  components: z.array(z.object({
    key: z.enum(['direction', 'range', 'band', 'close']),
    label: z.string(),
    a: skillFigureSchema.nullable(),
    b: skillFigureSchema.nullable(),
    paired: z.object({ difference: z.number(), difference_ci: intervalSchema, better: z.enum(['a', 'b', 'neither']), cells: z.number() }).nullable(),
    verdict: z.string(),
  })),
});
