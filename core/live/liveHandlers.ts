// The contract's live operations: watching a market, the feeds' states, and the live scores of saved forecasts
// and models (computed in a forecast worker).
import type { ApiHandlers } from '../api/contract';
import { invalidField, notFound } from '../api/errors';
import type { SeriesKey } from '../data/candles';
import { listModels, readModelConfig } from '../predictors';
import { allowedLagMs } from '../service/modelFreshness';
import type { LiveWorkerAnswers, LiveWorkerRequest } from './liveWorker';
import type { LiveFeeds } from './liveFeeds';
import { staleReasons } from './modelScore';

type LiveCall = <K extends LiveWorkerRequest['type']>(req: Extract<LiveWorkerRequest, { type: K }>) => Promise<LiveWorkerAnswers[K]>;

/** What the live operations need from the service. */
export interface LiveHandlerDeps {
  readonly live: LiveFeeds;
  readonly modelsDir: string;
  readonly call: LiveCall;
  seriesKeyOf(req: { exchange?: string; symbol: string; timeframe: SeriesKey['timeframe'] }): SeriesKey;
  newestBar(key: SeriesKey): number | null;
}

/** The live operations' names. */
export type LiveOps = 'watchMarket' | 'unwatchMarket' | 'liveStatus' | 'predictionScore' | 'modelLiveScores';

/** Checks that a rolling model exists and forecasts the watched series. */
function checkRollingModel(modelsDir: string, name: string, key: SeriesKey): void {
  let config;
  try {
    config = readModelConfig(modelsDir, name);
  } catch {
    // An unknown model is a 404 on every path (README), here too.
    throw notFound(`rolling_model: model ${name} not found: train it first`);
  }
  if (config.exchange !== key.exchange || config.symbol !== key.symbol || config.timeframe !== key.timeframe) {
    throw invalidField('rolling_model', `${name} forecasts ${config.exchange} ${config.symbol} ${config.timeframe}, not ${key.exchange} ${key.symbol} ${key.timeframe}`);
  }
}

/** Implements the live operations. */
export function createLiveHandlers(d: LiveHandlerDeps): Pick<ApiHandlers, LiveOps> {
  return {
    async watchMarket(req) {
      const key = d.seriesKeyOf(req);
      if (req.rolling_model) checkRollingModel(d.modelsDir, req.rolling_model, key);
      const { watchId, status } = d.live.watch(key, { watchId: req.watch_id, leaseMs: req.lease_s * 1000, rollingModel: req.rolling_model });
      return { ...status, watch_id: watchId, lease_s: req.lease_s };
    },
    async unwatchMarket(req) {
      return { released: d.live.unwatch(req.watch_id) };
    },
    async liveStatus() {
      return d.live.statuses();
    },
    async predictionScore(req) {
      const r = await d.call({ type: 'predictionScore', id: req.id });
      if (!r) throw notFound(`prediction ${req.id} not found, or it has no result yet`);
      return {
        exchange: r.exchange, symbol: r.symbol, timeframe: r.timeframe, prediction_id: r.prediction_id, model_name: r.model_name,
        made_at: new Date(r.made_at).toISOString(), ...r.score,
        bands: [...r.score.bands], steps: r.score.steps.map((x) => ({ ...x, inside: { ...x.inside } })), scored_at: new Date().toISOString(),
      };
    },
    async modelLiveScores() {
      const models = listModels(d.modelsDir);
      const rows = models.length ? await d.call({ type: 'modelScores', names: models.map((m) => m.name) }) : [];
      return models.map((m) => {
        const score = rows.find((r) => r.model === m.name)!.score;
        const newest = d.newestBar({ exchange: m.exchange, symbol: m.symbol, timeframe: m.timeframe });
        const end = Date.parse(m.data_range.to);
        const lag = newest !== null && Number.isFinite(end) ? newest - end : null;
        const reasons = staleReasons(score, lag, allowedLagMs(m.timeframe));
        return {
          exchange: m.exchange, symbol: m.symbol, timeframe: m.timeframe, model: m.name, ...score,
          skill_ci: score.skill_ci ? [...score.skill_ci] as [number, number] : null,
          coverage_80_ci: score.coverage_80_ci ? [...score.coverage_80_ci] as [number, number] : null,
          stale: reasons.length > 0, stale_reasons: reasons,
        };
      });
    },
  };
}
