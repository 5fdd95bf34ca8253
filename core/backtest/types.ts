import type { Timeframe } from '../data/candles';
import type { Interval } from '../evaluation/bootstrap';
import type { ForecastCalibration } from '../evaluation/calibration';
import type { FeatureStream } from '../features';
import type { StepModel } from '../predictors/stepModels';
import type { Versus } from './uncertainty';

/** Thrown for a backtest request that cannot run as asked (bad option, empty range): the CLI exits 2 on it. */
export class BacktestInputError extends Error {
  override readonly name = 'BacktestInputError';
}

/** What the backtester needs from a model: its feature engine, one-step model, calibration and training dates. */
export interface BacktestModel {
  readonly name: string;
  /** The source of the model's training series (`demo`, `csv`, `binance`, ...). */
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly nStepsAhead: number;
  readonly engine: { readonly warmup: number; stream(): FeatureStream };
  readonly step: StepModel;
  /** Calibration-fold calibration: shrinkage per horizon (the calibrated forecast) and the direction odds' Platt maps. */
  readonly calibration: ForecastCalibration;
  /** Bars streamed before a decision so every feature has settled (what forecast() replays). */
  readonly historyBars: number;
  /** Open time of the last bar the model's trees were fitted on (ms); undefined when unknown. */
  readonly fittedUntil?: number;
  /** Held-out test segment (open times, ms, inclusive) when the trees never saw it (a model not refit). */
  readonly heldOutTest?: readonly [number, number];
}

/** How the strategy decides and what trading costs. */
export interface BacktestOptions {
  /** Holding horizon h (bars): decisions use the forecast cumulative return h bars ahead. 1..n_steps_ahead. */
  readonly horizon: number;
  /** Bars between decisions (1 = every bar). */
  readonly rebalanceEvery: number;
  /** Long above +threshold, short below -threshold (basis points of simple return). */
  readonly thresholdBps: number;
  readonly allowShort: boolean;
  /** Trade only when the forecast's calibrated P(up) agrees: long needs P(up) > 0.5, short needs P(up) < 0.5. */
  readonly requireConfidence: boolean;
  /** Fee per side, bps of traded notional (10 = 0.10%). */
  readonly feeBps: number;
  /** Slippage, bps: every fill is this much worse than the bar's open (or the last close when liquidating). */
  readonly slippageBps: number;
  /** First and last bar open time to trade over (ms, inclusive); default: the bars after the model's training data. */
  readonly from?: number;
  readonly to?: number;
  /** Symbol of the candles when not the model's own (no training overlap is possible then). */
  readonly symbol?: string;
  /** Source of the candles (`demo`, `csv`, an exchange id); another source than the model's is another series. */
  readonly exchange?: string;
}

/** Where the backtest's bars sit against the data the model was trained on. */
export interface TrainingOverlap {
  /** Same source, symbol and timeframe as the model's training series: dates can be compared. */
  readonly same_series: boolean;
  /** Last bar (open time, ms) the trees were fitted on; null when unknown or another series. */
  readonly fitted_until: number | null;
  /** Some traded bar lies inside the fitted data: the figures are in-sample and flattering. */
  readonly overlaps_training: boolean;
  readonly overlapping_bars: number;
  /** Traded bars inside a held-out test segment the trees never saw (model not refit). */
  readonly held_out_test_bars: number;
  readonly message: string;
}

/** One round trip: entered at a bar's open, left at a later bar's open (or the last close when still open). */
export interface Trade {
  readonly direction: 'long' | 'short';
  readonly entry_time: number;
  readonly entry_price: number;
  readonly exit_time: number;
  readonly exit_price: number;
  readonly bars: number;
  /** Profit over the equity committed at entry, after fees and slippage on both sides. */
  readonly return: number;
  /** Still open at the end of the range: closed at the last bar's close. */
  readonly closed_at_end: boolean;
}

/** Summary figures of one equity curve. Undefined ratios are NaN (null in JSON). */
export interface BacktestMetrics {
  readonly final_equity: number;
  readonly total_return: number;
  /** Compounded return scaled to a 365-day year of this timeframe's bars (an extrapolation on short ranges). */
  readonly annual_return: number;
  readonly annual_volatility: number;
  /** Mean over standard deviation of bar returns, annualised; no risk-free rate. */
  readonly sharpe: number;
  /** 95% moving-block bootstrap interval of the Sharpe ratio over the traded bars (uncertainty.ts). */
  readonly sharpe_ci: Interval;
  /** Mean over downside deviation of bar returns, annualised. */
  readonly sortino: number;
  /** Largest fall from a peak, as a fraction of the peak (0.1 = -10%). */
  readonly max_drawdown: number;
  /** Open times of the drawdown's peak and trough bars (ms); NaN when there is no drawdown. */
  readonly max_drawdown_from: number;
  readonly max_drawdown_to: number;
  readonly trades: number;
  readonly win_rate: number;
  readonly avg_trade_return: number;
  /** Fraction of bars spent in a position. */
  readonly exposure: number;
  /** Traded notional in multiples of the equity at each trade, summed (a flip counts 2). */
  readonly turnover: number;
  /** Fees and slippage paid, as fractions of the starting equity. */
  readonly fees_paid: number;
  readonly slippage_paid: number;
}

/** Equity, positions and trades of one simulated rule over the range. */
export interface SimulatedRun {
  /** Equity at each bar's close, starting at 1 on the first decision bar (the last value after liquidation). */
  readonly equity: Float64Array;
  /** Position held during each bar: 1 long, -1 short, 0 flat (index 0 is the first decision bar, always 0). */
  readonly position: Int8Array;
  readonly trades: readonly Trade[];
  readonly fees: number;
  readonly slippage: number;
  readonly turnover: number;
}

/** A baseline's curve and figures. */
export interface BaselineResult {
  readonly equity: Float64Array;
  readonly metrics: BacktestMetrics;
}

/** Everything a backtest produces. Times are bar open times in ms. */
export interface BacktestResult {
  readonly model: string;
  readonly options: BacktestOptions;
  readonly range: {
    /** Bar indices in the candles given: the first decision bar and the last bar traded (inclusive). */
    readonly start: number;
    readonly end: number;
    readonly from: number;
    readonly to: number;
    readonly bars: number;
    readonly decisions: number;
    /** Notes on how the range was chosen (default range, shifted for warm-up). */
    readonly notes: readonly string[];
  };
  readonly overlap: TrainingOverlap;
  /** Mean calibrated P(up) at the horizon over the decisions (each decision's own odds gate it). */
  readonly confidence: number;
  /** Bar open times of the curve (equity[k] is at the close of bar time[k]). */
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly position: Int8Array;
  /** Per curve bar: the calibrated forecast simple return over h bars made at its close; NaN where no decision. */
  readonly forecast: Float64Array;
  readonly trades: readonly Trade[];
  readonly metrics: BacktestMetrics;
  readonly baselines: {
    /** Long from the first possible entry to the end, same costs. */
    readonly buy_and_hold: BaselineResult;
    /** Never in the market: what the naive (last price) forecast trades. */
    readonly flat: BaselineResult;
    /** The same rule on the past h-bar return instead of the model's forecast (trend following). */
    readonly momentum: BaselineResult;
  };
  /** The model's excess return over each baseline, with its 95% interval and whether it is beyond the noise. */
  readonly versus: Readonly<Record<'buy_and_hold' | 'momentum' | 'flat', Versus>>;
  /** The same in plain words (describeVersus). */
  readonly versus_text: string;
  readonly timings: { readonly forecast_ms: number; readonly simulate_ms: number };
}
