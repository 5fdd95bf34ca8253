/**
 * The Backtest view's equity chart: the model strategy's and buy-and-hold's equity as line series, shown as the
 * return since the first bar (0% = starting equity).
 */
import { LineSeries, createChart, type IChartApi, type ISeriesApi, type LineData, type UTCTimestamp } from 'lightweight-charts';
import type { SeriesReport } from './candleChart';
import { themedChartOptions } from './chartOptions';

/** Line colours of the two curves (the autoregressive blue for the model, neutral grey for buy-and-hold). */
export const EQUITY_COLORS = { model: '#58a6ff', buyAndHold: '#8b949e' } as const;

/** [time in ms, equity] pairs as the API sends them. */
export type EquityPoints = readonly (readonly [number, number])[];

/** A live equity chart. */
export interface EquityChart {
  readonly chart: IChartApi;
  /** Replaces both curves (empty arrays clear them) and fits them into view. */
  setCurves(model: EquityPoints, buyAndHold: EquityPoints): void;
  describe(): SeriesReport[];
  destroy(): void;
}

/** Equity pairs as chart points: UTC seconds and percent return since the start. */
export function equityLine(points: EquityPoints): LineData<UTCTimestamp>[] {
  const out: LineData<UTCTimestamp>[] = [];
  for (const [t, v] of points) {
    const time = Math.floor(t / 1000) as UTCTimestamp;
    if (!Number.isFinite(time) || !Number.isFinite(v) || (out.length && time <= out[out.length - 1].time)) continue;
    out.push({ time, value: 100 * (v - 1) });
  }
  return out;
}

function report(id: string, series: ISeriesApi<'Line'>): SeriesReport {
  const data = series.data();
  const time = (i: number) => (data.length ? (data[i].time as number) : null);
  return { id, kind: 'Line', count: data.length, firstTime: time(0), lastTime: time(data.length - 1) };
}

/** Creates the equity chart in `container`, in the candle charts' theme. */
export function createEquityChart(container: HTMLElement): EquityChart {
  const chart = createChart(container, themedChartOptions());
  const percent = { type: 'custom' as const, formatter: (p: number) => `${p >= 0 ? '+' : ''}${p.toFixed(2)}%`, minMove: 0.01 };
  const buyAndHold = chart.addSeries(LineSeries, { color: EQUITY_COLORS.buyAndHold, lineWidth: 1, priceFormat: percent, title: 'Buy & hold' });
  const model = chart.addSeries(LineSeries, { color: EQUITY_COLORS.model, lineWidth: 2, priceFormat: percent, title: 'Model' });
  return {
    chart,
    setCurves(m, b) {
      model.setData(equityLine(m));
      buyAndHold.setData(equityLine(b));
      chart.timeScale().fitContent();
    },
    describe: () => [report('equity:model', model), report('equity:buy_and_hold', buyAndHold)],
    destroy: () => chart.remove(),
  };
}
