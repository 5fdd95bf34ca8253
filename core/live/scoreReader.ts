// Reads saved forecasts and the candles that followed them, and scores them live (runs in a forecast worker, with
// its own connections to the data home's database).
import { timeframeMs, type SeriesKey, type Timeframe } from '../data/candles';
import type { CandleStore } from '../data/store';
import { openSqlite } from '../runtime/sqlite';
import { liveScore, type LiveScorable, type LiveScore } from './liveScore';
import { modelLiveScore, type ModelLiveScore } from './modelScore';

/** A saved forecast's live score with what it is about. */
export interface PredictionLiveScore extends SeriesKey {
  readonly prediction_id: string;
  readonly model_name: string | null;
  /** When the forecast was made (the later of its computation and its saving), ms. */
  readonly made_at: number;
  readonly score: LiveScore;
}

/** A model's live record. */
export interface ModelScoreRow {
  readonly model: string;
  readonly score: ModelLiveScore;
}

interface Row {
  id: string;
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  model_name: string | null;
  created_at: string;
  result: string;
}

/** Forecasts per model the model record reads (the newest ones). */
const MAX_FORECASTS_PER_MODEL = 500;

/** The time a saved forecast was made: the later of its own timestamp and the time it was saved (no look-ahead either way). */
export function madeAtOf(forecastTimestamp: string, createdAt: string): number {
  const a = Date.parse(forecastTimestamp);
  const b = Date.parse(createdAt);
  return Math.max(Number.isFinite(a) ? a : -Infinity, Number.isFinite(b) ? b : -Infinity);
}

/** Live scoring over the data home's database and a candle store. */
export function createScoreReader(dbPath: string, store: () => CandleStore) {
  let db: ReturnType<typeof openSqlite> | undefined;
  const conn = () => (db ??= openSqlite(dbPath));
  const cols = 'id, exchange, symbol, timeframe, model_name, created_at, result';

  function score(row: Row): PredictionLiveScore {
    const forecast = JSON.parse(row.result) as LiveScorable & { timestamp: string };
    const key: SeriesKey = { exchange: row.exchange, symbol: row.symbol, timeframe: row.timeframe };
    const madeAt = madeAtOf(forecast.timestamp, row.created_at);
    const steps = forecast.predictions;
    const from = steps.length ? Date.parse(steps[0].timestamp) : 0;
    const to = steps.length ? Date.parse(steps[steps.length - 1].timestamp) : -1;
    const actual = store().read(key, { from, to });
    const newest = store().info(key)?.last ?? null;
    return {
      ...key, prediction_id: row.id, model_name: row.model_name, made_at: madeAt,
      score: liveScore(forecast, actual, madeAt, timeframeMs(key.timeframe), newest),
    };
  }

  return {
    /** The running score of one saved forecast, or null when it does not exist or has no result. */
    prediction(id: string): PredictionLiveScore | null {
      const row = conn().prepare(`SELECT ${cols} FROM predictions WHERE id = ? AND status = 'completed' AND result IS NOT NULL`).get(id) as Row | undefined;
      return row ? score(row) : null;
    },
    /** The live record of each named model (empty for a model without saved forecasts). */
    models(names: readonly string[]): ModelScoreRow[] {
      const byModel = conn().prepare(`SELECT ${cols} FROM predictions WHERE status = 'completed' AND result IS NOT NULL AND model_name = ?
        ORDER BY created_at DESC LIMIT ${MAX_FORECASTS_PER_MODEL}`);
      const out: ModelScoreRow[] = [];
      for (const model of names) {
        const origins = (byModel.all(model) as Row[]).map(score).map((s) => ({ madeAt: s.made_at, steps: s.score.steps }));
        out.push({ model, score: modelLiveScore(origins) });
      }
      return out;
    },
    close(): void {
      db?.close();
    },
  };
}
