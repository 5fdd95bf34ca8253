import { timeframeMs, type Timeframe } from '../data/candles';

/** The facts about a stored model that decide whether it must be retrained. */
export interface ModelFacts {
  readonly feature_config_hash: string;
  readonly timeframe: Timeframe;
  readonly data_range: { readonly to: string };
}

/** Whether a model is outdated, and why (for the job message). */
export type Freshness = { readonly outdated: false } | { readonly outdated: true; readonly reason: string };

const DAY_MS = 86_400_000;

/** How far a model's data may end before the newest stored bar: max(24 h, 1,000 bars). */
export function allowedLagMs(timeframe: Timeframe): number {
  return Math.max(DAY_MS, 1000 * timeframeMs(timeframe));
}

/**
 * The rule: a model is outdated when it was trained with a different feature configuration, or when its
 * data ends more than max(24 h, 1,000 bars) before the newest stored bar of its series.
 */
export function modelFreshness(model: ModelFacts, currentFeatureHash: string, newestBarTime: number | undefined): Freshness {
  if (model.feature_config_hash !== currentFeatureHash) {
    return { outdated: true, reason: 'trained with a different feature configuration' };
  }
  const dataEnd = Date.parse(model.data_range.to);
  if (newestBarTime !== undefined && Number.isFinite(dataEnd)) {
    const lag = newestBarTime - dataEnd;
    if (lag > allowedLagMs(model.timeframe)) {
      const hours = Math.round(lag / 3_600_000);
      return { outdated: true, reason: `its data ends ${hours} h before the newest stored bar` };
    }
  }
  return { outdated: false };
}
