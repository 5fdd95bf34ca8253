// End-to-end in browser mode: the real `candlecast serve --web` (fresh data home, demo market) driven by Debian's
// Chromium through playwright-core. Screenshots of each screen go to out/e2e/; the main chart also to docs/screenshot.png.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchBrowser, hasChromium, type Browser } from './support/browser';
import { candlecastPage, type CandlecastPage } from './support/candlecastPage';
import { compareShowsBoth, qualityShowsEvidence, sidebarSaysVerdicts } from './support/evidenceFlow';
import {
  backtestShowsEquityAndMetrics, cancelStopsTraining, checkForecastCsv, deletesWithConfirmation, forecastAfterLastCandle,
  importanceShowsTwentyBars, importsCsv, modelsSurviveReload, opensOnDemoMarket, settingsRefuseBadValues,
  trainsBothToCompletion, trainsOnImportedSeries, MARKET, STATE_WAIT_MS,
} from './support/flow';
import { buildForWeb, startWebServer, type WebServer } from './support/webServer';

const reason = chromiumSkipReason();

describe.skipIf(!hasChromium())(`Candlecast in a browser${reason}`, { timeout: STATE_WAIT_MS }, () => {
  let server: WebServer;
  let browser: Browser;
  let cp: CandlecastPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildForWeb();
    server = await startWebServer();
    browser = await launchBrowser();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(`${server.url}/`);
    cp = candlecastPage(page, 'web');
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await cp?.shot(`failed-${ctx.task.name.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens on the demo market with history candles and says what to do next', async () => {
    await opensOnDemoMarket(cp);
  });

  it('refuses bad training settings inline', async () => {
    await settingsRefuseBadValues(cp);
  });

  it('trains both predictors on BTC/USDT 1m, 300 steps, with progress reaching 100%', async () => {
    await trainsBothToCompletion(cp);
  });

  it('draws 300 forecast candles after the last real candle', async () => {
    await forecastAfterLastCandle(cp);
  });

  it('compares both predictors side by side with one metrics table', async () => {
    await compareShowsBoth(cp);
  });

  it('shows each model\'s forecast quality: verdicts, skill with intervals, coverage, reliability', async () => {
    await qualityShowsEvidence(cp);
  });

  it('says beside the chart, component by component, whether each model has an edge', async () => {
    await sidebarSaysVerdicts(cp, server.url);
  });

  it('shows the top 20 features', async () => {
    await importanceShowsTwentyBars(cp);
  });

  it('backtests the autoregressive model against buy & hold', async () => {
    await backtestShowsEquityAndMetrics(cp);
  });

  it('exports the forecast as CSV (Ctrl+E): 300 rows under the header', async () => {
    await cp.openView('chart');
    const [download] = await Promise.all([cp.page.waitForEvent('download'), cp.page.keyboard.press('Control+e')]);
    expect(download.suggestedFilename()).toMatch(/^BTC_USDT_1m_.*_forecast\.csv$/);
    checkForecastCsv(readFileSync((await download.path())!, 'utf8'), MARKET.steps);
    const [viaButton] = await Promise.all([cp.page.waitForEvent('download'), cp.byId('export').click()]);
    checkForecastCsv(readFileSync((await viaButton.path())!, 'utf8'), MARKET.steps);
  });

  it('still lists the models after a reload', async () => {
    await modelsSurviveReload(cp);
  });

  it('cancels a running training and keeps the stored model', async () => {
    const trainedAt = async () => {
      const res = await fetch(`${server.url}/api/models`);
      const models = (await res.json()) as { name: string; trained_at: string }[];
      return models.find((m) => m.name === 'BTC_USDT_1m_300steps')!.trained_at;
    };
    await cancelStopsTraining(cp, trainedAt);
  });

  it('imports a CSV file of candles and draws it', async () => {
    await importsCsv(cp);
  });

  it('trains on the imported series: its own model, on exactly the file\'s bars', async () => {
    await trainsOnImportedSeries(cp, server.url);
  });

  it('deletes a model only after confirmation', async () => {
    await deletesWithConfirmation(cp, 'BTC_USDT_1m_300steps_multi_ohlc');
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
