import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the real exchange candles used by tests and benchmarks (never by the product). */
export const SHARED_DATA_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/data');

/** The three real files described in ../shared/data/README.md. */
export const REAL_FILES = {
  btc1m: join(SHARED_DATA_DIR, 'BTCUSDT_1m_20230301_20230321.csv'),
  eth5m: join(SHARED_DATA_DIR, 'ETHUSDT_5m_20210101_20210513.csv'),
  btc1h: join(SHARED_DATA_DIR, 'BTCUSDT_1h_20170817_20250101.csv'),
} as const;

/** Whether the shared data folder is present. */
export function hasSharedData(): boolean {
  return existsSync(REAL_FILES.btc1m);
}
