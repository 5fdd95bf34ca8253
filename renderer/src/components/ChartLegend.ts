/** The crosshair legend: O/H/L/C, the forecast step and the time of the hovered bar, written straight to the DOM. */
import type { CandleChart, HoveredBar } from '../chart/candleChart';
import { formatPrice, formatTime } from '../app/format';

/** Keeps `el` showing the hovered bar of `chart`; returns the unsubscribe function. */
export function bindLegend(chart: CandleChart, el: HTMLElement): () => void {
  const show = (bar: HoveredBar | null) => {
    if (!bar) {
      el.textContent = '';
      el.hidden = true;
      return;
    }
    el.hidden = false;
    const parts: [string, string][] = [
      ['', bar.step === null ? 'Real' : `Forecast step ${bar.step}`],
      ['', formatTime(bar.time * 1000)],
      ['O', formatPrice(bar.open)],
      ['H', formatPrice(bar.high)],
      ['L', formatPrice(bar.low)],
      ['C', formatPrice(bar.close)],
    ];
    el.replaceChildren(...parts.map(([k, v]) => {
      const span = document.createElement('span');
      if (k) {
        const b = document.createElement('b');
        b.textContent = k;
        span.append(b, ` ${v}`);
      } else span.textContent = v;
      return span;
    }));
    el.dataset.step = bar.step === null ? '' : String(bar.step);
  };
  show(null);
  return chart.onHover(show);
}
