/**
 * The Candlecast window as the end-to-end tests drive it: data-testid locators and waits on app state
 * (the `data-app-state` attribute, run statuses, the chart test hook), never fixed sleeps.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { packageRoot } from '../../../core/runtime/packageRoot';

/** One series of a chart as the renderer's test hook reports it. */
export interface SeriesReport {
  readonly id: string;
  readonly kind: string;
  readonly count: number;
  readonly firstTime: number | null;
  readonly lastTime: number | null;
}

/** Where screenshots go. */
export const SHOTS_DIR = join(packageRoot(), 'out', 'e2e');

/** Page helpers bound to one page. */
export function candlecastPage(page: Page, shotPrefix: string) {
  const byId = (id: string) => page.getByTestId(id);

  return {
    page,
    byId,

    /** Waits for the app to report it has loaded its sources, models and history. */
    async ready(): Promise<void> {
      await page.locator('#root[data-app-state="loaded"]').waitFor({ timeout: 15 * 60_000 });
    },

    async shot(name: string): Promise<string> {
      mkdirSync(SHOTS_DIR, { recursive: true });
      const path = join(SHOTS_DIR, `${shotPrefix}-${name}.png`);
      await page.screenshot({ path });
      return path;
    },

    async chartSeries(id = 'main'): Promise<SeriesReport[] | null> {
      return page.evaluate((chartId) => (globalThis as unknown as { __candlecastTest: { chartSeries(id: string): SeriesReport[] | null } }).__candlecastTest.chartSeries(chartId), id);
    },

    async visibleRange(id: string): Promise<{ from: number; to: number } | null> {
      return page.evaluate((chartId) => (globalThis as unknown as { __candlecastTest: { visibleRange(id: string): { from: number; to: number } | null } }).__candlecastTest.visibleRange(chartId), id);
    },

    /** Waits until a chart's forecast series for `type` has `count` bars. */
    async waitForForecast(chartId: string, type: string, count: number): Promise<void> {
      await page.waitForFunction(
        ([id, t, n]) => {
          const hook = (globalThis as unknown as { __candlecastTest?: { chartSeries(id: string): SeriesReport[] | null } }).__candlecastTest;
          const s = hook?.chartSeries(id as string)?.find((x) => x.id === `forecast:${t}`);
          return !!s && s.count === n;
        },
        [chartId, type, count] as const,
        { timeout: 15 * 60_000 },
      );
    },

    async chooseMarket(opts: { source: string; symbol: string; timeframe: string; steps: number; predictor: string }): Promise<void> {
      await byId('source').selectOption(opts.source);
      await byId('symbol').fill(opts.symbol);
      await byId('symbol').press('Enter');
      await byId('timeframe').selectOption(opts.timeframe);
      await byId('steps').fill(String(opts.steps));
      await byId('predictor').selectOption(opts.predictor);
    },

    async openSettings(): Promise<void> {
      if (!(await byId('settings').isVisible())) await byId('advanced').click();
      await byId('settings').waitFor();
    },

    async closeSettings(): Promise<void> {
      if (await byId('settings').isVisible()) await byId('advanced').click();
      await byId('settings').waitFor({ state: 'detached' });
    },

    async setSetting(field: string, value: string): Promise<void> {
      await byId(`setting-${field}`).fill(value);
    },

    /** Waits until every training run of the panel has ended; returns their statuses. */
    async waitForTrainingEnd(timeout = 15 * 60_000): Promise<string[]> {
      await page.waitForFunction(() => {
        // Runs in the page; this file compiles without DOM types, hence the structural type.
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } }).document;
        const runs = Array.from(doc.querySelectorAll('[data-testid="training-run"]'));
        return runs.length > 0 && runs.every((r) => ['completed', 'failed', 'cancelled'].includes(r.getAttribute('data-status') ?? ''));
      }, undefined, { timeout });
      return page.locator('[data-testid="training-run"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''));
    },

    async openView(view: 'chart' | 'compare' | 'importance' | 'models' | 'history' | 'backtest'): Promise<void> {
      await byId(`tab-${view}`).click();
      await byId(`view-${view}`).waitFor();
    },
  };
}

/** The helpers' type. */
export type CandlecastPage = ReturnType<typeof candlecastPage>;
