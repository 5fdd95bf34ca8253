import { describe, expect, it } from 'vitest';
import { fixed3, skillWithInterval } from '../../core/evaluation/componentComparison';
import { fixedDigits } from '../../core/evaluation/numberText';
import { formatNumber } from '../../renderer/src/app/format';

describe('numbers as the app and the CLI write them', () => {
  it('never write a minus sign on a value that rounds to 0', () => {
    expect(formatNumber(-0.0001, 3)).toBe('0.000');
    expect(formatNumber(-0, 3)).toBe('0.000');
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatNumber(-0.0006, 3)).toBe('-0.001');
    expect(formatNumber(-1.25, 1)).toBe('-1.3');
    expect(formatNumber(-2, 0)).toBe('-2');
    expect(formatNumber(null)).toBe('-');
    expect(formatNumber(Number.NaN)).toBe('-');
    expect(fixed3(-0.0004)).toBe('0.000');
    expect(fixed3(-0.0005)).toBe('-0.001');
    expect(skillWithInterval(-0.0001, [-0.026, 0.0002])).toBe('0.000 [-0.026, 0.000]');
    // One rule at every precision (the CLI's 4-decimal Brier skills, the compare view's small leads).
    expect(fixedDigits(-0.00004, 4)).toBe('0.0000');
    expect(fixedDigits(-0.00006, 4)).toBe('-0.0001');
    expect(fixedDigits(0.00004, 4)).toBe('0.0000');
  });
});
