// Starts the real `candlecast serve` on 127.0.0.1 with a fresh data home, and talks to it over HTTP and SSE.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : entry.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return newest;
}

/**
 * Bundles core/ when the CLI or the service's workers are missing or older than a core source
 * (npm test bundles before running, so there this does nothing).
 */
export function ensureBuilt(): void {
  const needed = ['out/core/cli.js', 'out/core/workers/service-forecast.js', 'out/core/workers/service-train.js'].map((p) => join(ROOT, p));
  const sources = newestMtime(join(ROOT, 'core'));
  if (needed.every((p) => existsSync(p) && statSync(p).mtimeMs >= sources)) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-core.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-core failed: ${r.stderr}`);
}

/** A JSON response: status and parsed body (or text when not JSON). */
export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

/** A running test server. */
export interface TestServer {
  readonly url: string;
  readonly home: string;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  get<T = any>(path: string): Promise<Reply<T>>;
  post<T = any>(path: string, body: unknown): Promise<Reply<T>>;
  del<T = any>(path: string): Promise<Reply<T>>;
  /** Writes a line to the server's stdin (started with `stdin: true`), e.g. the test clock's `advance 60000`. */
  send(line: string): void;
  /** Polls a job until it has finished and returns it. */
  waitJob(id: string, timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

/** Starts `candlecast serve --port 0 --json` with a fresh temp home (extra args and env appended). */
export async function startServe(opts: { args?: string[]; env?: Record<string, string>; token?: string; stdin?: boolean } = {}): Promise<TestServer> {
  ensureBuilt();
  const home = mkdtempSync(join(tmpdir(), 'candlecast-serve-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'out/core/cli.js'), 'serve', '--port', '0', '--json', '--home', home, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) res((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => rej(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const auth: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};

  async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...auth, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* CSV or empty */
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  return {
    url,
    home,
    request,
    get: (p) => request('GET', p),
    post: (p, b) => request('POST', p, b),
    del: (p) => request('DELETE', p),
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    async waitJob(id, timeoutMs = 600_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await request<any>('GET', `/api/jobs/${id}`);
        if (['completed', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
        if (Date.now() > until) throw new Error(`job ${id} still ${r.body.status} after ${timeoutMs} ms`);
        await new Promise((s) => setTimeout(s, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** One server-sent event. */
export interface SseEvent {
  readonly id: number;
  readonly event: string;
  readonly data: any;
}

/** Reads `GET /api/events` with fetch and collects its events until closed. */
export async function openEvents(url: string, query = ''): Promise<{ events: SseEvent[]; waitFor(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/events${query}`, { signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve(e: SseEvent): void }[] = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            const m = /^(\w+): ?(.*)$/.exec(line);
            if (m) fields[m[1]] = m[2];
          }
          if (!fields.event) continue;
          const e = { id: Number(fields.id), event: fields.event, data: JSON.parse(fields.data) };
          events.push(e);
          for (const w of waiters.filter((x) => x.pred(e))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    events,
    waitFor(pred, timeoutMs = 600_000) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolveWait, reject) => {
        const t = setTimeout(() => reject(new Error('event not seen in time')), timeoutMs);
        waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolveWait(e)) });
      });
    },
    close: () => controller.abort(),
  };
}

/** A small training request the tests share: 3 days of demo 1m bars, 20 steps, 50 rounds. */
export function smallTrain(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { symbol: 'BTC_USDT', timeframe: '1m', n_steps_ahead: 20, days_history: 3, options: { numBoostRound: 50 }, ...extra };
}
