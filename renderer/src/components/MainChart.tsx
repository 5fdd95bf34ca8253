/**
 * The main chart: history with volume, and the chosen predictor's forecast after the last real bar.
 * Data reaches the chart through store.subscribe, never through React renders.
 */
import { useEffect, useRef } from 'react';
import { createCandleChart } from '../chart/candleChart';
import { useApp, useServices } from '../app/appContext';
import { registerChart } from '../app/testHook';
import { bandLevelsNote, formatPercent, formatPrice, formatTime, predictorLabel } from '../app/format';
import { PREDICTOR_TYPES, type PredictorType } from '../../../core/predictors/types';
import type { AppState } from '../store/appStore';
import { bindLegend } from './ChartLegend';
import { FORECAST_PALETTES } from '../chart/theme';
import { bindLiveLayer } from '../chart/liveLayer';
import { LiveIndicator } from './LiveIndicator';
import { OverlayPanel } from './OverlayPanel';

function ForecastSummary() {
  const main = useApp((s) => s.mainPredictor);
  const forecasts = useApp((s) => s.forecasts);
  const setMain = useApp((s) => s.setMainPredictor);
  const available = PREDICTOR_TYPES.filter((t) => forecasts[t]);
  const f = forecasts[main];
  return (
    <div className="forecast-summary">
      {available.length > 1 && (
        <div className="segmented" role="tablist" aria-label="Forecast shown">
          {available.map((t) => (
            <button key={t} role="tab" aria-selected={t === main} className={t === main ? 'toggled' : undefined} onClick={() => setMain(t)}>
              <i className="swatch" style={{ background: FORECAST_PALETTES[t].up }} /> {predictorLabel(t)}
            </button>
          ))}
        </div>
      )}
      {f && (
        <span className="muted small" data-testid="forecast-info">
          {predictorLabel(f.model_info.type)} · {f.predictions.length} steps from {formatTime(f.last_bar_time)} UTC · last close {formatPrice(f.current_price)} ·
          step {f.predictions.length}: {formatPrice(f.predictions[f.predictions.length - 1]?.predicted_close ?? NaN)}
          {' '}({formatPercent(f.predictions[f.predictions.length - 1]?.predicted_return ?? NaN, 2)}), 50/80/90% bands shaded
          {bandLevelsNote(f.band_levels) && <span data-testid="band-levels"> · {bandLevelsNote(f.band_levels)}</span>}
          {f.data_stale && <b className="stale"> · data may be stale</b>}
        </span>
      )}
      <LiveIndicator />
    </div>
  );
}

function EmptyHint() {
  const hasCandles = useApp((s) => s.candles.length > 0);
  const hasForecast = useApp((s) => Object.keys(s.forecasts).length > 0);
  const loading = useApp((s) => !!s.busy.candles);
  const training = useApp((s) => s.runs.length > 0);
  const hasOverlay = useApp((s) => !!s.overlay);
  if (hasForecast || training || (hasOverlay && hasCandles)) return null;
  if (!hasCandles) {
    return (
      <div className="empty-state" data-testid="empty-chart">
        <h2>{loading ? 'Loading candles…' : 'No candles for this market yet'}</h2>
        {!loading && <p>Choose the Demo market, or import a CSV file of candles (Import CSV), then click <b>Train</b>.</p>}
      </div>
    );
  }
  return (
    <div className="empty-overlay" data-testid="no-forecast">
      No forecast yet: click <b>Train</b> (Ctrl+Enter) to train the predictors on these candles, or <b>Forecast</b> if a model is already trained.
    </div>
  );
}

/** Mounts one chart fed from the store; `predictors` picks which forecasts it draws. */
export function useStoreChart(
  id: string,
  container: React.RefObject<HTMLDivElement | null>,
  legend: React.RefObject<HTMLDivElement | null>,
  pick: (s: AppState) => readonly PredictorType[],
  opts: { volume?: boolean; onReady?: (c: ReturnType<typeof createCandleChart>) => () => void } = {},
) {
  const { store } = useServices();
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const chart = createCandleChart(el, { volume: opts.volume });
    const draw = (s: AppState, prev: AppState | null) => {
      if (!prev || s.candles !== prev.candles) chart.setHistory(s.candles);
      const shown = pick(s);
      let changed = false;
      for (const t of PREDICTOR_TYPES) {
        const f = shown.includes(t) ? s.forecasts[t] ?? null : null;
        const before = prev && pick(prev).includes(t) ? prev.forecasts[t] ?? null : null;
        if (!prev || f !== before) {
          chart.setForecast(t, f);
          changed = true;
        }
      }
      if (!prev || s.candles !== prev.candles || changed) chart.focusForecast();
    };
    draw(store.getState(), null);
    const unsubscribe = store.subscribe((s, prev) => draw(s, prev));
    const unlegend = legend.current ? bindLegend(chart, legend.current) : () => {};
    const unregister = registerChart(id, chart);
    const offReady = opts.onReady?.(chart) ?? (() => {});
    return () => {
      offReady();
      unregister();
      unlegend();
      unsubscribe();
      chart.destroy();
    };
    // The chart is created once per mount; pick and opts are fixed for a view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, id]);
}

const pickMain = (s: AppState) => [s.mainPredictor];

/** The Chart view. */
export function MainChart() {
  const container = useRef<HTMLDivElement>(null);
  const legend = useRef<HTMLDivElement>(null);
  const { store } = useServices();
  useStoreChart('main', container, legend, pickMain, {
    onReady: (chart) => {
      const layer = bindLiveLayer(chart, store);
      const unregister = registerChart('main:live', { chart: chart.chart, describe: layer.describe });
      return () => {
        unregister();
        layer.unbind();
      };
    },
  });
  return (
    <div className="chart-view">
      <ForecastSummary />
      <OverlayPanel />
      <div className="chart-frame">
        <div ref={container} className="chart" data-testid="main-chart" />
        <div ref={legend} className="legend" data-testid="legend" />
        <EmptyHint />
      </div>
    </div>
  );
}
