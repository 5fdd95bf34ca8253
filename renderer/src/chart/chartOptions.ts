import { ColorType, CrosshairMode, type DeepPartial, type TimeChartOptions } from 'lightweight-charts';
import { THEME } from './theme';

/** Options every Candlecast chart starts from: the dark theme, a free crosshair, time with minutes, no logo. */
export function themedChartOptions(): DeepPartial<TimeChartOptions> {
  return {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: THEME.background },
      textColor: THEME.text,
      fontFamily: 'system-ui, sans-serif',
      panes: { separatorColor: THEME.border },
      // The logo injects an inline <style>, which our CSP refuses; the attribution link sits in the tab bar instead.
      attributionLogo: false,
    },
    grid: { vertLines: { color: THEME.grid }, horzLines: { color: THEME.grid } },
    crosshair: { mode: CrosshairMode.Normal },
    rightPriceScale: { borderColor: THEME.border },
    timeScale: { borderColor: THEME.border, timeVisible: true, secondsVisible: false },
  };
}
