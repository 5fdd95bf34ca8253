import { describe, expect, it } from 'vitest';
import { bandLevelsNote } from '../../renderer/src/app/format';

const at = (lo: number) => ({ steps: [{ band_80: [lo, 1 - lo] }] });

describe('the forecast line says how the bands adapted', () => {
  it('widened, narrowed, or nothing near the calibrated 10-90% levels', () => {
    expect(bandLevelsNote(at(0.062))).toBe('bands widened: recent prices fell outside them more often than they should; the 80% band at step 1 spans the 6.2-93.8% quantiles of past errors');
    expect(bandLevelsNote(at(0.13))).toMatch(/^bands narrowed: recent prices stayed inside them more often than they should; .* 13-87% quantiles/);
    expect(bandLevelsNote(at(0.098))).toBeUndefined();
    expect(bandLevelsNote(undefined)).toBeUndefined();
    expect(bandLevelsNote({ steps: [] })).toBeUndefined();
  });
});
