/** Keeps two candle charts' visible ranges and crosshairs in step (the compare view). */
import type { CandlestickData, LogicalRange, MouseEventParams, Time } from 'lightweight-charts';
import type { CandleChart } from './candleChart';

/** Links `a` and `b` both ways; returns the unlink function. */
export function syncCharts(a: CandleChart, b: CandleChart): () => void {
  const offs: (() => void)[] = [];
  let applying = false;
  const link = (from: CandleChart, to: CandleChart) => {
    const onRange = (range: LogicalRange | null) => {
      if (applying || !range) return;
      applying = true;
      to.chart.timeScale().setVisibleLogicalRange(range);
      applying = false;
    };
    const onCrosshair = (param: MouseEventParams<Time>) => {
      if (applying) return;
      applying = true;
      const bar = param.time === undefined
        ? undefined
        : ([from.history, ...from.forecastSeries].map((x) => param.seriesData.get(x)).find(Boolean) as CandlestickData<Time> | undefined);
      if (param.time !== undefined && bar && bar.close !== undefined) to.chart.setCrosshairPosition(bar.close, param.time, to.history);
      else to.chart.clearCrosshairPosition();
      applying = false;
    };
    from.chart.timeScale().subscribeVisibleLogicalRangeChange(onRange);
    from.chart.subscribeCrosshairMove(onCrosshair);
    offs.push(() => {
      from.chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
      from.chart.unsubscribeCrosshairMove(onCrosshair);
    });
  };
  link(a, b);
  link(b, a);
  return () => offs.forEach((off) => off());
}
