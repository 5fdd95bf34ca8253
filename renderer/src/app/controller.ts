/**
 * The app's actions: each reads the store, calls the api client and writes the results back.
 * Views call these; none of them blocks the UI (training runs as service jobs followed by events).
 */
import type { ApiClient } from '../../../core/api/client';
import { forecastCsvFileName, forecastToCsv } from '../../../core/api/forecastCsv';
import type { PredictorType } from '../../../core/predictors/types';
import type { AppStore } from '../store/appStore';
import { seriesKeyOf } from '../store/chartSlice';
import { predictorTypes } from '../store/marketSlice';
import { resolveSettings, validateSettings } from '../store/trainingSettings';
import { isRunActive, trainingActive } from '../store/trainingSlice';
import type { ModelInfo } from '../store/apiTypes';
import { createBacktestRunner } from './backtestActions';
import { toPlainError } from './plainErrors';

/** How many real candles the main chart loads. */
const HISTORY_LIMIT = 5000;
/** How often running jobs are re-read, in case an event was missed. */
const RECONCILE_MS = 2000;

/** Saves text as a file: a browser download (Electron turns it into a save dialog). */
export type SaveFile = (fileName: string, text: string, mime: string) => void;

/** The actions the views call. */
export interface Controller {
  start(): Promise<void>;
  loadCandles(): Promise<void>;
  train(): Promise<void>;
  cancelTraining(): Promise<void>;
  forecast(types?: readonly PredictorType[], opts?: { save?: boolean; quiet?: boolean }): Promise<void>;
  exportCsv(): void;
  importCsv(file: { name: string; text(): Promise<string> }, symbol: string, timeframe?: string, source?: string): Promise<void>;
  refreshModels(): Promise<void>;
  refreshHistory(): Promise<void>;
  loadImportance(): Promise<void>;
  loadModel(name: string): Promise<void>;
  retrainModel(name: string): Promise<void>;
  deleteModel(name: string): Promise<void>;
  /** Backtests the model and options of the Backtest form. */
  runBacktest(): Promise<void>;
  stop(): void;
}

/** Creates the controller over an api client and a store. */
export function createController(api: ApiClient, store: AppStore, saveFile: SaveFile): Controller {
  const s = () => store.getState();
  const offs: (() => void)[] = [];
  let reconcileTimer: ReturnType<typeof setInterval> | null = null;
  let batchHandled = true;
  let candlesRequest = 0;

  const fail = (action: string) => (err: unknown) => s().showError(toPlainError(err, { action, source: s().source }));

  async function busy<T>(key: Parameters<ReturnType<typeof s>['setBusy']>[0], f: () => Promise<T>): Promise<T> {
    s().setBusy(key, true);
    try {
      return await f();
    } finally {
      s().setBusy(key, false);
    }
  }

  async function refreshSources(): Promise<void> {
    const [sources, series] = await Promise.all([api.listSources(), api.listSeries()]);
    s().setSources(sources, series);
  }

  async function refreshModels(): Promise<void> {
    await busy('models', async () => s().setModels(await api.listModels())).catch(fail('list the models'));
  }

  async function refreshHistory(): Promise<void> {
    s().setPredictions(await api.listPredictions({ limit: 200 }).catch((e) => {
      fail('list saved forecasts')(e);
      return s().predictions;
    }));
  }

  async function loadCandles(): Promise<void> {
    const { source, symbol, timeframe } = s();
    const request = ++candlesRequest;
    await busy('candles', async () => {
      const r = await api.getCandles({ exchange: source, symbol, timeframe, limit: HISTORY_LIMIT, refresh: true });
      if (request === candlesRequest) s().setCandles(seriesKeyOf(source, symbol, timeframe), r.candles, r.stale);
    }).catch(fail(`load ${symbol} ${timeframe} candles`));
  }

  async function forecast(types = predictorTypes(s().predictor), opts: { save?: boolean; quiet?: boolean } = {}): Promise<void> {
    const { source, symbol, timeframe, steps, stepsError } = s();
    if (stepsError) return s().showError({ message: stepsError });
    const save = opts.save ?? true;
    await busy('forecast', async () => {
      for (const type of types) {
        try {
          const f = await api.getPredictions({ exchange: source, symbol, timeframe, type, steps, auto_train: false, save });
          if (s().candlesKey !== seriesKeyOf(source, symbol, timeframe)) await loadCandles();
          s().setForecast(type, f);
        } catch (err) {
          if (!opts.quiet) fail(`forecast ${symbol} ${timeframe} with the ${type === 'multi_ohlc' ? 'multi-OHLC' : 'autoregressive'} model`)(err);
        }
      }
    });
    if (save) void refreshHistory();
  }

  /** At start-up, shows a fresh (unsaved) forecast of each model the current market already has. */
  async function forecastTrainedModels(): Promise<void> {
    const { models, source, symbol, timeframe, steps } = s();
    const types = predictorTypes('both').filter((t) =>
      models.some((m) => m.type === t && m.exchange === source && m.symbol === symbol && m.timeframe === timeframe && m.n_steps_ahead === steps));
    if (types.length) await forecast(types, { save: false, quiet: true });
  }

  async function afterBatch(): Promise<void> {
    const runs = s().runs;
    const done = runs.filter((r) => r.status === 'completed').map((r) => r.type);
    await refreshModels();
    if (done.length) {
      await loadCandles();
      await forecast(done);
    }
    const failed = runs.find((r) => r.status === 'failed');
    if (failed) fail(`train ${failed.name}`)(new Error(failed.error ?? 'training failed'));
  }

  function checkBatchEnd(): void {
    if (batchHandled || trainingActive(s()) || s().runs.length === 0) return;
    batchHandled = true;
    stopReconcile();
    void afterBatch();
  }

  // Jobs this app deleted (cancelled): the API forgets them at once, so they are not polled again.
  const deletedJobs = new Set<string>();

  async function reconcile(): Promise<void> {
    for (const run of s().runs.filter(isRunActive)) {
      if (deletedJobs.has(run.jobId)) continue;
      try {
        const job = await api.getJob({ id: run.jobId });
        if (job.status === 'queued' || job.status === 'running') {
          s().applyJobProgress({ jobId: job.id, kind: job.kind, name: job.name, stage: job.stage, value: job.progress, message: job.message });
        } else {
          s().applyJobStatus({ jobId: job.id, kind: job.kind, name: job.name, status: job.status, result: job.result, error: job.error }, Date.now());
        }
      } catch {
        /* the next round tries again; events still flow */
      }
    }
    checkBatchEnd();
  }

  function stopReconcile(): void {
    if (reconcileTimer) clearInterval(reconcileTimer);
    reconcileTimer = null;
  }

  async function startTraining(jobs: { type: PredictorType; name?: string; steps: number }[]): Promise<void> {
    const { source, symbol, timeframe, settingsDraft } = s();
    const errors = validateSettings(settingsDraft);
    if (Object.keys(errors).length) {
      s().toggleSettings(true);
      return s().showError({ message: 'Some training settings are not valid.', hint: 'Fix the fields marked in red under Advanced settings.' });
    }
    if (trainingActive(s())) return s().showNotice('A training is already running; cancel it first to start another.');
    const settings = resolveSettings(settingsDraft);
    s().showError(null);
    const started: { jobId: string; name: string; type: PredictorType; status: 'queued' | 'running' }[] = [];
    try {
      for (const j of jobs) {
        const r = await api.trainModel({
          exchange: source, symbol, timeframe, type: j.type, n_steps_ahead: j.steps, name: j.name,
          days_history: settings.daysHistory, options: settings.options,
        });
        started.push({ jobId: r.jobId, name: r.name, type: j.type, status: r.status === 'running' ? 'running' : 'queued' });
      }
    } catch (err) {
      fail(`start training on ${symbol} ${timeframe}`)(err);
      await Promise.all(started.map((j) => api.cancelJob({ id: j.jobId }).catch(() => undefined)));
      return;
    }
    s().beginTraining(started, Date.now());
    batchHandled = false;
    stopReconcile();
    reconcileTimer = setInterval(() => void reconcile(), RECONCILE_MS);
    void reconcile();
  }

  async function train(): Promise<void> {
    const { predictor, steps, stepsError } = s();
    if (stepsError) return s().showError({ message: stepsError });
    await startTraining(predictorTypes(predictor).map((type) => ({ type, steps })));
  }

  async function cancelTraining(): Promise<void> {
    const active = s().runs.filter(isRunActive);
    for (const r of active) deletedJobs.add(r.jobId);
    await Promise.all(active.map((r) => api.cancelJob({ id: r.jobId }).then((job) => {
      // DELETE answers with the job as it was: one still running is cancelled now (its worker stops, saves nothing).
      const status = job.status === 'queued' || job.status === 'running' ? 'cancelled' : job.status;
      s().applyJobStatus({ jobId: r.jobId, kind: job.kind, name: r.name, status, result: job.result, error: job.error }, Date.now());
    }).catch((err: unknown) => {
      deletedJobs.delete(r.jobId);
      fail(`cancel ${r.name}`)(err);
    })));
    await reconcile();
  }

  function exportCsv(): void {
    const { forecasts, mainPredictor } = s();
    const f = forecasts[mainPredictor] ?? forecasts.autoregressive ?? forecasts.multi_ohlc;
    if (!f) {
      return s().showError({ message: 'There is no forecast to export yet.', hint: 'Train (Ctrl+Enter) or click Forecast first, then export.' });
    }
    saveFile(forecastCsvFileName(f.symbol, f.timeframe, f.last_bar_time), forecastToCsv(f.predictions), 'text/csv');
    s().showNotice(`Exported ${f.predictions.length} forecast steps of the ${f.model_info.name} model.`);
  }

  async function importCsv(file: { name: string; text(): Promise<string> }, symbol: string, timeframe?: string, source = 'csv'): Promise<void> {
    await busy('import', async () => {
      const csv = await file.text();
      const report = await api.importCsv({ csv, file_name: file.name, symbol, timeframe: timeframe as never, exchange: source });
      await refreshSources();
      s().setSource(report.exchange);
      s().setSymbol(report.symbol);
      s().setTimeframe(report.timeframe);
      s().showNotice(`Imported ${report.rows_stored} candles of ${report.symbol} ${report.timeframe} into ${report.exchange}` +
        (report.gaps.count ? ` (${report.gaps.missing_bars} missing bars in ${report.gaps.count} gaps)` : '') + '.');
      await loadCandles();
    }).catch(fail(`import ${file.name}`));
  }

  async function loadImportance(): Promise<void> {
    const q = s().importanceQuery;
    if (!q.model) return s().setImportance(null);
    const model = s().models.find((m) => m.name === q.model);
    await busy('importance', async () => {
      const r = await api.featureImportance({ name: q.model!, kind: q.kind, target: model?.type === 'multi_ohlc' ? q.target : undefined, top: 20 });
      s().setImportance({ query: q, features: r.features });
    }).catch(fail(`load the feature importance of ${q.model}`));
  }

  function selectMarketOf(m: ModelInfo): void {
    s().setSource(m.exchange);
    s().setSymbol(m.symbol);
    s().setTimeframe(m.timeframe);
    s().setStepsText(String(m.n_steps_ahead));
  }

  async function loadModel(name: string): Promise<void> {
    const m = s().models.find((x) => x.name === name);
    if (!m) return;
    selectMarketOf(m);
    s().setView('chart');
    await loadCandles();
    try {
      const f = await api.getPredictions({ exchange: m.exchange, symbol: m.symbol, timeframe: m.timeframe, type: m.type, model: m.name, auto_train: false, save: true });
      s().setForecast(m.type, f);
      s().setMainPredictor(m.type);
    } catch (err) {
      fail(`forecast with ${name}`)(err);
    }
  }

  async function retrainModel(name: string): Promise<void> {
    const m = s().models.find((x) => x.name === name);
    if (!m) return;
    selectMarketOf(m);
    await startTraining([{ type: m.type, name: m.name, steps: m.n_steps_ahead }]);
  }

  async function deleteModel(name: string): Promise<void> {
    try {
      await api.deleteModel({ name });
      s().showNotice(`Deleted model ${name}.`);
    } catch (err) {
      fail(`delete ${name}`)(err);
    }
    await refreshModels();
  }

  async function start(): Promise<void> {
    offs.push(api.onJobProgress((e) => s().applyJobProgress(e)));
    offs.push(api.onJobStatus((e) => {
      s().applyJobStatus(e, Date.now());
      checkBatchEnd();
    }));
    try {
      await Promise.all([refreshSources(), refreshModels(), refreshHistory()]);
    } catch (err) {
      s().showError(toPlainError(err, { action: 'start' }));
      s().setReadiness('failed');
      return;
    }
    s().setReadiness('loaded');
    await loadCandles();
    await forecastTrainedModels();
  }

  function stop(): void {
    stopReconcile();
    offs.splice(0).forEach((off) => off());
  }

  return {
    start, loadCandles, train, cancelTraining, forecast, exportCsv, importCsv, refreshModels, refreshHistory,
    loadImportance, loadModel, retrainModel, deleteModel, runBacktest: createBacktestRunner(api, store), stop,
  };
}
