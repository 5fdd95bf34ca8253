/** Builds what browser mode needs and runs `candlecast serve --web` on a free port with a fresh data home. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../../core/runtime/packageRoot';

/** A running web server and its data home. */
export interface WebServer {
  readonly url: string;
  readonly home: string;
  /** The server's process id (for CPU figures). */
  readonly pid: number;
  /** Writes a line to the server's stdin (started with `stdin: true`), e.g. the test clock's `advance 60000`. */
  send(line: string): void;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: packageRoot(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Bundles core/ (CLI, workers) and builds the renderer into out/renderer. */
export function buildForWeb(): void {
  const root = packageRoot();
  run(process.execPath, [join(root, 'scripts/build-core.mjs')]);
  run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'renderer/vite.config.ts'), '--logLevel', 'error']);
}

/** Starts the server and resolves once it printed its address. */
export async function startWebServer(opts: { env?: Record<string, string>; stdin?: boolean; log?: string } = {}): Promise<WebServer> {
  const root = packageRoot();
  const home = mkdtempSync(join(tmpdir(), 'candlecast-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin/candlecast'), 'serve', '--web', '--port', '0', '--home', home, '--json'], {
    cwd: root,
    env: { ...process.env, ...opts.env },
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  mkdirSync(join(root, 'out', 'e2e'), { recursive: true });
  const log = createWriteStream(join(root, 'out', 'e2e', opts.log ?? 'server.log'));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    log.write(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    home,
    pid: child.pid!,
    send: (line) => void child.stdin!.write(`${line}\n`),
    stop: async () => {
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
