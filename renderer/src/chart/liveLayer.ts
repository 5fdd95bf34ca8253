/**
 * Live drawing on a candle chart: the bars that arrive live (the forming bar replaced in place), and a saved
 * forecast overlaid beside the real bars that followed it (its candles, its median close and its 80% band).
 * Fed by store.subscribe, never by React renders.
 */
import { CandlestickSeries, LineSeries, LineStyle, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../../../core/data/candles';
import type { Forecast } from '../../../core/predictors/types';
import type { AppState, AppStore } from '../store/appStore';
import type { CandleChart, SeriesReport } from './candleChart';
import { forecastBand, forecastCandles, forecastStartTime } from './chartData';
import { ForecastStartLine } from './forecastStartLine';
import { IntervalBand } from './intervalBand';

/** The overlay's look: grey-white, so it never reads as the current forecast. */
const OVERLAY = {
  up: 'rgba(220, 220, 230, 0.28)', down: 'rgba(160, 160, 175, 0.28)', wick: 'rgba(220, 220, 230, 0.45)',
  median: 'rgba(255, 255, 255, 0.85)', bandFill: 'rgba(255, 255, 255, 0.07)', bandEdge: 'rgba(255, 255, 255, 0.35)',
};

/** The overlay's series, created on first use. */
interface OverlaySeries {
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly median: ISeriesApi<'Line'>;
  readonly band: IntervalBand;
  readonly start: ForecastStartLine;
}

function report(id: string, kind: SeriesReport['kind'], series: ISeriesApi<'Candlestick'> | ISeriesApi<'Line'>): SeriesReport {
  const data = series.data();
  return { id, kind, count: data.length, firstTime: data.length ? (data[0].time as number) : null, lastTime: data.length ? (data[data.length - 1].time as number) : null };
}

/** Binds a chart to the store's live bars and overlay; returns the unbind function and a report for the test hook. */
export function bindLiveLayer(chart: CandleChart, store: AppStore): { unbind(): void; describe(): SeriesReport[] } {
  let overlay: OverlaySeries | null = null;
  let shownOverlay: Forecast | null = null;

  function ensureOverlay(): OverlaySeries {
    if (overlay) return overlay;
    const candles = chart.chart.addSeries(CandlestickSeries, {
      upColor: OVERLAY.up, downColor: OVERLAY.down, wickUpColor: OVERLAY.wick, wickDownColor: OVERLAY.wick,
      borderVisible: false, priceLineVisible: false, lastValueVisible: false,
    });
    const median = chart.chart.addSeries(LineSeries, {
      color: OVERLAY.median, lineWidth: 2, lineStyle: LineStyle.Dashed, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false,
    });
    const band = new IntervalBand(OVERLAY.bandFill, OVERLAY.bandEdge);
    const start = new ForecastStartLine(OVERLAY.median, 'saved forecast');
    candles.attachPrimitive(band);
    candles.attachPrimitive(start);
    overlay = { candles, median, band, start };
    return overlay;
  }

  function drawOverlay(f: Forecast | null): void {
    if (f === shownOverlay) return;
    shownOverlay = f;
    if (!f && !overlay) return;
    const o = ensureOverlay();
    const bars = f ? forecastCandles(f) : [];
    o.candles.setData(bars);
    o.median.setData(f ? f.predictions.map((p) => ({ time: Math.floor(Date.parse(p.timestamp) / 1000) as UTCTimestamp, value: p.predicted_close })) : []);
    o.band.setPoints(f ? forecastBand(f) : []);
    o.start.setTimes(f ? forecastStartTime(f) : null, bars.length ? bars[0].time : null);
    if (bars.length) {
      // Show the saved forecast's whole period with as much real history before it.
      const first = bars[0].time;
      const last = bars[bars.length - 1].time;
      const span = Math.max(last - first, 60);
      chart.chart.timeScale().setVisibleRange({ from: (first - 2 * span) as UTCTimestamp, to: (last + span / 4) as UTCTimestamp });
    }
  }

  /** Draws the live bars the chart has not drawn yet (all of them after a history reload). */
  let drawn: readonly Candle[] = [];
  function drawBars(bars: readonly Candle[], all: boolean): void {
    if (!all && bars === drawn) return;
    const before = new Map(drawn.map((b) => [b.time, b]));
    for (const b of bars) if (all || before.get(b.time) !== b) chart.updateBar(b);
    drawn = bars;
  }

  const draw = (s: AppState, prev: AppState | null) => {
    drawBars(s.liveBars, !prev || s.candles !== prev.candles);
    drawOverlay((s.overlay?.record.result as Forecast | null | undefined) ?? null);
  };
  draw(store.getState(), null);
  const off = store.subscribe((s, prev) => draw(s, prev));
  return {
    unbind: off,
    describe: () => (overlay ? [report('overlay:candles', 'Candlestick', overlay.candles), report('overlay:median', 'Line', overlay.median)] : []),
  };
}
