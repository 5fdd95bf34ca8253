import { keepValidBars } from '../data/barRules';
import type { OperationResponse } from '../api/contract';
import { normalizeExchange, normalizeSymbol, timeframeMs, type CandleColumns, type SeriesKey } from '../data/candles';
import { parseCandleCsv } from '../data/csvParse';
import { openCandleStore, type CandleStore } from '../data/store';
import { formatIsoTime } from '../data/timestamps';
import { scoreForecast } from '../evaluation/forecastScore';
import { loadModel, type LoadedModel } from '../predictors';
import { backtestStored } from './backtestInWorker';
import type { ForecastWorkerAnswers, ForecastWorkerData, ForecastWorkerRequest } from './forecastProtocol';
import { refreshSeries } from './seriesRefresh';
import { createLiveWorkerHandlers } from '../live/liveWorker';

/** The part of the ccxt module listing exchanges. */
type CcxtModule = { exchanges: string[] } & Record<string, (new () => { has?: Record<string, unknown> }) | undefined>;

/**
 * Bars read before a forecast from the bar opening at `last`: what the loaded model asks for (its feature warm-up, and
 * a year or so for its clock profiles unless it holds them), and never fewer than before profiles were cached.
 */
function historyBars(model: LoadedModel, last: number): number {
  const longest = Math.max(...model.config.lookback_periods);
  return Math.max(1200, 8 * longest + 400, model.historyBars(last));
}

/** The newest `limit` rows of a column set. */
function lastRows(c: CandleColumns, limit: number): CandleColumns {
  if (c.length <= limit) return c;
  const s = c.length - limit;
  return {
    length: limit, time: c.time.subarray(s), open: c.open.subarray(s), high: c.high.subarray(s),
    low: c.low.subarray(s), close: c.close.subarray(s), volume: c.volume.subarray(s),
  };
}

/**
 * The request handlers of one forecast worker: its own store connection, and an LRU cache of loaded models
 * keyed by name and checked against the model's `trained_at`.
 */
export function createForecastHandlers(data: ForecastWorkerData) {
  let store: CandleStore | undefined;
  const db = () => (store ??= openCandleStore(data.dbPath));
  const cache = new Map<string, LoadedModel>();

  function model(name: string, trainedAt: string): LoadedModel {
    const cached = cache.get(name);
    if (cached && cached.summary.trained_at === trainedAt) {
      cache.delete(name);
      cache.set(name, cached);
      return cached;
    }
    cached?.dispose();
    cache.delete(name);
    const loaded = loadModel(data.modelsDir, name);
    cache.set(name, loaded);
    while (cache.size > data.cacheSize) {
      const [oldest, m] = cache.entries().next().value as [string, LoadedModel];
      m.dispose();
      cache.delete(oldest);
    }
    return loaded;
  }

  const live = createLiveWorkerHandlers(data, db);
  const handlers: { [K in ForecastWorkerRequest['type']]: (req: Extract<ForecastWorkerRequest, { type: K }>) => Promise<ForecastWorkerAnswers[K]> | ForecastWorkerAnswers[K] } = {
    ...live,
    refresh: (req) => refreshSeries(db(), req.key, req.days, { ccxt: data.ccxt?.[req.key.exchange] }),
    forecast(req) {
      const m = model(req.name, req.trainedAt);
      const info = db().info(req.key);
      if (!info) throw Object.assign(new Error(`no candles stored for ${req.key.exchange} ${req.key.symbol} ${req.key.timeframe}`), { code: 'unprocessable' });
      const need = historyBars(m, info.last);
      const history = keepValidBars(db().read(req.key, { from: info.last - (need - 1) * timeframeMs(req.key.timeframe) })).candles;
      return m.forecast(history, req.steps === undefined ? {} : { steps: req.steps });
    },
    importance(req) {
      return model(req.name, req.trainedAt).featureImportance(req.kind, req.target);
    },
    backtest(req) {
      return backtestStored(db(), req.key, model(req.name, req.trainedAt), req.options);
    },
    evict(req) {
      cache.get(req.name)?.dispose();
      cache.delete(req.name);
      return null;
    },
    candles(req) {
      const c = lastRows(db().read(req.key, { from: req.from, to: req.to }), req.limit);
      const out: ForecastWorkerAnswers['candles'] = new Array(c.length);
      for (let i = 0; i < c.length; i++) {
        out[i] = { time: c.time[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
      }
      return out;
    },
    importCsv(req): OperationResponse<'importCsv'> {
      const key = { exchange: normalizeExchange(req.exchange), symbol: normalizeSymbol(req.symbol) };
      const parsed = parseCandleCsv(req.text, { file: req.fileName, timeframe: req.timeframe });
      const { candles, timeframe, gaps } = parsed;
      db().write({ ...key, timeframe }, candles);
      const iso = (t: number) => formatIsoTime(t);
      return {
        ...key, timeframe, rows_read: parsed.rowsRead, rows_stored: candles.length, duplicates_dropped: parsed.duplicatesDropped,
        gaps: { count: gaps.count, missing_bars: gaps.missingBars, largest: gaps.largest ? { from: iso(gaps.largest.from), to: iso(gaps.largest.to), bars: gaps.largest.bars } : null },
        first: candles.length ? iso(candles.time[0]) : null,
        last: candles.length ? iso(candles.time[candles.length - 1]) : null,
        ...(parsed.notes.length ? { notes: [...parsed.notes] } : {}),
      };
    },
    score(req) {
      const now = new Date().toISOString();
      const out: ForecastWorkerAnswers['score'] = [];
      for (const item of req.items) {
        const info = db().info(item.key);
        const steps = item.result.predictions;
        if (!info || steps.length === 0) continue;
        const from = Date.parse(steps[0].timestamp);
        const to = Date.parse(steps[steps.length - 1].timestamp);
        if (info.last < from) continue;
        out.push({ id: item.id, score: scoreForecast(item.result, db().read(item.key, { from, to }), info.last, now) });
      }
      return out;
    },
    newest(req) {
      return db().info(req.key)?.last ?? null;
    },
    async ccxtExchanges() {
      const mod = (await import('ccxt')) as unknown as { default?: CcxtModule } & CcxtModule;
      const ccxt = mod.default ?? mod;
      return ccxt.exchanges.filter((id) => {
        try {
          return Boolean(new ccxt[id]!().has?.fetchOHLCV);
        } catch {
          return false;
        }
      });
    },
  };

  return async function handle(req: ForecastWorkerRequest): Promise<unknown> {
    const fn = handlers[req.type] as (r: ForecastWorkerRequest) => unknown;
    return fn(req);
  };
}

/** The key of a series in the store's canonical form. */
export function canonicalKey(key: SeriesKey): SeriesKey {
  return { exchange: normalizeExchange(key.exchange), symbol: normalizeSymbol(key.symbol), timeframe: key.timeframe };
}
