import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function fileAt(path: string): { path: string; size: number } | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? { path, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves a file of `root` for already-decoded, already-vetted path segments (no `.`/`..`, no separators);
 * paths without an extension fall back to index.html (the renderer routes itself). Returns false when nothing fits.
 */
export function serveStatic(root: string, segments: readonly string[], res: ServerResponse, headOnly: boolean): boolean {
  const base = resolve(root);
  const wanted = resolve(join(base, ...segments));
  if (wanted !== base && !wanted.startsWith(base + sep)) return false;
  const last = segments[segments.length - 1] ?? '';
  const file = fileAt(wanted) ?? fileAt(join(wanted, 'index.html')) ?? (extname(last) ? undefined : fileAt(join(base, 'index.html')));
  if (!file) return false;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': file.size,
    'cache-control': file.path.endsWith('index.html') ? 'no-cache' : 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
  if (headOnly) res.end();
  else createReadStream(file.path).pipe(res);
  return true;
}
