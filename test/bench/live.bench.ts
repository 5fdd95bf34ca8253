// The live chart on the system clock: `candlecast serve --web` with the demo market open in Debian's Chromium.
// Measures, over LIVE_BENCH_BARS real minute closes (default 5), the time from each bar's close to the chart drawing
// it as a closed candle; then, with nothing polling the page, the CPU the idle live chart
// costs: the server (with its worker threads) and every Chromium process, as a share of one core.
import { readdirSync, readFileSync } from 'node:fs';
import { quantile, type BenchRow, type BenchSuite } from './harness';
import { hasChromium, launchBrowser } from '../e2e/support/browser';
import { buildForWeb, startWebServer } from '../e2e/support/webServer';

const MIN = 60_000;
/** How long the idle live chart's CPU is sampled (LIVE_BENCH_IDLE_S, default 120 s). */
const IDLE_MS = Number(process.env.LIVE_BENCH_IDLE_S ?? 120) * 1000;
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

/** The Chromium processes this bench started: descendants of this process whose command line names chromium. */
function ownChromium(): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      parent.set(Number(d), Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    try {
      return mine(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium');
    } catch {
      return false;
    }
  });
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
      const chromium = ownChromium;
      // Let start-up work (history load, first forecast attempts) settle: start at the next bar.
      const first = Math.ceil((Date.now() + 5000) / MIN) * MIN;
      await page.waitForFunction((t) => ((globalThis as unknown as Hook).__candlecastTest.chartSeries('main')?.find((s) => s.id === 'history')?.lastTime ?? 0) >= t, (first - MIN) / 1000, { timeout: 2 * MIN, polling: 'raf' });
      const latencies: number[] = [];
      for (let k = 1; k <= bars; k++) {
        const close = first + k * MIN;
        // The bar that opened a minute before `close` is on the chart as a real (closed) candle.
        await page.waitForFunction((t) => ((globalThis as unknown as Hook).__candlecastTest.chartSeries('main')?.find((s) => s.id === 'history')?.lastTime ?? 0) >= t, (close - MIN) / 1000, { timeout: 2 * MIN, polling: 'raf' });
        latencies.push(Date.now() - close);
      }
      // CPU is sampled with nothing polling the page (the latency waits above check it every frame).
      const sample = async (ms: number) => {
        const c0 = { server: cpuSeconds(server.pid), browser: chromium().reduce((a, p) => a + cpuSeconds(p), 0), wall: performance.now() };
        await page.waitForTimeout(ms);
        const wallS = (performance.now() - c0.wall) / 1000;
        return { wallS, server: (cpuSeconds(server.pid) - c0.server) / wallS, browser: (chromium().reduce((a, p) => a + cpuSeconds(p), 0) - c0.browser) / wallS };
      };
      const live = await sample(IDLE_MS);
      // The same page with the feed paused: what the chart costs without live updates, for comparison.
      await page.getByTestId('live-toggle').click();
      await page.locator('[data-testid="live-state"][data-state="paused"]').waitFor();
      const paused = await sample(60_000);
      return [
        { metric: 'bar close -> chart p50', value: quantile(latencies, 0.5), unit: 'ms', note: `${bars} real 1m closes, demo market, system clock` },
        { metric: 'bar close -> chart p95', value: quantile(latencies, 0.95), unit: 'ms' },
        { metric: 'idle live chart CPU, server', value: 100 * live.server, unit: '% of a core', note: `over ${live.wallS.toFixed(0)} s, forming bar every 5 s` },
        { metric: 'idle live chart CPU, browser', value: 100 * live.browser, unit: '% of a core', note: 'the Chromium processes this bench started (headless, software rendering)' },
        { metric: 'paused chart CPU, server', value: 100 * paused.server, unit: '% of a core', note: `same page, feed paused, ${paused.wallS.toFixed(0)} s` },
        { metric: 'paused chart CPU, browser', value: 100 * paused.browser, unit: '% of a core' },
      ];
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};

export default suite;
