// `npm run bench`: runs every test/bench/*.bench.ts suite (or those named on the command line),
// prints a table per suite and writes out/bench/<suite>.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './harness';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, '../../out/bench');
mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();

function printTable(name: string, rows: readonly BenchRow[]): void {
  console.log(`\n== ${name}`);
  const w = Math.max(...rows.map((r) => r.metric.length), 6);
  for (const r of rows) {
    const value = Math.abs(r.value) >= 100 ? r.value.toFixed(0) : r.value.toPrecision(4);
    const budget = r.budget === undefined ? '' : ` (budget ${r.budget} ${r.unit}${r.value > r.budget ? ', OVER' : ''})`;
    console.log(`  ${r.metric.padEnd(w)}  ${value.padStart(10)} ${r.unit}${budget}${r.note ? `  ${r.note}` : ''}`);
  }
}

for (const file of files) {
  const suite = (await import(pathToFileURL(join(here, file)).href)).default as BenchSuite;
  if (only.length && !only.includes(suite.name)) continue;
  const rows = await suite.run();
  printTable(suite.name, rows);
  writeFileSync(join(outDir, `${suite.name}.json`), JSON.stringify({ suite: suite.name, at: new Date().toISOString(), rows }, null, 2));
}
