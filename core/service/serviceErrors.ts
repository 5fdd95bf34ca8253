import { ApiError, isApiErrorBody, toApiError, type ApiErrorCode } from '../api/errors';

const CODES = new Set<string>(['invalid_request', 'not_found', 'conflict', 'unprocessable', 'unavailable']);

/**
 * Gives an error from the data layer, the predictors or a worker its API kind, so a problem with the client's
 * input (too little data, a bad CSV, an unknown model) never surfaces as a 500.
 */
export function classifyError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isApiErrorBody(err)) return new ApiError(err.error, err.detail, err.field);
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && CODES.has(code)) return new ApiError(code as ApiErrorCode, e.message);
  const msg = e.message;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return toApiError(e);
  if (e.name === 'ModelNotFoundError' || /^model not found/i.test(msg)) return new ApiError('not_found', msg);
  if (e.name === 'ModelSeriesConflictError') return new ApiError('conflict', msg, 'name');
  if (e.name === 'ImportTargetError') return new ApiError('invalid_request', msg, 'exchange');
  if (e.name === 'CsvError') return new ApiError('invalid_request', msg, 'csv');
  if (e.name === 'ExchangeUnreachableError') return new ApiError('unavailable', `${msg} (the demo market or an imported CSV work offline)`);
  if (e.name === 'AbortError') return new ApiError('conflict', 'the job was cancelled');
  if (/^Insufficient data/i.test(msg) || /^no (stored )?candles/i.test(msg)) return new ApiError('unprocessable', msg);
  if (/^invalid (symbol|exchange|timeframe|model name|training option)|^unknown timeframe|^LightGBM: (Unknown parameter|parameter)|^feature config: /i.test(msg)) {
    return new ApiError('invalid_request', msg);
  }
  if (/unknown (exchange|symbol|market)|does not (have|support)|not supported|has no market|has no [a-z0-9]+\/[a-z0-9]+|has no .*ohlcv/i.test(msg)) return new ApiError('unprocessable', msg);
  return new ApiError('internal', msg);
}
