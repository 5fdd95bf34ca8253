import type { OperationResponse } from '../api/contract';
import { DEMO_EXCHANGE, DEMO_SYMBOLS } from '../data/demoMarket';
import type { CandleStore } from '../data/store';

/** The market data sources as the API lists them. */
export type SourceList = OperationResponse<'listSources'>;

/**
 * The demo market, the CSV series already imported (any exchange id that is neither demo nor a ccxt exchange),
 * and the ccxt exchanges that offer OHLCV.
 */
export function buildSources(store: CandleStore, ccxtIds: readonly string[]): SourceList {
  const ccxt = new Set(ccxtIds);
  const imported = new Map<string, Set<string>>();
  for (const s of store.series()) {
    if (s.exchange === DEMO_EXCHANGE || s.exchange.startsWith('demo-') || ccxt.has(s.exchange)) continue;
    let set = imported.get(s.exchange);
    if (!set) imported.set(s.exchange, (set = new Set()));
    set.add(s.symbol);
  }
  if (!imported.has('csv')) imported.set('csv', new Set());
  return [
    { id: DEMO_EXCHANGE, name: 'Demo market (offline)', kind: 'demo', symbols: [...DEMO_SYMBOLS] },
    ...[...imported].map(([id, symbols]) => ({ id, name: `Imported CSV (${id})`, kind: 'csv' as const, symbols: [...symbols].sort() })),
    ...ccxtIds.map((id) => ({ id, name: id, kind: 'ccxt' as const, symbols: [] })),
  ];
}
