/**
 * The end-to-end flow shared by the browser and the Electron tests: each step drives the window and asserts
 * what a trader would see, through the test hook and data attributes.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { FORECAST_CSV_COLUMNS } from '../../../core/api/forecastCsv';
import { packageRoot } from '../../../core/runtime/packageRoot';
import type { CandlecastPage } from './candlecastPage';

/** The app's own defaults (30 days of 1m, 500 rounds, early stopping after 50): what a user gets. */
export const APP_DEFAULT_TRAINING = { days: '30', rounds: '500', earlyStopping: '50' };
/**
 * What the end-to-end flow trains with: settings that finish in seconds, so a busy machine only makes the run slower,
 * never red. Refreshing the README's screenshot (UPDATE_SCREENSHOTS=1) trains with the app's defaults instead.
 */
export const SMALL_TRAINING = process.env.UPDATE_SCREENSHOTS === '1' ? APP_DEFAULT_TRAINING : { days: '4', rounds: '60', earlyStopping: '20' };
/** How long a step may wait for the app to reach a state: generous, since only a broken app never gets there. */
export const STATE_WAIT_MS = 15 * 60_000;
/** The market of the flow. */
export const MARKET = { source: 'demo', symbol: 'BTC/USDT', timeframe: '1m', steps: 300, predictor: 'both' };

/** Opens the app: history candles on the demo market and an empty state that says what to do. */
export async function opensOnDemoMarket(cp: CandlecastPage): Promise<void> {
  await cp.ready();
  await cp.page.waitForFunction(() => {
    const hook = (globalThis as unknown as { __candlecastTest?: { chartSeries(): { id: string; count: number }[] | null } }).__candlecastTest;
    return (hook?.chartSeries()?.find((s) => s.id === 'history')?.count ?? 0) > 0;
  }, undefined, { timeout: STATE_WAIT_MS });
  await expect.poll(() => cp.byId('no-forecast').textContent()).toMatch(/click Train/);
  await cp.shot('01-start');
}

/** Bad settings are refused inline and block Train; good small settings are accepted. */
export async function settingsRefuseBadValues(cp: CandlecastPage): Promise<void> {
  await cp.openSettings();
  await cp.setSetting('learning_rate', '0');
  await expect.poll(() => cp.byId('setting-error-learning_rate').textContent()).toMatch(/more than 0/);
  await cp.setSetting('lookbackPeriods', '5, x');
  await expect.poll(() => cp.byId('setting-error-lookbackPeriods').textContent()).toMatch(/Lookback "x"/);
  await cp.shot('02-settings-invalid');
  await cp.byId('train').click();
  await expect.poll(() => cp.byId('error').textContent()).toMatch(/training settings are not valid/);
  expect(await cp.page.locator('[data-testid="training-run"]').count()).toBe(0);
  await cp.setSetting('learning_rate', '0.05');
  await cp.setSetting('lookbackPeriods', '5, 10, 20, 50');
  await cp.setSetting('daysHistory', SMALL_TRAINING.days);
  await cp.setSetting('numBoostRound', SMALL_TRAINING.rounds);
  await cp.setSetting('earlyStoppingRounds', SMALL_TRAINING.earlyStopping);
  expect(await cp.page.locator('[data-testid^="setting-error-"]').count()).toBe(0);
  await cp.closeSettings();
}

/** Trains both predictors on BTC/USDT 1m with 300 steps; progress reaches 100% and loss curves were drawn. */
export async function trainsBothToCompletion(cp: CandlecastPage): Promise<void> {
  await cp.chooseMarket(MARKET);
  await cp.byId('train').click();
  await cp.byId('training-panel').waitFor();
  // A quick training may already be done when the page is looked at: running or completed both show the panel.
  await cp.page.locator('[data-testid="training-run"][data-status="running"], [data-testid="training-run"][data-status="completed"]').first().waitFor({ timeout: STATE_WAIT_MS });
  await cp.shot('03-training');
  const statuses = await cp.waitForTrainingEnd(STATE_WAIT_MS);
  expect(statuses).toEqual(['completed', 'completed']);
  expect(await cp.page.locator('[data-testid="training-percent"]').allTextContents()).toEqual(['100%', '100%']);
  expect(await cp.byId('training-overall').getAttribute('data-value')).toBe('1.000');
  expect(await cp.page.locator('[data-testid^="loss-curve-"]').count()).toBeGreaterThanOrEqual(2);
}

/** The forecast is its own series with 300 candles, all after the last real candle; the legend names the step. */
export async function forecastAfterLastCandle(cp: CandlecastPage): Promise<void> {
  await cp.waitForForecast('main', 'autoregressive', MARKET.steps);
  await cp.page.locator('[data-testid="forecast"]:not([disabled])').waitFor();
  const series = (await cp.chartSeries('main'))!;
  const history = series.find((s) => s.id === 'history')!;
  const forecast = series.find((s) => s.id === 'forecast:autoregressive')!;
  expect(history.count).toBeGreaterThan(1000);
  expect(forecast.count).toBe(MARKET.steps);
  // The chart follows the market: a bar that closed since the forecast was made is drawn under its first steps.
  // The forecast started right after the last real bar it was made from; at most one bar can have closed since.
  const liveBarsSince = (history.lastTime! - forecast.firstTime!) / 60 + 1;
  expect(liveBarsSince, 'real bars drawn at or after the forecast\'s first step').toBeLessThanOrEqual(1);
  expect(forecast.lastTime! - forecast.firstTime!).toBe((MARKET.steps - 1) * 60);
  const box = (await cp.byId('main-chart').boundingBox())!;
  await cp.page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.35);
  await expect.poll(() => cp.byId('legend').textContent()).toMatch(/Forecast step \d+.*O .*H .*L .*C /);
  const path = await cp.shot('04-chart');
  // The README's picture: refreshed on demand, so ordinary test runs leave the work tree clean.
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join(packageRoot(), 'docs'), { recursive: true });
    copyFileSync(path, join(packageRoot(), 'docs', 'screenshot.png'));
  }
  await cp.page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.35);
  await expect.poll(() => cp.byId('legend').textContent()).toMatch(/^Real/);
}

/** Feature importance: 20 bars by gain, 20 by split, and open/high/low/close tabs for the multi-OHLC model. */
export async function importanceShowsTwentyBars(cp: CandlecastPage): Promise<void> {
  await cp.openView('importance');
  const bars = cp.page.locator('[data-testid="importance-bar"]');
  await expect.poll(() => bars.count(), { timeout: STATE_WAIT_MS }).toBe(20);
  await cp.shot('06-importance');
  await cp.byId('importance-kind-split').click();
  await cp.page.locator('[data-testid="importance-bars"][data-kind="split"]').waitFor();
  await expect.poll(() => bars.count(), { timeout: STATE_WAIT_MS }).toBe(20);
  const multi = await cp.byId('importance-model').locator('option', { hasText: 'Multi-OHLC' }).getAttribute('value');
  await cp.byId('importance-model').selectOption(multi!);
  await cp.byId('importance-target-high').click();
  await cp.page.locator('[data-testid="importance-bars"][data-target="high"]').waitFor();
  await expect.poll(() => bars.count(), { timeout: STATE_WAIT_MS }).toBe(20);
}

/**
 * Backtest tab: the current market's autoregressive model is chosen, a bad fee is refused inline, and a run over the
 * last day of its training data draws both equity curves, fills the metrics table and warns that it is in-sample.
 */
export async function backtestShowsEquityAndMetrics(cp: CandlecastPage): Promise<void> {
  await cp.openView('backtest');
  await expect.poll(() => cp.byId('backtest-model').inputValue()).toBe('BTC_USDT_1m_300steps');
  await cp.byId('backtest-feeBps').fill('2000');
  await expect.poll(() => cp.byId('backtest-error-feeBps').textContent()).toMatch(/from 0 to 1000/);
  expect(await cp.byId('backtest-run').isDisabled()).toBe(true);
  await cp.byId('backtest-feeBps').fill('10');
  await cp.byId('backtest-thresholdBps').fill('1');
  await cp.byId('backtest-range').selectOption('d1');
  await cp.byId('backtest-run').click();
  await cp.byId('backtest-results').waitFor({ timeout: STATE_WAIT_MS });
  const values = await cp.page.getByTestId('backtest-value').allTextContents();
  expect(values).toHaveLength(10 * 4);
  const column = (k: number) => values.filter((_, i) => i % 4 === k);
  const [model, buyHold, momentum, flat] = [0, 1, 2, 3].map(column);
  // Every figure is a number, except a win rate when a run made no trade.
  for (const run of [model, buyHold, momentum]) run.forEach((v, i) => expect(v, v).toMatch(i === 7 && run[6] === '0' ? /^-$/ : /\d/));
  expect(buyHold[6]).toBe('1');
  // The Sharpe ratio's interval holds its point value.
  const [sharpe, [lo, hi]] = [Number(buyHold[2]), buyHold[3].slice(1, -1).split(', ').map(Number)];
  expect(lo).toBeLessThanOrEqual(sharpe);
  expect(hi).toBeGreaterThanOrEqual(sharpe);
  // Flat never trades: nothing gained, no fees, no win rate, a Sharpe ratio of 0 with no uncertainty.
  expect(flat).toEqual(['0.00%', '0.0%', '0.00', '[0.00, 0.00]', '0.00', '0.00%', '0', '-', '0.0%', '0.00%']);
  expect(await cp.byId('backtest-versus').textContent()).toMatch(
    /^Against buy & hold: [+-][\d.]+ points of total return \[[+-][\d.]+, [+-][\d.]+\], (ahead|behind|no difference beyond the noise)\. Against momentum: .*Against staying flat: /,
  );
  expect(await cp.byId('backtest-metrics').locator('thead th').allTextContents()).toEqual(['After costs', 'Model', 'Buy & hold', 'Momentum', 'Flat']);
  await expect.poll(async () => (await cp.chartSeries('backtest'))?.map((s) => [s.id, s.kind, s.count > 100])).toEqual([
    ['equity:model', 'Line', true], ['equity:buy_and_hold', 'Line', true],
  ]);
  expect(await cp.byId('backtest-overlap').textContent()).toMatch(/In-sample: \d+ of the \d+ bars/);
  await cp.shot('12-backtest');
}

/** Checks an exported forecast: the header, then one row per step with numbers. */
export function checkForecastCsv(text: string, steps: number): void {
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe(FORECAST_CSV_COLUMNS.join(','));
  expect(lines[0]).toBe('step,timestamp,predicted_open,predicted_high,predicted_low,predicted_close,predicted_return,close_lower_80,close_upper_80,confidence,'
    + 'close_lower_50,close_upper_50,close_lower_90,close_upper_90,p_up,predicted_range');
  const rows = lines.slice(1).map((l) => l.split(','));
  expect(rows).toHaveLength(steps);
  rows.forEach((r, i) => {
    expect(Number(r[0])).toBe(i + 1);
    expect(Number.isNaN(Date.parse(r[1]))).toBe(false);
    for (const v of r.slice(2)) expect(Number.isFinite(Number(v)), v).toBe(true);
    expect(Number(r[7])).toBeLessThanOrEqual(Number(r[8]));
  });
}

/** Models are listed, and still listed after a reload (they live in the data home). */
export async function modelsSurviveReload(cp: CandlecastPage): Promise<string[]> {
  await cp.openView('models');
  const rows = cp.page.locator('[data-testid="model-row"]');
  await expect.poll(() => rows.count()).toBe(2);
  const names = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? '').sort());
  expect(names).toEqual(['BTC_USDT_1m_300steps', 'BTC_USDT_1m_300steps_multi_ohlc']);
  await cp.page.reload();
  await cp.ready();
  await cp.waitForForecast('main', 'autoregressive', MARKET.steps);
  await cp.openView('models');
  await expect.poll(() => rows.count()).toBe(2);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? '').sort())).toEqual(names);
  await cp.shot('07-models');
  await cp.openView('history');
  await expect.poll(() => cp.page.locator('[data-testid="history-row"]').count()).toBeGreaterThanOrEqual(2);
  await cp.shot('08-history');
  return names;
}

/** Opens Advanced settings, fills the given fields and closes them again. */
async function applySettings(cp: CandlecastPage, values: Readonly<Record<string, string>>): Promise<void> {
  await cp.openSettings();
  for (const [field, value] of Object.entries(values)) await cp.setSetting(field, value);
  await cp.closeSettings();
}

/** A long training is cancelled: the run ends as cancelled and the stored model is untouched. */
export async function cancelStopsTraining(cp: CandlecastPage, modelTrainedAt: () => Promise<string>): Promise<void> {
  const before = await modelTrainedAt();
  await cp.openView('chart');
  await applySettings(cp, { daysHistory: '5', numBoostRound: '5000', earlyStoppingRounds: '1000', learning_rate: '0.001' });
  await cp.byId('predictor').selectOption('autoregressive');
  await cp.page.keyboard.press('Control+Enter');
  await cp.page.locator('[data-testid="training-run"][data-status="running"]').waitFor({ timeout: STATE_WAIT_MS });
  await cp.page.locator('[data-testid^="loss-curve-"]').first().waitFor({ timeout: STATE_WAIT_MS });
  await cp.byId('cancel').click();
  expect(await cp.waitForTrainingEnd(STATE_WAIT_MS)).toEqual(['cancelled']);
  await expect.poll(() => cp.byId('training-stage').textContent()).toBe('Cancelled');
  await cp.shot('09-cancelled');
  expect(await modelTrainedAt()).toBe(before);
}

/** A CSV of `bars` synthetic 5m candles (a gentle random walk), as a trader's export would look. */
export function syntheticCsv(bars: number): string {
  const start = Date.UTC(2024, 0, 1);
  const lines = ['timestamp,open,high,low,close,volume'];
  let close = 2000;
  for (let i = 0; i < bars; i++) {
    const open = close;
    close = open * (1 + 0.002 * Math.sin(i / 7) + 0.001 * Math.cos(i / 3));
    const high = Math.max(open, close) * 1.001;
    const low = Math.min(open, close) * 0.999;
    lines.push(`${new Date(start + i * 300_000).toISOString()},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${(100 + (i % 17)).toFixed(1)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The synthetic CSV the import step uses: 3,000 bars of 5m, enough to train on. */
export const IMPORTED = { bars: 3000, first: Date.UTC(2024, 0, 1), barMs: 300_000 };

/**
 * Import CSV: the dialog guesses the market from the file name, refuses the demo market as the target inline, and
 * stores the file in the csv source; the chart then draws exactly the file's bars.
 */
export async function importsCsv(cp: CandlecastPage): Promise<void> {
  await cp.openView('chart');
  await cp.byId('import-file').setInputFiles({ name: 'ETHUSDT_5m_sample.csv', mimeType: 'text/csv', buffer: Buffer.from(syntheticCsv(IMPORTED.bars)) });
  const dialog = cp.byId('import-dialog');
  await dialog.waitFor();
  expect(await dialog.locator('input').first().inputValue()).toBe('ETH/USDT');
  expect(await dialog.locator('select').inputValue()).toBe('5m');
  expect(await cp.byId('import-source').inputValue()).toBe('csv');
  await cp.byId('import-source').fill('demo');
  await expect.poll(() => cp.byId('import-source-error').textContent()).toMatch(/demo market makes its own candles/);
  expect(await dialog.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
  await cp.shot('10a-import-refused');
  await cp.byId('import-source').fill('csv');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect.poll(() => cp.byId('notice').textContent(), { timeout: STATE_WAIT_MS }).toMatch(/Imported 3000 candles of ETH\/USDT 5m into csv/);
  expect(await cp.byId('source').inputValue()).toBe('csv');
  await expect.poll(async () => (await cp.chartSeries('main'))?.find((s) => s.id === 'history')?.count, { timeout: STATE_WAIT_MS }).toBe(IMPORTED.bars);
  const history = (await cp.chartSeries('main'))!.find((s) => s.id === 'history')!;
  expect(history.firstTime! * 1000).toBe(IMPORTED.first);
  expect(history.lastTime! * 1000).toBe(IMPORTED.first + (IMPORTED.bars - 1) * IMPORTED.barMs);
  await cp.shot('10-imported');
}

/**
 * Train on the imported series: the model is the csv source's own (named csv_...), trained on exactly the file's
 * bars, and its forecast starts right after the file's last bar.
 */
export async function trainsOnImportedSeries(cp: CandlecastPage, baseUrl: string): Promise<void> {
  await applySettings(cp, { daysHistory: '30', numBoostRound: '60', earlyStoppingRounds: '20', learning_rate: '0.05' });
  await cp.byId('steps').fill('12');
  await cp.byId('predictor').selectOption('autoregressive');
  await cp.byId('train').click();
  // The panel still shows the cancelled run until the new one replaces it: wait for the new one by name.
  await cp.page.locator('[data-testid="training-run"][data-name="csv_ETH_USDT_5m_12steps"]').waitFor({ timeout: STATE_WAIT_MS });
  expect(await cp.waitForTrainingEnd(STATE_WAIT_MS)).toEqual(['completed']);
  await cp.waitForForecast('main', 'autoregressive', 12);
  const series = (await cp.chartSeries('main'))!;
  const last = IMPORTED.first + (IMPORTED.bars - 1) * IMPORTED.barMs;
  expect(series.find((s) => s.id === 'history')!.lastTime! * 1000).toBe(last);
  expect(series.find((s) => s.id === 'forecast:autoregressive')!.firstTime! * 1000).toBe(last + IMPORTED.barMs);
  const models = (await (await fetch(`${baseUrl}/api/models`)).json()) as { name: string; exchange: string; data_range: { from: string; to: string; bars: number } }[];
  const model = models.find((m) => m.name === 'csv_ETH_USDT_5m_12steps');
  expect(model).toMatchObject({ exchange: 'csv', data_range: { bars: IMPORTED.bars } });
  expect([Date.parse(model!.data_range.from), Date.parse(model!.data_range.to)]).toEqual([IMPORTED.first, last]);
  await cp.openView('models');
  await expect.poll(() => cp.page.locator('[data-testid="model-row"][data-name="csv_ETH_USDT_5m_12steps"]').count()).toBe(1);
  await cp.shot('10b-imported-trained');
}

/** Delete asks first; "Keep it" keeps the model, "Delete" removes it. */
export async function deletesWithConfirmation(cp: CandlecastPage, name: string): Promise<void> {
  await cp.openView('models');
  const rows = cp.page.locator('[data-testid="model-row"]');
  const before = await rows.count();
  const row = cp.page.locator(`[data-testid="model-row"][data-name="${name}"]`);
  await row.getByTestId('model-delete').click();
  await cp.byId('confirm-delete').getByRole('button', { name: 'Keep it' }).click();
  expect(await rows.count()).toBe(before);
  await row.getByTestId('model-delete').click();
  await cp.shot('11-confirm-delete');
  await cp.byId('confirm-delete-yes').click();
  await expect.poll(() => rows.count()).toBe(before - 1);
  expect(await row.count()).toBe(0);
}
