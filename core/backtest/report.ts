import type { BacktestMetrics, BacktestResult, Trade } from './types';
import type { Versus } from './uncertainty';

const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);
const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Metrics in JSON form: ISO drawdown dates, null for undefined ratios. */
export function metricsJson(m: BacktestMetrics) {
  return {
    final_equity: m.final_equity,
    total_return: m.total_return,
    annual_return: finite(m.annual_return),
    annual_volatility: m.annual_volatility,
    sharpe: finite(m.sharpe),
    sharpe_ci: m.sharpe_ci.map((x) => finite(x) ?? 0),
    sortino: finite(m.sortino),
    max_drawdown: m.max_drawdown,
    max_drawdown_from: iso(m.max_drawdown_from),
    max_drawdown_to: iso(m.max_drawdown_to),
    trades: m.trades,
    win_rate: finite(m.win_rate),
    avg_trade_return: finite(m.avg_trade_return),
    exposure: m.exposure,
    turnover: m.turnover,
    fees_paid: m.fees_paid,
    slippage_paid: m.slippage_paid,
  };
}

/** A comparison with a baseline in JSON form. */
const versusJson = (v: Versus) => ({ excess_return: finite(v.excess_return) ?? 0, excess_return_ci: v.excess_return_ci.map((x) => finite(x) ?? 0), verdict: v.verdict });

/** A trade in JSON form (ISO times). */
export function tradeJson(t: Trade) {
  return { ...t, entry_time: iso(t.entry_time), exit_time: iso(t.exit_time) };
}

/**
 * The machine-readable result (`candlecast backtest --json`): options, range, overlap, the strategy's and baselines'
 * metrics, every trade, and the equity curve sampled to at most `curvePoints` points (first and last always kept).
 */
export function backtestJson(r: BacktestResult, curvePoints = 500) {
  const n = r.equity.length;
  const every = Math.max(1, Math.ceil(n / curvePoints));
  const picks: number[] = [];
  for (let k = 0; k < n; k += every) picks.push(k);
  if (picks[picks.length - 1] !== n - 1) picks.push(n - 1);
  const o = r.options;
  return {
    model: r.model,
    options: {
      horizon: o.horizon, rebalance_every: o.rebalanceEvery, threshold_bps: o.thresholdBps, allow_short: o.allowShort,
      require_confidence: o.requireConfidence, fee_bps: o.feeBps, slippage_bps: o.slippageBps,
    },
    range: { from: iso(r.range.from), to: iso(r.range.to), bars: r.range.bars, decisions: r.range.decisions, notes: r.range.notes },
    overlap: { ...r.overlap, fitted_until: r.overlap.fitted_until === null ? null : iso(r.overlap.fitted_until) },
    confidence: r.confidence,
    metrics: metricsJson(r.metrics),
    baselines: {
      buy_and_hold: metricsJson(r.baselines.buy_and_hold.metrics),
      flat: metricsJson(r.baselines.flat.metrics),
      momentum: metricsJson(r.baselines.momentum.metrics),
    },
    versus: {
      buy_and_hold: versusJson(r.versus.buy_and_hold), momentum: versusJson(r.versus.momentum), flat: versusJson(r.versus.flat),
    },
    versus_text: r.versus_text,
    trades: r.trades.map(tradeJson),
    equity_curve: {
      time: picks.map((k) => iso(r.time[k])),
      equity: picks.map((k) => r.equity[k]),
      buy_and_hold: picks.map((k) => r.baselines.buy_and_hold.equity[k]),
      position: picks.map((k) => r.position[k]),
    },
    timings: { forecast_ms: Math.round(r.timings.forecast_ms), simulate_ms: Math.round(r.timings.simulate_ms) },
  };
}

/** The trades as CSV, one row per trade (ISO times, full-precision numbers). */
export function tradesCsv(trades: readonly Trade[]): string {
  const rows = ['direction,entry_time,entry_price,exit_time,exit_price,bars,return,closed_at_end'];
  for (const t of trades) {
    rows.push([t.direction, iso(t.entry_time), t.entry_price, iso(t.exit_time), t.exit_price, t.bars, t.return, t.closed_at_end].join(','));
  }
  return `${rows.join('\n')}\n`;
}
