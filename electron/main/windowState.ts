/**
 * The main window's remembered size and position: read at start, written when it moves or closes.
 * Plain fs and arithmetic, no Electron import; positions off every current display are dropped.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A rectangle in screen coordinates. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What is remembered of the window. */
export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

/** The size of a first start. */
export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 920, maximized: false };

const MIN_WIDTH = 900;
const MIN_HEIGHT = 600;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Checks a stored state against the current displays' work areas; anything unusable falls back to defaults. */
export function sanitizeWindowState(raw: unknown, workAreas: readonly Rect[]): WindowState {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_WINDOW;
  const r = raw as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined);
  const width = Math.max(MIN_WIDTH, num(r.width) ?? DEFAULT_WINDOW.width);
  const height = Math.max(MIN_HEIGHT, num(r.height) ?? DEFAULT_WINDOW.height);
  const maximized = r.maximized === true;
  const x = num(r.x);
  const y = num(r.y);
  if (x === undefined || y === undefined) return { width, height, maximized };
  const visible = workAreas.some((a) => overlaps({ x, y, width, height }, a));
  return visible ? { x, y, width, height, maximized } : { width, height, maximized };
}

/** Reads the remembered state from `file` (defaults when missing or unreadable). */
export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  try {
    return sanitizeWindowState(JSON.parse(readFileSync(file, 'utf8')), workAreas);
  } catch {
    return DEFAULT_WINDOW;
  }
}

/** Writes the state atomically (temporary file, then rename). */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
