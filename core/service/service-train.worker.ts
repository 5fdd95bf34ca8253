// Entry of one training job (bundled to out/core/workers/service-train.js): opens the candle store,
// brings the series up to date, trains and saves the model. Cancel = the job's flag; trainModel then
// throws an AbortError and saves nothing.
import { describeRefusedBar, keepValidBars } from '../data/barRules';
import { timeframeMs } from '../data/candles';
import { openCandleStore } from '../data/store';
import { trainModel } from '../predictors';
import { serveWorkerJob } from '../runtime/workerJob';
import { refreshSeries } from './seriesRefresh';
import type { TrainJobInput, TrainJobOutput, TrainJobProgress } from './trainJob';

const DAY_MS = 86_400_000;

serveWorkerJob<TrainJobInput, TrainJobOutput, TrainJobProgress>(async (input, ctx) => {
  const store = openCandleStore(input.dbPath);
  try {
    ctx.progress({ stage: 'data', value: 0, message: `loading ${input.days} days of ${input.key.symbol} ${input.key.timeframe}` });
    const abort = new AbortController();
    const poll = setInterval(() => ctx.cancelled() && abort.abort(), 100);
    const refreshed = await refreshSeries(store, input.key, input.days, { signal: abort.signal, ccxt: input.ccxt }).finally(() => clearInterval(poll));
    if (ctx.cancelled()) throw Object.assign(new Error('the job was cancelled'), { name: 'AbortError' });
    if (refreshed.newest === null) {
      throw Object.assign(new Error(`no candles for ${input.key.exchange} ${input.key.symbol} ${input.key.timeframe}`), { code: 'unprocessable' });
    }
    const from = refreshed.newest - input.days * DAY_MS + timeframeMs(input.key.timeframe);
    const { candles, refused: stored } = keepValidBars(store.read(input.key, { from }));
    const refusedBars = [...(refreshed.refused ?? []), ...stored];
    const series = `${input.key.exchange} ${input.key.symbol} ${input.key.timeframe}`;
    for (const bar of refusedBars.slice(0, 3)) ctx.progress({ stage: 'data', value: 0.01, message: describeRefusedBar(bar, series) });
    const summary = await trainModel(
      {
        candles, key: input.key, type: input.type, nStepsAhead: input.nStepsAhead, name: input.name, modelsDir: input.modelsDir,
        options: input.options, refusedBars,
      },
      { onProgress: (p) => ctx.progress(p), cancelled: () => ctx.cancelled() },
    );
    return { summary, stale: refreshed.stale };
  } finally {
    store.close();
  }
});
