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

/** The bar still forming: hollow, so it never reads as a final candle. */
const FORMING = { up: 'rgba(38, 166, 154, 0.25)', down: 'rgba(239, 83, 80, 0.25)', border: 'rgba(201, 209, 217, 0.8)' };

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
  const forming = chart.chart.addSeries(CandlestickSeries, {
    upColor: FORMING.up, downColor: FORMING.down, borderVisible: true, borderUpColor: FORMING.border, borderDownColor: FORMING.border,
    wickUpColor: FORMING.border, wickDownColor: FORMING.border, priceLineVisible: true, lastValueVisible: true,
  });
  let shownForming: Candle | null = null;
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

  /** Draws the closed live bars the history has not got yet (all of them after a history reload), and the forming bar. */
  let drawn: readonly Candle[] = [];
  function drawBars(bars: readonly Candle[], formingLast: boolean, all: boolean): void {
    const closed = formingLast ? bars.slice(0, -1) : bars;
    const before = new Map(drawn.map((b) => [b.time, b]));
    for (const b of closed) if (all || before.get(b.time) !== b) chart.updateBar(b);
    drawn = closed;
    const f = formingLast ? bars[bars.length - 1] : null;
    if (f === shownForming) return;
    shownForming = f;
    forming.setData(f ? [{ time: Math.floor(f.time / 1000) as UTCTimestamp, open: f.open, high: f.high, low: f.low, close: f.close }] : []);
  }

  const draw = (s: AppState, prev: AppState | null) => {
    const all = !prev || s.candles !== prev.candles;
    if (all || s.liveBars !== prev.liveBars || s.liveForming !== prev.liveForming) drawBars(s.liveBars, s.liveForming, all);
    drawOverlay((s.overlay?.record.result as Forecast | null | undefined) ?? null);
  };
  draw(store.getState(), null);
  const off = store.subscribe((s, prev) => draw(s, prev));
  return {
    unbind: off,
    describe: () => [
      report('live:forming', 'Candlestick', forming),
      ...(overlay ? [report('overlay:candles', 'Candlestick', overlay.candles), report('overlay:median', 'Line', overlay.median)] : []),
    ],
  };
}
