/** A backtest's outcome: the training-overlap warning, the metrics table and the equity chart (model vs buy & hold). */
import { useEffect, useRef } from 'react';
import { createEquityChart, EQUITY_COLORS, type EquityChart } from '../chart/equityChart';
import { registerChart } from '../app/testHook';
import { formatNumber, formatPercent, formatTime } from '../app/format';
import type { BacktestMetrics, BacktestSummary } from '../store/apiTypes';

const RUNS = [
  ['Model', (s: BacktestSummary) => s.metrics],
  ['Buy & hold', (s: BacktestSummary) => s.baselines.buy_and_hold],
  ['Momentum', (s: BacktestSummary) => s.baselines.momentum],
  ['Flat', (s: BacktestSummary) => s.baselines.flat],
] as const;

const ROWS: readonly { label: string; help: string; value: (m: BacktestMetrics) => string }[] = [
  { label: 'Total return', help: 'Gain over the range after fees and slippage', value: (m) => formatPercent(m.total_return, 2) },
  { label: 'Annualised return', help: 'Compounded to a 365-day year; on a short range this is an extrapolation, not a forecast', value: (m) => formatPercent(m.annual_return, 1) },
  { label: 'Sharpe', help: 'Mean over standard deviation of bar returns, annualised, no risk-free rate', value: (m) => formatNumber(m.sharpe, 2) },
  {
    label: 'Sharpe, 95% interval', help: 'Moving-block bootstrap over the traded bars: how far the Sharpe ratio could move with other bars like these',
    value: (m) => (m.sharpe_ci ? `[${formatNumber(m.sharpe_ci[0], 2)}, ${formatNumber(m.sharpe_ci[1], 2)}]` : '-'),
  },
  { label: 'Sortino', help: 'Like Sharpe, counting only the downside', value: (m) => formatNumber(m.sortino, 2) },
  { label: 'Max drawdown', help: 'Largest fall from a peak', value: (m) => formatPercent(-m.max_drawdown, 2) },
  { label: 'Trades', help: 'Round trips (a position opened and closed)', value: (m) => String(m.trades) },
  { label: 'Win rate', help: 'Share of trades that made money after costs', value: (m) => formatPercent(m.win_rate, 1) },
  { label: 'Exposure', help: 'Share of bars spent holding a position', value: (m) => formatPercent(m.exposure, 1) },
  { label: 'Fees paid', help: 'Fees as a share of the starting equity', value: (m) => formatPercent(m.fees_paid, 2) },
];

/** The figures of the model and its three baselines, one column each. */
export function BacktestMetricsTable({ summary }: { summary: BacktestSummary }) {
  return (
    <table className="metrics" data-testid="backtest-metrics">
      <thead>
        <tr><th>After costs</th>{RUNS.map(([name]) => <th key={name}>{name}</th>)}</tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.label}>
            <th title={r.help}>{r.label}</th>
            {RUNS.map(([name, pick]) => <td key={name} data-testid="backtest-value">{r.value(pick(summary))}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Whether the range was out of sample, in plain words; a warning when it overlaps the training data. */
export function OverlapNote({ summary }: { summary: BacktestSummary }) {
  const o = summary.overlap;
  if (o.overlaps_training) {
    return (
      <div className="warning" role="alert" data-testid="backtest-overlap">
        <b>In-sample:</b> {o.overlapping_bars} of the {summary.range.bars} bars tested were part of the data this model was trained on
        {o.fitted_until ? ` (up to ${formatTime(o.fitted_until)} UTC)` : ''}, so these figures look better than the model really is.
        <div className="remedy">For an honest test choose “Unseen bars only”, which trades only bars the model never saw.</div>
      </div>
    );
  }
  return <p className="muted small" data-testid="backtest-out-of-sample">{o.same_series ? `Out of sample: all ${summary.range.bars} bars come after the model's training data.` : o.message}</p>;
}

/** The equity chart, fed from a summary; registered with the test hook as `backtest`. */
export function EquityCurves({ summary }: { summary: BacktestSummary }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EquityChart | null>(null);
  useEffect(() => {
    if (!container.current) return;
    const c = createEquityChart(container.current);
    chart.current = c;
    const unregister = registerChart('backtest', c);
    return () => {
      unregister();
      chart.current = null;
      c.destroy();
    };
  }, []);
  useEffect(() => {
    chart.current?.setCurves(summary.equity_curve.model, summary.equity_curve.buy_and_hold);
  }, [summary]);
  return (
    <div className="chart-frame backtest-chart">
      <div ref={container} className="chart" data-testid="backtest-chart" />
      <div className="legend">
        <span><i className="swatch" style={{ background: EQUITY_COLORS.model }} /> Model</span>
        <span><i className="swatch" style={{ background: EQUITY_COLORS.buyAndHold }} /> Buy &amp; hold</span>
        <span className="muted">return since the first bar</span>
      </div>
    </div>
  );
}

/** Everything shown after a run. */
export function BacktestResults({ summary }: { summary: BacktestSummary }) {
  const o = summary.options;
  return (
    <div className="backtest-results" data-testid="backtest-results">
      <p className="small">
        <b>{summary.model}</b> on {summary.series.exchange} · {summary.series.symbol} · {summary.series.timeframe}:{' '}
        {formatTime(summary.range.from ?? '')} – {formatTime(summary.range.to ?? '')} UTC, {summary.range.bars} bars, {summary.trades} trades.{' '}
        <span className="muted">
          Horizon {o.horizon}, threshold {o.threshold_bps} bps, fee {o.fee_bps} bps per side, slippage {o.slippage_bps} bps,
          {o.allow_short ? ' long and short' : ' long only'}; mean P(up) {formatPercent(summary.confidence, 1)}.
        </span>
        {summary.data_stale && <b className="stale"> The market could not be reached: stored candles were used.</b>}
      </p>
      <OverlapNote summary={summary} />
      {summary.metrics.trades === 0 && (
        <p className="muted small" data-testid="backtest-no-trades">
          The model never traded: {o.require_confidence && summary.confidence <= 0.5
            ? 'its calibrated P(up) never agreed with its direction, so “Only when confident” kept it flat.'
            : `none of its forecasts moved more than the ${o.threshold_bps} bps threshold. Lower the threshold to see what its signals would do.`}
        </p>
      )}
      <BacktestMetricsTable summary={summary} />
      {summary.versus_text && (
        <p className="small" data-testid="backtest-versus">
          {summary.versus_text} <span className="muted">(the model's total return minus each baseline's, with a 95% interval from resampling the bars)</span>
        </p>
      )}
      <EquityCurves summary={summary} />
      {summary.range.notes.length > 0 && (
        <ul className="muted small backtest-notes">{summary.range.notes.map((n) => <li key={n}>{n}</li>)}</ul>
      )}
    </div>
  );
}
