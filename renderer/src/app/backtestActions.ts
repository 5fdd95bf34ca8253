/** The Backtest view's action: checks the form, runs `backtestModel` in the service and stores the outcome. */
import type { ApiClient } from '../../../core/api/client';
import { ApiError } from '../../../core/api/errors';
import type { AppStore } from '../store/appStore';
import { backtestRequest, validateBacktestForm } from '../store/backtestForm';
import type { PlainError } from '../store/uiSlice';
import { toPlainError } from './plainErrors';

/** A backtest failure in plain words; a range with nothing unseen to trade says which range to pick instead. */
export function backtestFailure(err: unknown, model: string): PlainError {
  if (err instanceof ApiError && err.code === 'unprocessable' && /no bars after the model's training data/.test(err.detail)) {
    return {
      message: `${model} has no unseen bars to trade yet: it was trained on every stored candle.`,
      hint: 'Choose a range that starts inside the training data (the result will be marked as in-sample), or come back when newer candles have arrived.',
    };
  }
  return toPlainError(err, { action: `backtest ${model}` });
}

/** Creates `runBacktest` over an api client and the store. Bad options stay inline and send nothing. */
export function createBacktestRunner(api: ApiClient, store: AppStore): () => Promise<void> {
  return async function runBacktest(): Promise<void> {
    const s = store.getState();
    const form = s.backtestForm;
    const model = s.models.find((m) => m.name === form.model);
    if (!model) {
      s.setBacktestOutcome({ failure: { message: 'Choose a trained model to backtest.', hint: 'Train one first (Ctrl+Enter on the Chart tab).' } });
      return;
    }
    const errors = validateBacktestForm(form, model.n_steps_ahead);
    store.setState({ backtestErrors: errors });
    if (Object.keys(errors).length) return;
    s.setBusy('backtest', true);
    try {
      const result = await api.backtestModel(backtestRequest(form, model));
      if (store.getState().backtestForm.model === model.name) store.getState().setBacktestOutcome({ result });
    } catch (err) {
      store.getState().setBacktestOutcome({ failure: backtestFailure(err, model.name) });
    } finally {
      store.getState().setBusy('backtest', false);
    }
  };
}
