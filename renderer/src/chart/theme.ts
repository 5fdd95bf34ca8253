/** Colours of the dark theme shared by the charts and the CSS (kept in step with styles.css). */
export const THEME = {
  background: '#0e1117',
  panel: '#161b22',
  text: '#c9d1d9',
  muted: '#8b949e',
  grid: '#1f2630',
  border: '#30363d',
  up: '#26a69a',
  down: '#ef5350',
  volumeUp: 'rgba(38, 166, 154, 0.35)',
  volumeDown: 'rgba(239, 83, 80, 0.35)',
  startLine: 'rgba(255, 255, 255, 0.55)',
} as const;

/** The look of one predictor's forecast: semi-transparent candles unlike the history's, and its interval band. */
export interface ForecastPalette {
  readonly up: string;
  readonly down: string;
  readonly wick: string;
  readonly bandFill: string;
  readonly bandEdge: string;
  readonly label: string;
}

/** Forecast colours per predictor: blue/violet for autoregressive, amber/orange for multi-OHLC. */
export const FORECAST_PALETTES = {
  autoregressive: {
    up: 'rgba(88, 166, 255, 0.6)',
    down: 'rgba(188, 140, 255, 0.6)',
    wick: 'rgba(160, 180, 255, 0.7)',
    bandFill: 'rgba(88, 166, 255, 0.13)',
    bandEdge: 'rgba(88, 166, 255, 0.45)',
    label: 'Autoregressive',
  },
  multi_ohlc: {
    up: 'rgba(255, 196, 0, 0.6)',
    down: 'rgba(255, 122, 69, 0.6)',
    wick: 'rgba(255, 180, 90, 0.7)',
    bandFill: 'rgba(255, 196, 0, 0.11)',
    bandEdge: 'rgba(255, 196, 0, 0.45)',
    label: 'Multi-OHLC',
  },
} as const satisfies Record<string, ForecastPalette>;
