import type { CandleColumns } from '../data/candles';
import type { DecisionPlan } from './forecasts';
import type { SimulatedRun, Trade } from './types';

/** The threshold rule that turns a forecast return into a target position. */
export interface SignalRule {
  readonly thresholdBps: number;
  readonly allowShort: boolean;
  /** False when the confidence gate keeps the strategy out of the market. */
  readonly enabled: boolean;
}

/** Trading costs in basis points. */
export interface Costs {
  readonly feeBps: number;
  readonly slippageBps: number;
}

/** Target position per decision bar: long above +threshold, short (if allowed) below -threshold, flat otherwise. */
export function targetsFromForecasts(forecast: Float64Array, plan: DecisionPlan, rule: SignalRule): Int8Array {
  const targets = new Int8Array(forecast.length);
  if (!rule.enabled) return targets;
  const t = rule.thresholdBps / 10_000;
  for (let i = plan.start; i < plan.end; i += plan.every) {
    const f = forecast[i];
    targets[i] = f > t ? 1 : f < -t && rule.allowShort ? -1 : 0;
  }
  return targets;
}

interface OpenTrade {
  direction: 1 | -1;
  time: number;
  price: number;
  bar: number;
  committed: number;
  fees: number;
  quantity: number;
}

/**
 * Trades the targets set at decision bars: a target decided at the close of bar i is filled at the open of bar i + 1.
 * A position is a fixed quantity of the asset worth the whole equity at entry (marked at that open), so a short's
 * profit is the entry minus the exit price per unit, as on an exchange. Every change of quantity pays the fee on the
 * traded notional and fills `slippageBps` worse than the open; a position still open is closed at the last close.
 */
export function simulate(c: CandleColumns, plan: Pick<DecisionPlan, 'start' | 'end' | 'every' | 'barMs'>, targets: Int8Array, costs: Costs): SimulatedRun {
  const n = plan.end - plan.start;
  const equity = new Float64Array(n + 1);
  const position = new Int8Array(n + 1);
  const fee = costs.feeBps / 10_000;
  const slip = costs.slippageBps / 10_000;
  const trades: Trade[] = [];
  let cash = 1;
  let quantity = 0;
  let pos = 0;
  let target = 0;
  let fees = 0;
  let slippage = 0;
  let turnover = 0;
  let open: OpenTrade | undefined;
  equity[0] = 1;

  // Fills `dq` units at reference price `ref`; returns the fill price and books the costs.
  const fill = (dq: number, ref: number): { price: number; fee: number } => {
    const price = ref * (1 + slip * Math.sign(dq));
    const paid = Math.abs(dq) * price * fee;
    cash -= dq * price + paid;
    fees += paid;
    slippage += Math.abs(dq) * ref * slip;
    return { price, fee: paid };
  };
  const close = (time: number, price: number, exitFee: number, atEnd: boolean, bar: number) => {
    if (!open) return;
    const pnl = open.quantity * (price - open.price) - open.fees - exitFee;
    trades.push({
      direction: open.direction === 1 ? 'long' : 'short', entry_time: open.time, entry_price: open.price,
      exit_time: time, exit_price: price, bars: bar - open.bar, return: pnl / open.committed, closed_at_end: atEnd,
    });
    open = undefined;
  };

  for (let k = 1; k <= n; k++) {
    const b = plan.start + k;
    if ((b - 1 - plan.start) % plan.every === 0) target = targets[b - 1];
    if (target !== pos) {
      const ref = c.open[b];
      const marked = cash + quantity * ref;
      const newQuantity = (target * Math.max(0, marked)) / ref;
      const dq = newQuantity - quantity;
      const oldQuantity = quantity;
      const f = fill(dq, ref);
      if (marked > 0) turnover += Math.abs(dq * ref) / marked;
      // A flip closes one trade and opens the other in one fill; each side pays its own share of the fee.
      const exitShare = oldQuantity !== 0 ? Math.abs(oldQuantity / dq) : 0;
      if (pos !== 0) close(c.time[b], f.price, f.fee * exitShare, false, k);
      if (target !== 0) {
        open = { direction: target as 1 | -1, time: c.time[b], price: f.price, bar: k, committed: Math.abs(newQuantity) * ref, fees: f.fee * (1 - exitShare), quantity: newQuantity };
      }
      quantity = newQuantity;
      pos = target;
    }
    position[k] = pos;
    equity[k] = cash + quantity * c.close[b];
  }
  if (quantity !== 0) {
    const marked = cash + quantity * c.close[plan.end];
    if (marked > 0) turnover += Math.abs(quantity * c.close[plan.end]) / marked;
    const f = fill(-quantity, c.close[plan.end]);
    close(c.time[plan.end] + plan.barMs, f.price, f.fee, true, n + 1);
    quantity = 0;
    equity[n] = cash;
  }
  return { equity, position, trades, fees, slippage, turnover };
}
