// The live chart on the system clock: `candlecast serve --web` with the demo market open in Debian's Chromium.
// Measures, over LIVE_BENCH_BARS real minute closes (default 5), the time from each bar's close to the chart drawing
// it as a closed candle, and the CPU the idle live chart
// costs: the server (with its worker threads) and every Chromium process, as a share of one core.
import { readdirSync, readFileSync } from 'node:fs';
import { quantile, type BenchRow, type BenchSuite } from './harness';
import { hasChromium, launchBrowser } from '../e2e/support/browser';
import { buildForWeb, startWebServer } from '../e2e/support/webServer';

const MIN = 60_000;
const TICKS = 100;

/** CPU seconds (user + system) of a process, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Every process whose command line mentions `needle` (the browser's throw-away profile folder). */
function pidsWith(needle: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle)) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

type Hook = { __candlecastTest: { chartSeries(id?: string): { id: string; lastTime: number | null }[] | null } };

const suite: BenchSuite = {
  name: 'live',
  async run(): Promise<BenchRow[]> {
    if (!hasChromium()) return [{ metric: 'skipped', value: 0, unit: '', note: '/usr/bin/chromium is not installed' }];
    const bars = Number(process.env.LIVE_BENCH_BARS ?? 5);
    buildForWeb();
    const server = await startWebServer({ log: 'server-live-bench.log' });
    const browser = await launchBrowser();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${server.url}/`);
      await page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: 600_000 });
      const chromium = () => pidsWith('candlecast-chromium-');
      // Let start-up work (history load, first forecast attempts) settle: start at the next bar.
      const first = Math.ceil((Date.now() + 5000) / MIN) * MIN;
      await page.waitForFunction((t) => ((globalThis as unknown as Hook).__candlecastTest.chartSeries('main')?.find((s) => s.id === 'history')?.lastTime ?? 0) >= t, (first - MIN) / 1000, { timeout: 2 * MIN, polling: 'raf' });
      const cpu0 = { server: cpuSeconds(server.pid), browser: chromium().reduce((a, p) => a + cpuSeconds(p), 0), wall: performance.now() };
      const latencies: number[] = [];
      for (let k = 1; k <= bars; k++) {
        const close = first + k * MIN;
        // The bar that opened a minute before `close` is on the chart as a real (closed) candle.
        await page.waitForFunction((t) => ((globalThis as unknown as Hook).__candlecastTest.chartSeries('main')?.find((s) => s.id === 'history')?.lastTime ?? 0) >= t, (close - MIN) / 1000, { timeout: 2 * MIN, polling: 'raf' });
        latencies.push(Date.now() - close);
      }
      const wallS = (performance.now() - cpu0.wall) / 1000;
      const serverCpu = (cpuSeconds(server.pid) - cpu0.server) / wallS;
      const browserCpu = (chromium().reduce((a, p) => a + cpuSeconds(p), 0) - cpu0.browser) / wallS;
      // The same page with the feed paused: what the chart costs without live updates, for comparison.
      await page.getByTestId('live-toggle').click();
      await page.locator('[data-testid="live-state"][data-state="paused"]').waitFor();
      const p0 = { server: cpuSeconds(server.pid), browser: chromium().reduce((a, p) => a + cpuSeconds(p), 0), wall: performance.now() };
      await page.waitForTimeout(60_000);
      const pausedS = (performance.now() - p0.wall) / 1000;
      const pausedBrowser = (chromium().reduce((a, p) => a + cpuSeconds(p), 0) - p0.browser) / pausedS;
      const pausedServer = (cpuSeconds(server.pid) - p0.server) / pausedS;
      return [
        { metric: 'bar close -> chart p50', value: quantile(latencies, 0.5), unit: 'ms', note: `${bars} real 1m closes, demo market, system clock` },
        { metric: 'bar close -> chart p95', value: quantile(latencies, 0.95), unit: 'ms' },
        { metric: 'idle live chart CPU, server', value: 100 * serverCpu, unit: '% of a core', note: `over ${wallS.toFixed(0)} s, forming bar every 5 s` },
        { metric: 'idle live chart CPU, browser', value: 100 * browserCpu, unit: '% of a core', note: 'all Chromium processes (headless, software rendering)' },
        { metric: 'paused chart CPU, server', value: 100 * pausedServer, unit: '% of a core', note: 'same page, feed paused, 60 s' },
        { metric: 'paused chart CPU, browser', value: 100 * pausedBrowser, unit: '% of a core' },
      ];
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};

export default suite;
