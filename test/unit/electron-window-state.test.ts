import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, loadWindowState, sanitizeWindowState, saveWindowState } from '../../electron/main/windowState';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('window state', () => {
  it('round-trips the size, position and maximised flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-window-'));
    dirs.push(dir);
    const file = join(dir, 'sub', 'window-state.json');
    saveWindowState(file, { x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(file, screen)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).width).toBe(1200);
  });

  it('drops a position that no display shows any more, keeping the size', () => {
    expect(sanitizeWindowState({ x: 4000, y: 100, width: 1000, height: 700, maximized: false }, screen))
      .toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('falls back to defaults for missing or corrupt files and clamps tiny sizes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-window-'));
    dirs.push(dir);
    expect(loadWindowState(join(dir, 'none.json'), screen)).toEqual(DEFAULT_WINDOW);
    writeFileSync(join(dir, 'bad.json'), '{not json');
    expect(loadWindowState(join(dir, 'bad.json'), screen)).toEqual(DEFAULT_WINDOW);
    expect(sanitizeWindowState({ width: 10, height: 'x' }, screen)).toEqual({ width: 900, height: DEFAULT_WINDOW.height, maximized: false });
  });
});
