/** Turns any failure into plain words and a next step the trader can take. */
import { ApiError } from '../../../core/api/errors';
import type { PlainError } from '../store/uiSlice';

const UNREACHABLE = /(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|NetworkError|RequestTimeout|ExchangeNotAvailable|timed out|getaddrinfo|fetch failed|unreachable)/i;

/** Context that makes a message specific: which source was being used. */
export interface ErrorContext {
  readonly action: string;
  readonly source?: string;
}

/** A plain-words error for something that went wrong while doing `ctx.action`. */
export function toPlainError(err: unknown, ctx: ErrorContext): PlainError {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof TypeError && /fetch|network|load failed/i.test(detail)) {
    return {
      message: `Could not ${ctx.action}: Candlecast's service is not answering.`,
      hint: 'Check that `npm run web` (or `candlecast serve --web`) is still running, then reload the page.',
    };
  }
  if (UNREACHABLE.test(detail) && ctx.source && ctx.source !== 'demo' && ctx.source !== 'csv') {
    return {
      message: `Could not reach the exchange "${ctx.source}" to ${ctx.action}.`,
      hint: 'Check your internet connection, or choose the Demo market or import a CSV file of candles.',
    };
  }
  if (/insufficient data/i.test(detail)) {
    return {
      message: `Not enough candles to ${ctx.action}: ${detail}.`,
      hint: 'Raise "Days of history" in Advanced settings, choose a longer timeframe, or import a longer CSV file.',
    };
  }
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'invalid_request':
        return { message: `Could not ${ctx.action}: ${err.detail}.`, hint: 'Correct the highlighted value and try again.' };
      case 'not_found':
        return { message: `Could not ${ctx.action}: ${err.detail}.`, hint: 'Train a model for this market first (Ctrl+Enter).' };
      case 'unavailable':
        return { message: `Could not ${ctx.action}: ${err.detail}.`, hint: 'Try again in a moment, or use the Demo market or a CSV file.' };
      case 'conflict':
        return { message: `Could not ${ctx.action}: ${err.detail}.`, hint: 'Wait for the running job to finish, or cancel it.' };
      default:
        return { message: `Could not ${ctx.action}: ${err.detail}.` };
    }
  }
  return { message: `Could not ${ctx.action}: ${detail}.` };
}
