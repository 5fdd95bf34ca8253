import type { EventSourceCtor, EventSourceLike } from './httpTransport';

/** The streaming part of a fetch Response this reader needs. */
interface StreamingResponse {
  readonly ok: boolean;
  readonly body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } } | null;
}

/** A fetch that can stream a response body and be aborted. */
export type StreamingFetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<StreamingResponse>;

/**
 * An EventSource constructor built on a streaming fetch, for Node (which has no EventSource before v22) and scripts.
 * Reconnects after a dropped stream, sending `Last-Event-ID` so the server replays what was missed.
 */
export function fetchEventSource(fetchFn: StreamingFetch, opts: { retryMs?: number } = {}): EventSourceCtor {
  return class FetchEventSource implements EventSourceLike {
    private readonly listeners = new Map<string, ((ev: { data: string }) => void)[]>();
    private readonly controller = new AbortController();
    private lastId = '';

    constructor(private readonly url: string) {
      void this.run();
    }

    addEventListener(type: string, listener: (ev: { data: string }) => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }

    close(): void {
      this.controller.abort();
    }

    private dispatch(block: string): void {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') this.lastId = value;
      }
      if (data.length === 0) return;
      for (const l of this.listeners.get(event) ?? []) l({ data: data.join('\n') });
    }

    private async run(): Promise<void> {
      const decoder = new TextDecoder();
      while (!this.controller.signal.aborted) {
        try {
          const headers: Record<string, string> = { accept: 'text/event-stream' };
          if (this.lastId) headers['last-event-id'] = this.lastId;
          const res = await fetchFn(this.url, { headers, signal: this.controller.signal });
          if (!res.ok || !res.body) throw new Error('event stream refused');
          const reader = res.body.getReader();
          let buf = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
            let cut: number;
            while ((cut = buf.indexOf('\n\n')) >= 0) {
              this.dispatch(buf.slice(0, cut));
              buf = buf.slice(cut + 2);
            }
          }
        } catch {
          /* dropped or refused: retry below unless closed */
        }
        if (this.controller.signal.aborted) return;
        await new Promise((r) => setTimeout(r, opts.retryMs ?? 1000));
      }
    }
  };
}
