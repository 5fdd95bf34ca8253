/**
 * The live feed's actions: keeps the open market watched (a leased watch renewed while it stays open), feeds its
 * bars and state into the store, refreshes the shown forecast when rolling forecasts are on, overlays a saved
 * forecast and keeps its running score current, and loads the models' live records.
 */
import type { ApiClient } from '../../../core/api/client';
import { timeframeMs } from '../../../core/data/candles';
import type { PredictorType } from '../../../core/predictors/types';
import type { AppStore } from '../store/appStore';
import { seriesKeyOf } from '../store/chartSlice';
import { toPlainError } from './plainErrors';

/** How long a watch lasts without renewal, and how often it is renewed. */
const LEASE_S = 120;
const RENEW_MS = 45_000;

/** Sources without a live feed (imported files). */
const STATIC_SOURCES = new Set(['csv']);

/** The live actions the views call. */
export interface LiveController {
  start(): void;
  /** Pauses or resumes following the market. */
  setPaused(paused: boolean): void;
  /** Turns rolling forecasts (a fresh forecast after every closed bar) on or off. */
  setRolling(on: boolean): void;
  /** Draws a saved forecast on the chart against what followed it, with its running score. */
  showOverlay(predictionId: string): Promise<void>;
  clearOverlay(): void;
  refreshModelScores(): Promise<void>;
  stop(): void;
}

/**
 * Creates the live controller; `loadCandles` shows a market's history and `refreshModels` re-reads the model list
 * (the app controller's), e.g. when the Models view opens after a model was trained elsewhere.
 */
export function createLiveController(api: ApiClient, store: AppStore, loadCandles: () => Promise<void>,
  refreshModels: () => Promise<void> = async () => undefined): LiveController {
  const s = () => store.getState();
  const offs: (() => void)[] = [];
  let watchId: string | undefined;
  let watched: string | null = null;
  let renewTimer: ReturnType<typeof setInterval> | null = null;
  /** Open time of the newest closed bar this window was told about; a jump past it means bars were missed. */
  let lastClosedSeen: number | null = null;
  let reloading = false;

  /** Bars were missed (this window slept past its lease, or events were lost): the store has them, so reload. */
  function catchUp(newest: number): void {
    lastClosedSeen = newest;
    if (reloading) return;
    reloading = true;
    void loadCandles().finally(() => (reloading = false));
  }

  const marketOf = () => ({ exchange: s().source, symbol: s().symbol, timeframe: s().timeframe });
  const rollingModel = (): string | undefined => {
    if (!s().rollingForecast) return undefined;
    const f = s().forecasts[s().mainPredictor];
    return f && seriesKeyOf(f.exchange, f.symbol, f.timeframe) === watched ? f.model_info.name : undefined;
  };

  async function renew(): Promise<void> {
    if (!watched || s().livePaused) return;
    const m = marketOf();
    try {
      const r = await api.watchMarket({ ...m, watch_id: watchId, lease_s: LEASE_S, rolling_model: rollingModel() });
      watchId = r.watch_id;
      if (watched === seriesKeyOf(r.exchange, r.symbol, r.timeframe)) s().applyLiveStatus(r);
    } catch (err) {
      s().showError(toPlainError(err, { action: `follow ${m.symbol} ${m.timeframe} live`, source: m.exchange }));
    }
  }

  function release(): void {
    if (watchId) void api.unwatchMarket({ watch_id: watchId }).catch(() => undefined);
    watchId = undefined;
    if (renewTimer) clearInterval(renewTimer);
    renewTimer = null;
  }

  /** Follows the market the market bar shows (none for imported files or while paused). */
  function follow(): void {
    const m = marketOf();
    const key = seriesKeyOf(m.exchange, m.symbol, m.timeframe);
    const want = STATIC_SOURCES.has(m.exchange) || s().livePaused ? null : key;
    if (want === watched && (want === null || watchId)) return;
    release();
    watched = want;
    lastClosedSeen = null;
    s().resetLive(want);
    if (!want) return;
    void renew();
    renewTimer = setInterval(() => void renew(), RENEW_MS);
  }

  async function refreshOverlayScore(): Promise<void> {
    const o = s().overlay;
    if (!o) return;
    try {
      const score = await api.predictionScore({ id: o.record.id });
      if (s().overlay?.record.id === o.record.id) s().setOverlay({ record: o.record, score });
    } catch {
      /* the next closed bar tries again */
    }
  }

  async function refreshModelScores(): Promise<void> {
    try {
      s().setModelScores(await api.modelLiveScores());
    } catch {
      /* the Models view shows the models without live records */
    }
  }

  return {
    start() {
      offs.push(api.on('candle', (e) => {
        if (seriesKeyOf(e.exchange, e.symbol, e.timeframe) !== watched || s().liveKey !== watched) return;
        if (e.closed) {
          const tf = timeframeMs(e.timeframe);
          if (lastClosedSeen !== null && e.candle.time > lastClosedSeen + tf) catchUp(e.candle.time - tf);
          lastClosedSeen = Math.max(lastClosedSeen ?? -Infinity, e.candle.time);
        }
        s().applyLiveCandle(e.candle, e.closed, Date.now());
        const o = s().overlay?.record;
        if (e.closed && o && seriesKeyOf(o.exchange, o.symbol, o.timeframe) === watched) void refreshOverlayScore();
      }));
      offs.push(api.on('liveStatus', (e) => {
        if (seriesKeyOf(e.exchange, e.symbol, e.timeframe) !== watched) return;
        s().applyLiveStatus(e);
        const last = e.last_bar ? Date.parse(e.last_bar) : null;
        if (last === null || e.state !== 'live') return;
        if (lastClosedSeen === null) lastClosedSeen = last;
        else if (last > lastClosedSeen) catchUp(last);
      }));
      offs.push(api.on('forecast', (e) => {
        const f = s().forecasts[s().mainPredictor];
        if (!s().rollingForecast || !f || f.model_info.name !== e.model || seriesKeyOf(e.exchange, e.symbol, e.timeframe) !== watched) return;
        s().setForecast(e.forecast.model_info.type as PredictorType, e.forecast);
      }));
      offs.push(store.subscribe((st, prev) => {
        if (st.view === 'models' && prev.view !== 'models') void refreshModels();
        const opened = st.view !== prev.view && (st.view === 'models' || st.view === 'history');
        if (opened || st.models !== prev.models) void refreshModelScores();
      }));
      let last = '';
      offs.push(store.subscribe((st) => {
        const now = `${st.source}|${st.symbol}|${st.timeframe}|${st.livePaused}|${st.readiness}`;
        if (now === last || st.readiness !== 'loaded') return;
        last = now;
        follow();
      }));
      if (s().readiness === 'loaded') follow();
    },
    setPaused(paused) {
      s().setLivePaused(paused);
      if (paused) {
        release();
        watched = null;
        s().applyLiveStatus({ ...marketOf(), state: 'paused', last_update: s().liveStatus?.last_update ?? null, last_bar: s().liveStatus?.last_bar ?? null, error: 'paused by you', next_poll_at: null, watchers: 0 });
      } else {
        // History catches up with what was missed, then the feed takes over.
        void loadCandles().then(follow);
      }
    },
    setRolling(on) {
      s().setRollingForecast(on);
      void renew();
    },
    async showOverlay(predictionId) {
      try {
        const record = await api.getPrediction({ id: predictionId });
        if (!record.result) throw new Error(`that forecast has no result (${record.status})`);
        const st = s();
        if (st.source !== record.exchange || st.symbol !== record.symbol || st.timeframe !== record.timeframe) {
          st.setSource(record.exchange);
          st.setSymbol(record.symbol);
          st.setTimeframe(record.timeframe);
          await loadCandles();
        }
        s().setOverlay({ record, score: null });
        s().setView('chart');
        await refreshOverlayScore();
      } catch (err) {
        s().showError(toPlainError(err, { action: 'show the saved forecast on the chart' }));
      }
    },
    clearOverlay() {
      s().setOverlay(null);
    },
    refreshModelScores,
    stop() {
      release();
      offs.splice(0).forEach((off) => off());
    },
  };
}
