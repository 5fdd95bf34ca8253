import type { EventPayload } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { createService } from '../../service';
import { intOpt, stringOpt, UsageError, type Command, type CliContext } from '../command';
import { clockFromEnv } from '../testClock';
import { SERIES_OPTIONS, seriesKeyOpts } from './dataOptions';

const hhmm = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const px = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(2) : v.toPrecision(6));

/** One closed bar as a progress-style line. */
function barLine(e: EventPayload<'candle'>): string {
  const c = e.candle;
  return `${hhmm(new Date(c.time).toISOString())}  ${e.symbol} ${e.timeframe}  O ${px(c.open)}  H ${px(c.high)}  L ${px(c.low)}  C ${px(c.close)}  V ${c.volume}`;
}

/** The summary of a refreshed forecast: first and last step with their 80% bands. */
function forecastSummary(e: EventPayload<'forecast'>) {
  const p = e.forecast.predictions;
  const first = p[0];
  const last = p[p.length - 1];
  const step = (s: typeof first) => s && { step: s.step, time: s.timestamp, close: s.predicted_close, lower_80: s.close_lower_80, upper_80: s.close_upper_80, return: s.predicted_return };
  return { model: e.model, after_bar: e.after_bar, steps: p.length, current_price: e.forecast.current_price, first: step(first), last: step(last) };
}

function forecastLine(e: EventPayload<'forecast'>): string {
  const s = forecastSummary(e);
  if (!s.first || !s.last) return `forecast ${s.model}: no steps`;
  return `forecast ${s.model} after ${hhmm(s.after_bar)}: step 1 close ${px(s.first.close)} (80% ${px(s.first.lower_80)}–${px(s.first.upper_80)}), `
    + `step ${s.last.step} close ${px(s.last.close)} (${(100 * s.last.return).toFixed(2)}%, 80% ${px(s.last.lower_80)}–${px(s.last.upper_80)})`;
}

function statusLine(s: EventPayload<'liveStatus'>): string {
  if (s.state === 'live') return `live: last bar ${s.last_bar ? hhmm(s.last_bar) : '-'}, updated ${s.last_update ?? '-'}`;
  return `${s.state}: ${s.error ?? ''}${s.next_poll_at ? `; retrying at ${s.next_poll_at}` : ''}`;
}

/** `candlecast watch`: follows a market live, printing each closed bar and, with --model, the refreshed forecast. */
export const watchCommand: Command = {
  name: 'watch',
  summary: 'follow a market live: print each closed bar and (with --model) the forecast refreshed after it',
  usage: 'candlecast watch [--exchange demo] --symbol S --timeframe T [--model NAME] [--max-bars N] [--api-url URL] [--json] [--home DIR]',
  options: { ...SERIES_OPTIONS, model: { type: 'string' }, 'max-bars': { type: 'string' }, 'api-url': { type: 'string' } },
  async run(args, ctx: CliContext) {
    const key = seriesKeyOpts(args, 'demo');
    const model = stringOpt(args, 'model');
    const maxBars = args.values['max-bars'] === undefined ? Infinity : intOpt(args, 'max-bars', 0, 1, 1_000_000);
    const apiUrl = stringOpt(args, 'api-url');
    if (apiUrl !== undefined && !/^https?:\/\/\S+$/.test(apiUrl)) throw new UsageError(`--api-url must be an http(s) URL, got "${apiUrl}"`);
    const service = createService({ home: ctx.home, clock: clockFromEnv(), forecastWorkers: 1, ccxt: apiUrl ? { [key.exchange]: { urls: { public: apiUrl } } } : undefined });
    const emit = (obj: unknown) => ctx.out(JSON.stringify(obj));
    let bars = 0;
    let lastState: string | null = null;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const offs = [
      service.subscribe('candle', (e) => {
        if (!e.closed || e.exchange !== key.exchange || e.symbol !== key.symbol || e.timeframe !== key.timeframe) return;
        bars++;
        if (ctx.json) emit({ event: 'candle', ...e });
        else ctx.out(barLine(e));
        if (bars >= maxBars && !model) finish();
      }),
      service.subscribe('forecast', (e) => {
        if (ctx.json) emit({ event: 'forecast', ...forecastSummary(e) });
        else ctx.out(forecastLine(e));
        if (bars >= maxBars) finish();
      }),
      service.subscribe('liveStatus', (s) => {
        if (s.exchange !== key.exchange || s.symbol !== key.symbol || s.timeframe !== key.timeframe || s.state === lastState) return;
        lastState = s.state;
        if (ctx.json) emit({ event: 'liveStatus', ...s });
        else ctx.log(statusLine(s));
      }),
    ];
    let watchId: string | undefined;
    try {
      watchId = (await service.api.watchMarket({ ...key, rolling_model: model, lease_s: 86_400 })).watch_id;
    } catch (err) {
      offs.forEach((off) => off());
      await service.close();
      if (err instanceof ApiError && (err.code === 'invalid_request' || err.code === 'not_found')) throw new UsageError(err.message);
      throw err;
    }
    const renew = setInterval(() => void service.api.watchMarket({ ...key, rolling_model: model, lease_s: 86_400, watch_id: watchId }), 3_600_000);
    if (!ctx.json) ctx.log(`watching ${key.exchange} ${key.symbol} ${key.timeframe}${model ? ` with rolling forecasts of ${model}` : ''}; Ctrl+C stops`);
    const stop = () => finish();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // The event loop must stay up while watching: the feed's timers do not hold it.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    try {
      await done;
    } finally {
      clearInterval(keepAlive);
      clearInterval(renew);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      offs.forEach((off) => off());
      await service.close();
    }
  },
};
