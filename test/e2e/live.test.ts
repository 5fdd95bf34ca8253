// End-to-end, live: `candlecast serve --web` on a manual clock (CANDLECAST_TEST_CLOCK, advanced over stdin) in
// Debian's Chromium. New demo candles reach the open chart without a reload, one per minute the clock moves; a saved
// forecast, overlaid from History, is drawn beside the bars that followed it and its running score grows with them.
// Prints the update latency from the clock passing a bar's close to the chart drawing it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../core/runtime/packageRoot';
import { chromiumSkipReason, launchBrowser, hasChromium, type Browser } from './support/browser';
import { candlecastPage, type CandlecastPage } from './support/candlecastPage';
import { STATE_WAIT_MS } from './support/flow';
import { buildForWeb, startWebServer, type WebServer } from './support/webServer';

const MIN = 60_000;
// 10 minutes ahead of the wall clock, 20 s into a bar: wall-clock refreshes never reach the feed's bars.
const C0 = Math.floor(Date.now() / MIN) * MIN + 10 * MIN + 20_000;
const reason = chromiumSkipReason();

type Hook = { __candlecastTest: { chartSeries(id?: string): { id: string; count: number; lastTime: number | null }[] | null } };

describe.skipIf(!hasChromium())(`Candlecast live in a browser${reason}`, { timeout: STATE_WAIT_MS }, () => {
  let server: WebServer;
  let browser: Browser;
  let cp: CandlecastPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildForWeb();
    server = await startWebServer({ env: { CANDLECAST_TEST_CLOCK: String(C0) }, stdin: true, log: 'server-live.log' });
    browser = await launchBrowser();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    cp = candlecastPage(page, 'live');
    await page.goto(`${server.url}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The main chart's history series: bar count and last bar time (UTC seconds). */
  const history = () => cp.page.evaluate(() => (globalThis as unknown as Hook).__candlecastTest.chartSeries('main')?.find((s) => s.id === 'history') ?? null);
  const waitLastTime = (t: number) => cp.page.waitForFunction((want) => {
    const h = (globalThis as unknown as Hook).__candlecastTest.chartSeries('main')?.find((s) => s.id === 'history');
    return !!h && h.lastTime === want;
  }, t / 1000, { timeout: STATE_WAIT_MS, polling: 'raf' });

  it('draws each new minute bar without a reload, the forming bar replaced in place', async () => {
    await cp.ready();
    // The history is loaded first (a month of demo bars), then the feed draws on after it.
    await cp.page.waitForFunction(() => ((globalThis as unknown as Hook).__candlecastTest.chartSeries('main')?.find((s) => s.id === 'history')?.count ?? 0) > 1000,
      undefined, { timeout: STATE_WAIT_MS });
    await cp.page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: STATE_WAIT_MS });
    const bar0 = C0 - 20_000;
    // The bar in progress is drawn as its own hollow candle after the real ones.
    await cp.page.waitForFunction((want) => (globalThis as unknown as Hook).__candlecastTest.chartSeries('main:live')?.find((s) => s.id === 'live:forming')?.lastTime === want,
      bar0 / 1000, { timeout: STATE_WAIT_MS });
    const start = (await history())!;
    expect(await cp.byId('live-state').textContent()).toMatch(/^ ?live — last update \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await cp.shot('01-live');

    const latencies: number[] = [];
    for (let k = 1; k <= 12; k++) {
      const t0 = performance.now();
      server.send(`advance ${MIN}`);
      await waitLastTime(bar0 + (k - 1) * MIN);
      latencies.push(performance.now() - t0);
    }
    const after = (await history())!;
    // Twelve closes, twelve more bars: the forming bar was replaced each time, never added twice.
    expect(after.count - start.count).toBe(12);
    expect(await cp.page.locator('#root[data-app-state="loaded"]').count()).toBe(1);
    await cp.shot('02-live-after-12-minutes');

    const sorted = [...latencies].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    const figures = { samples: sorted.length, median_ms: q(0.5), p95_ms: q(0.95), max_ms: sorted[sorted.length - 1] };
    console.log(`live update latency, clock past a bar close -> bar on the chart: median ${figures.median_ms.toFixed(0)} ms, p95 ${figures.p95_ms.toFixed(0)} ms (${figures.samples} bars)`);
    mkdirSync(join(packageRoot(), 'out', 'e2e'), { recursive: true });
    writeFileSync(join(packageRoot(), 'out', 'e2e', 'live-latency.json'), JSON.stringify(figures, null, 2));
  });

  it('overlays a saved forecast from History and updates its score as bars close', async () => {
    const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    const train = await post('/api/models/train', { symbol: 'BTC_USDT', timeframe: '1m', n_steps_ahead: 20, days_history: 3, options: { numBoostRound: 40 } });
    for (;;) {
      const job = (await (await fetch(`${server.url}/api/jobs/${train.jobId}`)).json()) as { status: string };
      if (job.status === 'completed') break;
      expect(['queued', 'running']).toContain(job.status);
      await new Promise((r) => setTimeout(r, 200));
    }
    const f = (await (await fetch(`${server.url}/api/predictions?symbol=BTC_USDT&timeframe=1m&model=${train.name}&auto_train=false&save=true`)).json()) as { last_bar_time: string };
    const lastBar = Date.parse(f.last_bar_time);

    await cp.openView('history');
    const row = cp.page.locator('[data-testid="history-row"]').first();
    await row.waitFor({ timeout: STATE_WAIT_MS });
    await row.getByTestId('history-overlay').click();
    await cp.byId('view-chart').waitFor();
    await cp.byId('overlay-panel').waitFor();
    await expect.poll(async () => (await cp.page.evaluate(() => (globalThis as unknown as Hook).__candlecastTest.chartSeries('main:live')))?.map((s) => [s.id, s.count]))
      .toEqual([['live:forming', 1], ['overlay:candles', 20], ['overlay:median', 20]]);
    expect(await cp.byId('overlay-panel').getAttribute('data-scored')).toBe('0');
    expect(await cp.byId('overlay-score').textContent()).toMatch(/waiting for the first bar/);

    server.send(`advance ${MIN}`);
    await waitLastTime(lastBar + MIN);
    await cp.page.locator('[data-testid="overlay-panel"][data-scored="1"]').waitFor({ timeout: STATE_WAIT_MS });
    server.send(`advance ${4 * MIN}`);
    await cp.page.locator('[data-testid="overlay-panel"][data-scored="5"]').waitFor({ timeout: STATE_WAIT_MS });
    expect(await cp.byId('overlay-score').textContent()).toMatch(/^5\/20 steps scored so far · skill vs naive -?\d\.\d{3} · close MAE .* inside 80% band \d+%/);
    await cp.byId('overlay-spark').waitFor();
    await cp.shot('03-overlay-scored');

    await cp.openView('history');
    await expect.poll(() => cp.byId('history-model-scores').textContent()).toMatch(/BTC_USDT_1m_20steps: 1 forecast, 5 steps scored live · skill -?\d\.\d{3} · 80% band \d+% — too few scored forecasts/);
    await cp.shot('04-history-live');

    await cp.openView('models');
    await expect.poll(() => cp.page.locator('[data-testid="model-live"]').first().textContent()).toMatch(/-?\d\.\d{3} · 80% \d+%/);
    expect(await cp.page.locator('[data-testid="model-live"]').first().getAttribute('data-stale')).toBe('false');
    await cp.shot('05-models-live');
    expect(pageErrors).toEqual([]);
  });
});
