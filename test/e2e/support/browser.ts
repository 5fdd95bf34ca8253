/** Debian's Chromium through playwright-core, headless, with a throw-away profile. */
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where the system Chromium lives. */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the system Chromium is installed. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Appended to a browser suite's title: why it is skipped on a machine without Chromium (empty when it runs). */
export function chromiumSkipReason(): string {
  return hasChromium() ? '' : ' (skipped: /usr/bin/chromium is not installed; apt-get install chromium)';
}

/** A browser context and its cleanup. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile folder (never a --user-data-dir flag). */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'candlecast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
