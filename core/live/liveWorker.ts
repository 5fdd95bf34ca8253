// The live feed's requests to the service's forecast workers: a poll of a market through the store, and the live
// scores of saved forecasts and models. Kept apart from the forecast protocol so each grows on its own.
import type { SeriesKey } from '../data/candles';
import type { CcxtConnection } from '../data/ccxtSource';
import type { CandleStore } from '../data/store';
import type { LivePollResult } from './poller';
import { createScoreReader, type ModelScoreRow, type PredictionLiveScore } from './scoreReader';
import { pollStoredMarket } from './storedSource';

/** Live requests a forecast worker answers, by `type`. */
export type LiveWorkerRequest =
  /** One poll: store the bars closed by `now`, answer those after `after` and the forming bar. */
  | { readonly type: 'livePoll'; readonly key: SeriesKey; readonly now: number; readonly after: number | null }
  /** The running score of one saved forecast (null when it does not exist or has no result). */
  | { readonly type: 'predictionScore'; readonly id: string }
  /** The live record of each named model. */
  | { readonly type: 'modelScores'; readonly names: readonly string[] };

/** The answer type of each live request type. */
export interface LiveWorkerAnswers {
  livePoll: LivePollResult;
  predictionScore: PredictionLiveScore | null;
  modelScores: ModelScoreRow[];
}

/** The live handlers of one forecast worker, over its own store connection. */
export function createLiveWorkerHandlers(data: { readonly dbPath: string; readonly ccxt?: Readonly<Record<string, CcxtConnection>> }, store: () => CandleStore) {
  const scores = createScoreReader(data.dbPath, store);
  return {
    livePoll: (req: Extract<LiveWorkerRequest, { type: 'livePoll' }>) =>
      pollStoredMarket(store(), req.key, req.now, req.after, { ccxt: data.ccxt?.[req.key.exchange] }),
    predictionScore: (req: Extract<LiveWorkerRequest, { type: 'predictionScore' }>) => scores.prediction(req.id),
    modelScores: (req: Extract<LiveWorkerRequest, { type: 'modelScores' }>) => scores.models(req.names),
  };
}
