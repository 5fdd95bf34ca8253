import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/errors';
import { toPlainError } from '../../renderer/src/app/plainErrors';

describe('plain-words errors', () => {
  it('sends an unreachable exchange to the demo market or a CSV file', () => {
    const e = toPlainError(new ApiError('unavailable', 'binance GET https://api.binance.com failed: getaddrinfo ENOTFOUND api.binance.com'), { action: 'load BTC/USDT 1m candles', source: 'binance' });
    expect(e.message).toBe('Could not reach the exchange "binance" to load BTC/USDT 1m candles.');
    expect(e.hint).toMatch(/Demo market or import a CSV file/);
  });

  it('suggests more history when there is too little data', () => {
    const e = toPlainError(new ApiError('unprocessable', 'Insufficient data for training (got 400 rows, need 1000)'), { action: 'train', source: 'demo' });
    expect(e.message).toBe('Not enough candles to train: Insufficient data for training (got 400 rows, need 1000).');
    expect(e.hint).toMatch(/Days of history/);
  });

  it('names the bad field and says when the service is not answering', () => {
    expect(toPlainError(new ApiError('invalid_request', 'n_steps_ahead: Too big', 'n_steps_ahead'), { action: 'start training' }))
      .toEqual({ message: 'Could not start training: n_steps_ahead: Too big.', hint: 'Correct the highlighted value and try again.' });
    expect(toPlainError(new TypeError('Failed to fetch'), { action: 'list the models' }).message)
      .toBe("Could not list the models: Candlecast's service is not answering.");
    expect(toPlainError(new ApiError('not_found', 'model X not found'), { action: 'forecast' }).hint).toMatch(/Train a model/);
  });
});
