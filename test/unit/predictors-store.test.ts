import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultModelName, deleteModel, readModelConfig, recoverModelStore, validateModelName, writeModelFolder } from '../../core/predictors/modelStore';

const home = mkdtempSync(join(tmpdir(), 'cc-store-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('model store', () => {
  it('names models like the seed', () => {
    expect(defaultModelName({ exchange: 'demo', symbol: 'BTC/USDT', timeframe: '1m' }, 'autoregressive', 300)).toBe('BTC_USDT_1m_300steps');
    expect(defaultModelName({ exchange: 'demo', symbol: 'eth_usdt', timeframe: '5m' }, 'multi_ohlc', 60)).toBe('ETH_USDT_5m_60steps_multi_ohlc');
  });

  it.each(['../x', '/etc/passwd', 'a/b', 'a\\b', '..', '.hidden', 'a\0b', '%2e%2e', '', 'x'.repeat(200)])('refuses the name %j', (name) => {
    expect(() => validateModelName(name)).toThrow(/invalid model name/);
  });

  it('replaces a model only when the new one is complete, and keeps the old one when writing fails', () => {
    writeModelFolder(home, 'm1', { 'config.json': '{"v":1}', 'autoregressive_model.txt': 'old' });
    expect(() => writeModelFolder(home, 'm1', { 'config.json': '{"v":2}', 'config.json/oops': 'x' })).toThrow();
    expect(readFileSync(join(home, 'm1', 'config.json'), 'utf8')).toBe('{"v":1}');
    expect(readdirSync(home).filter((n) => n.startsWith('.'))).toEqual([]);
    writeModelFolder(home, 'm1', { 'config.json': '{"v":3}', 'autoregressive_model.txt': 'new' });
    expect(readFileSync(join(home, 'm1', 'autoregressive_model.txt'), 'utf8')).toBe('new');
  });

  it('says what is wrong with a model it cannot read', () => {
    expect(() => readModelConfig(home, 'nope')).toThrow(/model not found: nope/);
    writeModelFolder(home, 'old_format', { 'config.json': JSON.stringify({ format_version: 99 }) });
    expect(() => readModelConfig(home, 'old_format')).toThrow(/unknown format version 99/);
    writeModelFolder(home, 'broken', { 'config.json': '{not json' });
    expect(() => readModelConfig(home, 'broken')).toThrow(/not valid JSON/);
  });

  it('deletes a model whole', () => {
    writeModelFolder(home, 'gone', { 'config.json': '{}' });
    deleteModel(home, 'gone');
    expect(existsSync(join(home, 'gone'))).toBe(false);
    writeFileSync(join(home, 'stray.txt'), 'x');
    expect(() => deleteModel(home, 'stray.txt')).toThrow(/not found/);
  });

  it("recovery restores a model cut off between the two renames, removes dead processes' scratch, spares live ones", () => {
    const dir = join(home, 'recovery');
    // A process id that is surely gone: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const folder = (name: string, config: string) => {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, 'config.json'), config);
    };
    folder(`.old-cut-${dead}-0badc0de`, '{"v":"old"}');
    folder(`.tmp-cut-${dead}-0badc0df`, '{"v":"new, never swapped in"}');
    folder('kept', '{"v":"current"}');
    folder(`.old-kept-${dead}-00000001`, '{"v":"replaced"}');
    folder(`.del-gone-${dead}-00000002`, '{}');
    folder('.tmp-legacy-00000003', '{}');
    // Another live process (this one) is in the middle of saving and replacing: untouched.
    folder(`.tmp-busy-${process.pid}-00000004`, '{}');
    folder(`.old-busy-${process.pid}-00000005`, '{}');
    expect(recoverModelStore(dir)).toEqual({ restored: ['cut'], removed: 4 });
    expect(readdirSync(dir).sort()).toEqual([`.old-busy-${process.pid}-00000005`, `.tmp-busy-${process.pid}-00000004`, 'cut', 'kept']);
    expect(readFileSync(join(dir, 'cut', 'config.json'), 'utf8')).toBe('{"v":"old"}');
    expect(readFileSync(join(dir, 'kept', 'config.json'), 'utf8')).toBe('{"v":"current"}');
  });
});
