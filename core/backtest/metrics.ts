import type { BootstrapPlan } from '../evaluation/bootstrap';
import type { BacktestMetrics, SimulatedRun } from './types';
import { annualSharpe, barReturns, sharpeInterval } from './uncertainty';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Bars in a 365-day year of a timeframe (crypto trades around the clock). */
export function barsPerYear(barMs: number): number {
  return YEAR_MS / barMs;
}

/**
 * Summary figures of a simulated run. Bar returns are equity[k] / equity[k-1] - 1 over the curve; `time` holds the
 * open time of each curve bar, for the drawdown dates; `plan` resamples the bars for the Sharpe ratio's interval.
 */
export function runMetrics(run: SimulatedRun, time: ArrayLike<number>, barMs: number, plan: BootstrapPlan): BacktestMetrics {
  const { equity, position, trades } = run;
  const returns = barReturns(equity);
  const n = returns.length;
  const perYear = barsPerYear(barMs);
  let sum = 0;
  let sumSq = 0;
  let downSq = 0;
  let inMarket = 0;
  let peak = equity[0];
  let peakAt = 0;
  let maxDd = 0;
  let ddFrom = -1;
  let ddTo = -1;
  for (let k = 1; k <= n; k++) {
    const r = returns[k - 1];
    sum += r;
    sumSq += r * r;
    if (r < 0) downSq += r * r;
    if (position[k] !== 0) inMarket++;
    if (equity[k] > peak) {
      peak = equity[k];
      peakAt = k;
    } else if (peak > 0 && 1 - equity[k] / peak > maxDd) {
      maxDd = 1 - equity[k] / peak;
      ddFrom = peakAt;
      ddTo = k;
    }
  }
  const mean = n ? sum / n : 0;
  const sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
  const sharpe = annualSharpe(sum, sumSq, n, perYear);
  const downside = n ? Math.sqrt(downSq / n) : 0;
  const final = equity[n];
  const wins = trades.filter((t) => t.return > 0).length;
  const tradeSum = trades.reduce((s, t) => s + t.return, 0);
  return {
    final_equity: final,
    total_return: final - 1,
    annual_return: n === 0 ? 0 : final > 0 ? Math.pow(final, perYear / n) - 1 : -1,
    annual_volatility: sd * Math.sqrt(perYear),
    sharpe,
    sharpe_ci: sharpeInterval(returns, perYear, plan),
    sortino: ratio(mean, downside) * Math.sqrt(perYear),
    max_drawdown: maxDd,
    max_drawdown_from: ddFrom >= 0 ? time[ddFrom] : Number.NaN,
    max_drawdown_to: ddTo >= 0 ? time[ddTo] : Number.NaN,
    trades: trades.length,
    win_rate: trades.length ? wins / trades.length : Number.NaN,
    avg_trade_return: trades.length ? tradeSum / trades.length : Number.NaN,
    exposure: n ? inMarket / n : 0,
    turnover: run.turnover,
    fees_paid: run.fees,
    slippage_paid: run.slippage,
  };
}

/** mean / spread; 0 for a curve that never moves, NaN when only the spread is zero (an undefined ratio). */
function ratio(mean: number, spread: number): number {
  if (spread > 0) return mean / spread;
  return mean === 0 ? 0 : Number.NaN;
}
