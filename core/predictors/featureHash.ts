import { FeatureEngine } from '../features';
import { DEFAULT_TRAIN_OPTIONS } from './defaults';

/** Hash of the feature configuration this build would train with; a model with another hash is outdated. */
export function currentFeatureConfigHash(lookbackPeriods: readonly number[] = DEFAULT_TRAIN_OPTIONS.lookbackPeriods): string {
  return new FeatureEngine({ lookbackPeriods }).hash;
}
