import type { EventName, EventPayload, SubscribeFn } from '../api/contract';

/** The service's events, typed by the contract: emit on one side, any number of subscribers on the other. */
export interface EventBus {
  emit<K extends EventName>(event: K, payload: EventPayload<K>): void;
  subscribe: SubscribeFn;
  /** Every event in emission order, for transports that forward everything (SSE, Electron). */
  subscribeAll(cb: <K extends EventName>(event: K, payload: EventPayload<K>) => void): () => void;
}

/** A new event bus. A subscriber that throws is isolated from the others. */
export function createEventBus(): EventBus {
  const byEvent = new Map<EventName, Set<(p: unknown) => void>>();
  const all = new Set<(event: EventName, p: unknown) => void>();
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch {
      /* a subscriber's failure is its own */
    }
  };
  return {
    emit(event, payload) {
      for (const cb of byEvent.get(event) ?? []) safely(() => cb(payload));
      for (const cb of all) safely(() => cb(event, payload));
    },
    subscribe(event, cb) {
      let set = byEvent.get(event);
      if (!set) byEvent.set(event, (set = new Set()));
      const fn = cb as (p: unknown) => void;
      set.add(fn);
      return () => void set.delete(fn);
    },
    subscribeAll(cb) {
      const fn = cb as (event: EventName, p: unknown) => void;
      all.add(fn);
      return () => void all.delete(fn);
    },
  };
}
