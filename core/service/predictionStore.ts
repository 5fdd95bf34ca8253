import { randomUUID } from 'node:crypto';
import type { OperationResponse } from '../api/contract';
import type { Timeframe } from '../data/candles';
import type { ForecastScore } from '../evaluation/forecastScore';
import type { Forecast } from '../predictors/types';
import { openSqlite } from '../runtime/sqlite';

/** A saved forecast with its result, as the API returns it. */
export type PredictionRecord = OperationResponse<'getPrediction'>;
/** A saved forecast without its steps. */
export type PredictionSummary = OperationResponse<'listPredictions'>[number];

/** What a new history row holds. */
export interface NewPrediction {
  readonly id?: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly exchange: string;
  readonly modelName: string | null;
  readonly status: PredictionRecord['status'];
  readonly result?: Forecast | null;
  readonly userId?: string | null;
}

/** Filters of the history list. */
export interface PredictionFilter {
  readonly symbol?: string;
  readonly timeframe?: Timeframe;
  readonly exchange?: string;
  readonly limit: number;
}

/** A saved forecast whose score is not final yet. */
export interface UnscoredPrediction {
  readonly id: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly result: Forecast;
}

/** The prediction history in the data home's SQLite database. */
export interface PredictionStore {
  insert(p: NewPrediction): string;
  complete(id: string, result: Forecast, modelName: string): void;
  fail(id: string, status: 'failed' | 'cancelled', error: string): void;
  get(id: string): PredictionRecord | undefined;
  list(filter: PredictionFilter): PredictionSummary[];
  /** Completed forecasts whose score is missing or not yet final. */
  unscored(limit?: number): UnscoredPrediction[];
  setScore(id: string, score: ForecastScore): void;
  close(): void;
}

interface Row {
  id: string;
  symbol: string;
  timeframe: Timeframe;
  exchange: string;
  model_name: string | null;
  created_at: string;
  status: PredictionRecord['status'];
  result: string | null;
  error: string | null;
  user_id: string | null;
  score: string | null;
  current_price: number | null;
  last_bar_time: string | null;
  n_steps: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS predictions (
  id TEXT PRIMARY KEY,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  exchange TEXT NOT NULL,
  model_name TEXT,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,
  result TEXT,
  error TEXT,
  user_id TEXT,
  score TEXT,
  score_final INTEGER NOT NULL DEFAULT 0,
  current_price REAL,
  last_bar_time TEXT,
  n_steps INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS predictions_created ON predictions (created_at);
CREATE INDEX IF NOT EXISTS predictions_unscored ON predictions (status, score_final);
`;

const SUMMARY_COLUMNS = 'id, symbol, timeframe, exchange, model_name, created_at, status, error, user_id, score, current_price, last_bar_time, n_steps';

function toSummary(row: Omit<Row, 'result'>): PredictionSummary {
  return {
    id: row.id, symbol: row.symbol, timeframe: row.timeframe, exchange: row.exchange, model_name: row.model_name,
    status: row.status, created_at: row.created_at, user_id: row.user_id, current_price: row.current_price,
    last_bar_time: row.last_bar_time, n_steps: row.n_steps, error: row.error,
    score: row.score ? (JSON.parse(row.score) as ForecastScore) : null,
  };
}

/** Opens (and creates when missing) the predictions table in the database at `dbPath`. */
export function openPredictionStore(dbPath: string): PredictionStore {
  const db = openSqlite(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const insert = db.prepare(`INSERT INTO predictions (id, symbol, timeframe, exchange, model_name, created_at, status, result, user_id,
    current_price, last_bar_time, n_steps) VALUES (@id, @symbol, @timeframe, @exchange, @model_name, @created_at, @status, @result,
    @user_id, @current_price, @last_bar_time, @n_steps)`);
  const complete = db.prepare(`UPDATE predictions SET status = 'completed', result = ?, model_name = ?, current_price = ?,
    last_bar_time = ?, n_steps = ?, error = NULL WHERE id = ?`);
  const fail = db.prepare('UPDATE predictions SET status = ?, error = ? WHERE id = ?');
  const get = db.prepare(`SELECT ${SUMMARY_COLUMNS}, result FROM predictions WHERE id = ?`);
  const unscored = db.prepare(`SELECT id, exchange, symbol, timeframe, result FROM predictions
    WHERE status = 'completed' AND score_final = 0 AND result IS NOT NULL ORDER BY created_at DESC LIMIT ?`);
  const setScore = db.prepare('UPDATE predictions SET score = ?, score_final = ? WHERE id = ?');

  return {
    insert(p) {
      const id = p.id ?? randomUUID();
      insert.run({
        id, symbol: p.symbol, timeframe: p.timeframe, exchange: p.exchange, model_name: p.modelName,
        created_at: new Date().toISOString(), status: p.status, result: p.result ? JSON.stringify(p.result) : null,
        user_id: p.userId ?? null, current_price: p.result?.current_price ?? null, last_bar_time: p.result?.last_bar_time ?? null,
        n_steps: p.result?.predictions.length ?? 0,
      });
      return id;
    },
    complete(id, result, modelName) {
      complete.run(JSON.stringify(result), modelName, result.current_price, result.last_bar_time, result.predictions.length, id);
    },
    fail(id, status, error) {
      fail.run(status, error, id);
    },
    get(id) {
      const row = get.get(id) as Row | undefined;
      if (!row) return undefined;
      return { ...toSummary(row), result: row.result ? (JSON.parse(row.result) as PredictionRecord['result']) : null };
    },
    list(filter) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.symbol) where.push('symbol = ?'), args.push(filter.symbol);
      if (filter.timeframe) where.push('timeframe = ?'), args.push(filter.timeframe);
      if (filter.exchange) where.push('exchange = ?'), args.push(filter.exchange);
      const sql = `SELECT ${SUMMARY_COLUMNS} FROM predictions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, rowid DESC LIMIT ?`;
      return (db.prepare(sql).all(...args, filter.limit) as Row[]).map(toSummary);
    },
    unscored(limit = 200) {
      return (unscored.all(limit) as { id: string; exchange: string; symbol: string; timeframe: Timeframe; result: string }[]).map((r) => ({
        id: r.id, exchange: r.exchange, symbol: r.symbol, timeframe: r.timeframe, result: JSON.parse(r.result) as Forecast,
      }));
    },
    setScore(id, score) {
      setScore.run(JSON.stringify(score), score.complete ? 1 : 0, id);
    },
    close() {
      db.close();
    },
  };
}
