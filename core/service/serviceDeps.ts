import type { SeriesKey } from '../data/candles';
import type { CcxtConnection } from '../data/ccxtSource';
import type { Forecast } from '../predictors/types';
import type { DataHome } from '../runtime/home';
import type { EventBus } from './eventBus';
import type { ForecastWorkerRequest, RefreshResult } from './forecastProtocol';
import type { JobManager } from './jobs';
import type { PredictionStore } from './predictionStore';
import type { WorkerPool } from './workerPool';

/** The parts of a running service that its operations share. */
export interface ServiceDeps {
  readonly home: DataHome;
  readonly bus: EventBus;
  readonly jobs: JobManager;
  readonly pool: WorkerPool<ForecastWorkerRequest>;
  readonly predictions: PredictionStore;
  readonly ccxt?: Readonly<Record<string, CcxtConnection>>;
  /** Brings a series up to date (deduplicated and throttled per series). */
  refresh(key: SeriesKey, days: number): Promise<RefreshResult>;
  /** Open time of the newest stored bar of a series (read now, not from a throttled refresh). */
  newestBar(key: SeriesKey): number | null;
  /** Forecasts with a stored model in a worker. */
  forecastWith(name: string, trainedAt: string, key: SeriesKey): Promise<Forecast>;
  /** Drops cached copies of a model after it was saved or deleted. */
  onModelSaved(name: string): Promise<void>;
}
