/**
 * One candle chart: history candles with a volume pane, and one predictor's forecast drawn as its own
 * series (semi-transparent colours, a start line and the 50/80/90% fan of the close), replaceable without touching history.
 */
import {
  CandlestickSeries,
  HistogramSeries,
  createChart,
  type CandlestickData,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { themedChartOptions } from './chartOptions';
import type { Candle } from '../../../core/data/candles';
import type { Forecast, PredictorType } from '../../../core/predictors/types';
import { forecastCandles, forecastFan, forecastStartTime, historyCandles, volumeBars } from './chartData';
import { ForecastStartLine } from './forecastStartLine';
import { IntervalBand } from './intervalBand';
import { FORECAST_PALETTES, THEME } from './theme';

/** What the test hook reports about one series of a chart. */
export interface SeriesReport {
  readonly id: string;
  readonly kind: 'Candlestick' | 'Histogram' | 'Line';
  readonly count: number;
  /** Chart times in UTC seconds, null when empty. */
  readonly firstTime: number | null;
  readonly lastTime: number | null;
}

/** The bar under the crosshair, for the legend. */
export interface HoveredBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** 1-based forecast step, or null for a real bar. */
  readonly step: number | null;
}

/** A live chart and the calls that feed it. */
export interface CandleChart {
  readonly chart: IChartApi;
  /** The series the crosshair sync reads. */
  readonly history: ISeriesApi<'Candlestick'>;
  readonly forecastSeries: readonly ISeriesApi<'Candlestick'>[];
  setHistory(candles: readonly Candle[]): void;
  /** Replaces the last real bar (same time) or appends a newer one; an older bar is ignored. */
  updateBar(candle: Candle): void;
  /** Replaces one predictor's forecast (null removes it); history is untouched. */
  setForecast(type: PredictorType, forecast: Forecast | null): void;
  /** Scrolls to the last real bars and the whole forecast. */
  focusForecast(): void;
  onHover(cb: (bar: HoveredBar | null) => void): () => void;
  describe(): SeriesReport[];
  destroy(): void;
}

/** How much history stays in view beside the forecast. */
const CONTEXT_BARS = 240;

function report(id: string, kind: SeriesReport['kind'], series: ISeriesApi<'Candlestick'> | ISeriesApi<'Histogram'>): SeriesReport {
  const data = series.data();
  const time = (i: number) => (data.length ? (data[i].time as number) : null);
  return { id, kind, count: data.length, firstTime: time(0), lastTime: time(data.length - 1) };
}

/** One predictor's forecast drawing: its candle series, the fan (90%, 80%, 50% bands) and start line. */
interface ForecastLayer {
  readonly type: PredictorType;
  readonly series: ISeriesApi<'Candlestick'>;
  readonly fan: readonly IntervalBand[];
  readonly startLine: ForecastStartLine;
  data: CandlestickData<UTCTimestamp>[];
}

function addForecastLayer(chart: IChartApi, type: PredictorType): ForecastLayer {
  const palette = FORECAST_PALETTES[type];
  const series = chart.addSeries(CandlestickSeries, {
    upColor: palette.up, downColor: palette.down, wickUpColor: palette.wick, wickDownColor: palette.wick,
    borderVisible: false, priceLineVisible: false, lastValueVisible: false,
  });
  // Overlapping fills darken toward the middle: 90% lightest, 50% darkest; only the 80% band has dashed edges.
  const fan = [new IntervalBand(palette.bandFill, 'transparent'), new IntervalBand(palette.bandFill, palette.bandEdge), new IntervalBand(palette.bandFill, 'transparent')];
  const startLine = new ForecastStartLine(THEME.startLine, `${palette.label} forecast`);
  for (const band of fan) series.attachPrimitive(band);
  series.attachPrimitive(startLine);
  return { type, series, fan, startLine, data: [] };
}

/** Creates a chart in `container` with history, volume (unless turned off) and a forecast layer per predictor. */
export function createCandleChart(container: HTMLElement, opts: { volume?: boolean; predictors?: readonly PredictorType[] } = {}): CandleChart {
  const base = themedChartOptions();
  const chart = createChart(container, { ...base, timeScale: { ...base.timeScale, rightOffset: 6 } });
  const history = chart.addSeries(CandlestickSeries, {
    upColor: THEME.up, downColor: THEME.down, wickUpColor: THEME.up, wickDownColor: THEME.down, borderVisible: false,
  });
  const layers = (opts.predictors ?? (['autoregressive', 'multi_ohlc'] as const)).map((t) => addForecastLayer(chart, t));
  const volume = opts.volume === false ? null : chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false }, 1);
  if (volume) {
    chart.panes()[0].setStretchFactor(4);
    chart.panes()[1].setStretchFactor(1);
  }

  // Time (UTC seconds) of the newest drawn bar, kept here so a live update does not read the whole series back.
  let lastTime = -Infinity;

  function setHistory(candles: readonly Candle[]): void {
    const bars = historyCandles(candles);
    history.setData(bars);
    lastTime = bars.length ? bars[bars.length - 1].time : -Infinity;
    volume?.setData(volumeBars(candles));
  }

  function updateBar(c: Candle): void {
    const [bar] = historyCandles([c]);
    if (bar.time < lastTime) return;
    lastTime = bar.time;
    history.update(bar);
    const [v] = volumeBars([c]);
    volume?.update(v);
  }

  function setForecast(type: PredictorType, f: Forecast | null): void {
    const layer = layers.find((l) => l.type === type);
    if (!layer) return;
    layer.data = f ? forecastCandles(f) : [];
    layer.series.setData(layer.data);
    const fan = f ? forecastFan(f) : [];
    layer.fan.forEach((band, k) => band.setPoints(fan[k] ?? []));
    layer.startLine.setTimes(f ? forecastStartTime(f) : null, layer.data.length ? layer.data[0].time : null);
  }

  function focusForecast(): void {
    const bars = history.data().length;
    if (bars === 0) return;
    const ahead = Math.max(0, ...layers.map((l) => l.data.length));
    chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, bars - CONTEXT_BARS), to: bars + ahead + 6 });
  }

  function onHover(cb: (bar: HoveredBar | null) => void): () => void {
    const handler = (param: MouseEventParams<Time>) => {
      if (param.time === undefined) return cb(null);
      for (const layer of layers) {
        const f = param.seriesData.get(layer.series) as CandlestickData<Time> | undefined;
        if (f && f.open !== undefined) {
          const step = layer.data.findIndex((d) => d.time === f.time) + 1;
          return cb({ time: f.time as number, open: f.open, high: f.high, low: f.low, close: f.close, step: step || null });
        }
      }
      const h = param.seriesData.get(history) as CandlestickData<Time> | undefined;
      if (!h || h.open === undefined) return cb(null);
      cb({ time: h.time as number, open: h.open, high: h.high, low: h.low, close: h.close, step: null });
    };
    chart.subscribeCrosshairMove(handler);
    return () => chart.unsubscribeCrosshairMove(handler);
  }

  function describe(): SeriesReport[] {
    const out = [report('history', 'Candlestick', history), ...layers.map((l) => report(`forecast:${l.type}`, 'Candlestick', l.series))];
    if (volume) out.push(report('volume', 'Histogram', volume));
    return out;
  }

  return {
    chart, history, forecastSeries: layers.map((l) => l.series), setHistory, updateBar, setForecast, focusForecast, onHover, describe,
    destroy: () => chart.remove(),
  };
}
