// Public surface of the feature engine: 100+ causal, scale-free features, identical in batch and in streaming.
import { buildCatalogue, type FeatureCategory, type FeatureInfo } from './catalogue';
import { resolveFeatureConfig, type FeatureConfig } from './config';

export { DEFAULT_FEATURE_CONFIG, FEATURE_SET_VERSION, featureConfigHash, resolveFeatureConfig, type FeatureConfig } from './config';
export { FEATURE_CATEGORIES, type FeatureCategory, type FeatureInfo } from './catalogue';
export { FeatureEngine, type FeatureMatrix } from './engine';
export type { FeatureStream } from './stream';
export { FeatureCache, type FeatureCacheStats } from './cache';
export { renderFeatureDocs } from './featureDocs';

/** Name, category, formula in words and warm-up of every feature of a config, in column order. */
export function featureCatalogue(config: Partial<FeatureConfig> = {}): readonly FeatureInfo[] {
  return buildCatalogue(resolveFeatureConfig(config));
}

/** Number of features per category for a config. */
export function featureCategoryCounts(config: Partial<FeatureConfig> = {}): Record<FeatureCategory, number> {
  const counts: Record<FeatureCategory, number> = { price: 0, technical: 0, rolling: 0, pattern: 0, time: 0 };
  for (const f of featureCatalogue(config)) counts[f.category]++;
  return counts;
}
