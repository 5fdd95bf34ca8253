/**
 * The end-to-end steps that check the evidence beside a forecast: the compare view's paired verdicts, the Forecast
 * quality panel, and the sidebar's and Models view's verdicts against the API. Shared by the browser and Electron tests.
 */
import { expect } from 'vitest';
import type { CandlecastPage } from './candlecastPage';
import { MARKET } from './flow';

/** Two charts side by side with their forecasts, synchronised, over one metrics table with numbers. */
export async function compareShowsBoth(cp: CandlecastPage): Promise<void> {
  await cp.openView('compare');
  await cp.waitForForecast('compare:autoregressive', 'autoregressive', MARKET.steps);
  await cp.waitForForecast('compare:multi_ohlc', 'multi_ohlc', MARKET.steps);
  const table = cp.byId('metrics-table');
  expect(await table.locator('thead th').allTextContents()).toEqual(['Held-out accuracy', 'Autoregressive', 'Multi-OHLC']);
  const values = await table.getByTestId('metric-value').allTextContents();
  expect(values.length).toBeGreaterThanOrEqual(26);
  for (const v of values) expect(v, v).toMatch(/\d/);
  // Skill rows carry their 95% interval and are coloured only when it excludes 0.
  const skillRows = table.locator('tbody tr').filter({ hasText: 'Skill vs naive' });
  expect(await skillRows.count()).toBe(4);
  for (const cell of await skillRows.getByTestId('metric-value').all()) {
    const [, lo, hi] = /^-?\d\.\d{3} \[(-?\d\.\d{3}), (-?\d\.\d{3})\]/.exec((await cell.textContent()) ?? '') ?? [];
    expect(Number(hi)).toBeGreaterThanOrEqual(Number(lo));
    const colour = (await cell.getAttribute('class')) ?? '';
    expect(colour).toBe(Number(lo) > 0 ? 'good' : Number(hi) < 0 ? 'bad' : '');
  }
  const left = (await cp.byId('compare-chart-autoregressive').boundingBox())!;
  await cp.page.mouse.move(left.x + left.width / 2, left.y + left.height / 2);
  await cp.page.mouse.wheel(0, -400);
  await expect.poll(async () => {
    const [a, b] = [await cp.visibleRange('compare:autoregressive'), await cp.visibleRange('compare:multi_ohlc')];
    return a && b && Math.abs(a.from - b.from) < 1e-6 && Math.abs(a.to - b.to) < 1e-6;
  }).toBe(true);
  const components = cp.byId('component-comparison');
  expect(await components.locator('tbody tr').count()).toBe(4);
  for (const key of ['direction', 'range', 'band', 'close']) {
    const cells = await cp.byId(`compare-${key}`).locator('td').allTextContents();
    expect(cells[1], key).toMatch(/-?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]/);
    // Both models carry their per-origin losses and were tested on the same stretch of the demo market: the verdict
    // rests on a paired interval of the difference, said from the leader's side.
    // A lead that rounds to 0.000 is written to 4 decimals, so a verdict never reads "by +0.000".
    expect(cells[3], key).toMatch(/^(the same|level: the difference is under 0\.001|(Autoregressive|Multi-OHLC) (better|ahead) by \+\d\.\d{3,4} \[[+-]\d\.\d{3,4}, [+-]\d\.\d{3,4}\](, inside the noise)?)$/);
    expect(cells[3], key).not.toMatch(/by \+0\.000 /);
    const [, , lo, hi, noise] = /(better|ahead) by \+\d\.\d{3,4} \[([+-]\d\.\d{3,4}), ([+-]\d\.\d{3,4})\](, inside the noise)?/.exec(cells[3]) ?? [];
    if (lo !== undefined && noise) expect(Number(lo) <= 0 && Number(hi) >= 0, cells[3]).toBe(true);
    if (lo !== undefined && !noise) expect(Number(lo), cells[3]).toBeGreaterThanOrEqual(0);
  }
  expect(await cp.byId('component-comparison-note').textContent()).toMatch(/^Skills over every step on each model's test fold, 95% intervals\. Verdicts: the difference of the two skills, with a 95% interval from resampling the \d+ stretches of market both were tested on\.$/);
  await cp.shot('05-compare');
}

/**
 * Forecast quality: per model the verdicts in words, skill by horizon with its interval, band coverage against the
 * nominal levels and the reliability diagram of the direction odds, captioned with its calibration error and interval.
 */
export async function qualityShowsEvidence(cp: CandlecastPage): Promise<void> {
  await cp.openView('quality');
  await cp.byId('quality-view').waitFor();
  for (const type of ['autoregressive', 'multi_ohlc']) {
    await expect.poll(() => cp.byId(`verdict-${type}`).textContent()).toMatch(/^(No edge|Edge|Some edge) in direction/);
    // Three skill lines (median, range, band), each with its shaded interval; three coverage lines; reliability points.
    expect(await cp.byId(`quality-skill-${type}`).locator('svg path').count()).toBe(6);
    // Axis values that round to 0 read "0.00", never "-0.00".
    for (const chart of ['skill', 'coverage', 'calibration']) {
      expect(await cp.byId(`quality-${chart}-${type}`).locator('text.tick').allTextContents()).not.toContain('-0.00');
    }
    expect(await cp.byId(`quality-coverage-${type}`).locator('svg path').count()).toBe(6);
    expect(await cp.byId(`quality-reliability-${type}`).locator('circle').count()).toBeGreaterThanOrEqual(1);
    // The odds' calibration error by horizon (shaded interval) and, beside it, the chance level and what calibrated
    // odds typically show.
    expect(await cp.byId(`quality-calibration-${type}`).locator('svg path').count()).toBe(6);
    expect(await cp.byId(`quality-calibration-${type}`).textContent()).toContain('chance level (exceeded 1 time in 20)');
    expect(await cp.byId(`quality-calibration-${type}`).textContent()).toContain('typical for calibrated odds (median)');
    // The calibration error is shown with its interval and the level chance alone reaches, all from the model's test
    // fold, and the words agree with the numbers.
    const caption = await cp.byId(`quality-reliability-${type}`).locator('figcaption').textContent();
    const [, ece, lo, hi, verdict, typical, chance] = /calibration error (\d\.\d{3}) \[(\d\.\d{3}), (\d\.\d{3})\], (beyond|within) chance: a perfectly calibrated forecast typically shows (\d\.\d{3}) and exceeds (\d\.\d{3})/.exec(caption ?? '') ?? [];
    expect(Number(hi)).toBeGreaterThan(Number(lo));
    expect(Number(ece)).toBeGreaterThanOrEqual(0);
    // The interval is bias-corrected, so it holds the calibration error it is the interval of.
    expect(Number(lo)).toBeLessThanOrEqual(Number(ece));
    expect(Number(hi)).toBeGreaterThanOrEqual(Number(ece));
    expect(Number(chance)).toBeGreaterThan(0);
    expect(Number(typical)).toBeLessThan(Number(chance));
    expect(verdict).toBe(Number(ece) > Number(chance) ? 'beyond' : 'within');
  }
  await cp.shot('05b-quality');
}

/** A component's verdict as the API reports it. */
interface ApiVerdict { verdict: string; skill: number; skill_ci: [number, number]; fallback: boolean }

/**
 * The sidebar's model cards say each component's verdict in words, with the pooled skill and interval the API reports
 * for that model (read from `GET /api/models`, not from the page).
 */
export async function sidebarSaysVerdicts(cp: CandlecastPage, baseUrl: string): Promise<void> {
  await cp.openView('chart');
  const models = (await (await fetch(`${baseUrl}/api/models`)).json()) as { type: string; symbol: string; evaluation: { verdicts: Record<string, ApiVerdict> } }[];
  const words: Record<string, string> = { edge: 'edge', no_edge: 'no edge', worse_than_naive: 'worse than naive' };
  for (const type of ['autoregressive', 'multi_ohlc']) {
    const model = models.find((m) => m.type === type && m.symbol === MARKET.symbol)!;
    const card = cp.byId(`model-card-${type}`);
    await card.waitFor();
    for (const key of ['direction', 'range', 'band', 'close']) {
      const v = model.evaluation.verdicts[key];
      const f = (x: number) => (Math.abs(x) < 0.0005 ? '0.000' : x.toFixed(3));
      const shown = { direction: 'base rate', range: 'naive sizes', band: 'naive band', close: 'last price' }[key];
      const expected = `${words[v.verdict]} · ${f(v.skill)} [${f(v.skill_ci[0])}, ${f(v.skill_ci[1])}]${v.fallback ? ` · ${shown} shown` : ''}`;
      expect(await card.getByTestId(`model-card-${key}`).locator('dd').textContent(), `${type} ${key}`).toBe(expected);
    }
  }
  // The Models view names, per model, the components with an edge, as the API's verdicts say.
  await cp.openView('models');
  const named = { direction: 'direction', range: 'candle sizes', band: 'band', close: 'median' } as const;
  for (const m of models.filter((x) => x.symbol === MARKET.symbol)) {
    const name = m.type === 'multi_ohlc' ? 'BTC_USDT_1m_300steps_multi_ohlc' : 'BTC_USDT_1m_300steps';
    const edges = (Object.keys(named) as (keyof typeof named)[]).filter((k) => m.evaluation.verdicts[k].verdict === 'edge').map((k) => named[k]);
    const cell = cp.page.locator(`[data-testid="model-row"][data-name="${name}"] [data-testid="model-edge"]`);
    expect(await cell.textContent(), name).toBe(edges.length ? edges.join(', ') : 'none');
  }
}
