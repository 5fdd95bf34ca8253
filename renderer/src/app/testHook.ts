/**
 * What the end-to-end tests read instead of pixels: the series of every live chart (count, first and last time).
 * Charts register themselves here; `window.__candlecastTest` exposes the registry.
 */
import type { IChartApi } from 'lightweight-charts';
import type { SeriesReport } from '../chart/candleChart';

/** What a registered chart offers the hook: its chart and a report of its series (candle and equity charts). */
export interface ReportingChart {
  readonly chart: IChartApi;
  describe(): SeriesReport[];
}

const charts = new Map<string, ReportingChart>();

/** Registers a live chart under an id (`main`, `compare:autoregressive`, `backtest`, ...); returns the unregister function. */
export function registerChart(id: string, chart: ReportingChart): () => void {
  charts.set(id, chart);
  return () => {
    if (charts.get(id) === chart) charts.delete(id);
  };
}

/** The test hook's interface. */
export interface CandlecastTestHook {
  /** Series of one chart (default `main`), or null when that chart is not on screen. */
  chartSeries(id?: string): SeriesReport[] | null;
  /** Ids of the charts on screen. */
  charts(): string[];
  /** The visible logical range of a chart's time scale (for the synchronisation check). */
  visibleRange(id: string): { from: number; to: number } | null;
}

/** Installs `window.__candlecastTest`. */
export function installTestHook(w: Window & { __candlecastTest?: CandlecastTestHook }): void {
  w.__candlecastTest = {
    chartSeries: (id = 'main') => charts.get(id)?.describe() ?? null,
    charts: () => [...charts.keys()],
    visibleRange: (id) => {
      const r = charts.get(id)?.chart.timeScale().getVisibleLogicalRange();
      return r ? { from: r.from, to: r.to } : null;
    },
  };
}
