/**
 * One candle chart: history candles with a volume pane, and one predictor's forecast drawn as its own
 * series (semi-transparent colours, a start line and the 80% close band), replaceable without touching history.
 */
import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  createChart,
  type CandlestickData,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from '../../../core/data/candles';
import type { Forecast, PredictorType } from '../../../core/predictors/types';
import { forecastBand, forecastCandles, forecastStartTime, historyCandles, volumeBars } from './chartData';
import { ForecastStartLine } from './forecastStartLine';
import { IntervalBand } from './intervalBand';
import { FORECAST_PALETTES, THEME } from './theme';

/** What the test hook reports about one series of a chart. */
export interface SeriesReport {
  readonly id: string;
  readonly kind: 'Candlestick' | 'Histogram';
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
  /** The series the forecast and crosshair sync attach to. */
  readonly history: ISeriesApi<'Candlestick'>;
  readonly forecast: ISeriesApi<'Candlestick'>;
  setHistory(candles: readonly Candle[]): void;
  setForecast(forecast: Forecast | null): void;
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

/** Creates a chart in `container` for forecasts of `predictor` (which decides the forecast colours). */
export function createCandleChart(container: HTMLElement, predictor: PredictorType, opts: { volume?: boolean } = {}): CandleChart {
  const palette = FORECAST_PALETTES[predictor];
  const chart = createChart(container, {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: THEME.background },
      textColor: THEME.text,
      fontFamily: 'system-ui, sans-serif',
      panes: { separatorColor: THEME.border },
    },
    grid: { vertLines: { color: THEME.grid }, horzLines: { color: THEME.grid } },
    crosshair: { mode: CrosshairMode.Normal },
    rightPriceScale: { borderColor: THEME.border },
    timeScale: { borderColor: THEME.border, timeVisible: true, secondsVisible: false, rightOffset: 6 },
  });
  const history = chart.addSeries(CandlestickSeries, {
    upColor: THEME.up, downColor: THEME.down, wickUpColor: THEME.up, wickDownColor: THEME.down, borderVisible: false,
  });
  const forecast = chart.addSeries(CandlestickSeries, {
    upColor: palette.up, downColor: palette.down, wickUpColor: palette.wick, wickDownColor: palette.wick,
    borderVisible: false, priceLineVisible: false, lastValueVisible: false,
  });
  const startLine = new ForecastStartLine(THEME.startLine, `${palette.label} forecast`);
  const band = new IntervalBand(palette.bandFill, palette.bandEdge);
  forecast.attachPrimitive(band);
  forecast.attachPrimitive(startLine);
  const volume = opts.volume === false ? null : chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false }, 1);
  if (volume) {
    chart.panes()[0].setStretchFactor(4);
    chart.panes()[1].setStretchFactor(1);
  }

  let forecastData: CandlestickData<UTCTimestamp>[] = [];

  function setHistory(candles: readonly Candle[]): void {
    history.setData(historyCandles(candles));
    volume?.setData(volumeBars(candles));
  }

  function setForecast(f: Forecast | null): void {
    forecastData = f ? forecastCandles(f) : [];
    forecast.setData(forecastData);
    band.setPoints(f ? forecastBand(f) : []);
    startLine.setTimes(f ? forecastStartTime(f) : null, forecastData.length ? forecastData[0].time : null);
  }

  function focusForecast(): void {
    const bars = history.data().length;
    if (bars === 0) return;
    const ahead = forecastData.length;
    chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, bars - CONTEXT_BARS), to: bars + ahead + 6 });
  }

  function onHover(cb: (bar: HoveredBar | null) => void): () => void {
    const handler = (param: MouseEventParams<Time>) => {
      if (param.time === undefined) return cb(null);
      const f = param.seriesData.get(forecast) as CandlestickData<Time> | undefined;
      const h = param.seriesData.get(history) as CandlestickData<Time> | undefined;
      const bar = f ?? h;
      if (!bar || bar.open === undefined) return cb(null);
      const step = f ? forecastData.findIndex((d) => d.time === f.time) + 1 : null;
      cb({ time: bar.time as number, open: bar.open, high: bar.high, low: bar.low, close: bar.close, step: step || null });
    };
    chart.subscribeCrosshairMove(handler);
    return () => chart.unsubscribeCrosshairMove(handler);
  }

  function describe(): SeriesReport[] {
    const out = [report('history', 'Candlestick', history), report(`forecast:${predictor}`, 'Candlestick', forecast)];
    if (volume) out.push(report('volume', 'Histogram', volume));
    return out;
  }

  return { chart, history, forecast, setHistory, setForecast, focusForecast, onHover, describe, destroy: () => chart.remove() };
}
