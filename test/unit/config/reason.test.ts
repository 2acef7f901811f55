import { describe, expect, it } from 'vitest';
import { decideBypass } from '../../../src/bypass/bypass.js';
import { isReason } from '../../../src/config/reason.js';
import { validateConfig } from '../../../src/config/validate.js';

const NO_REASONS = [
  '',
  '   ',
  '\t\n',
  '\u200b\u200b\u200b\u200b',
  '\u2060ab\u200b',
  'x',
  '-',
  '...',
  '---',
  'xxx',
  'yes',
  'OK!',
  't.b.d.',
  '1',
];
const REASONS = ['hotfix INC-1234, reviewed by Ana', 'cmd is a constant list', 'abc', 'CVE disputed', 'ложное срабатывание'];

describe('isReason: one rule for an ignore and a bypass', () => {
  it.each(NO_REASONS)('%j is no reason', (text) => expect(isReason(text)).toBe(false));
  it.each(REASONS)('%j is a reason', (text) => expect(isReason(text)).toBe(true));

  it('a bypass with no reason in words is refused', () => {
    for (const value of ['x', '-', '...', '\u200b\u200b\u200b', '   ']) {
      expect(decideBypass(value, { allowed: true, requireReason: true }).kind, JSON.stringify(value)).toBe('refused');
    }
  });

  it('an ignore whose reason is only spaces, a placeholder or invisible is invalid, naming the field', () => {
    for (const reason of ['     ', '...', '\u200b\u200b\u200b', 'xxx']) {
      const { errors } = validateConfig({ ignore: [{ id: 'B602', reason }] });
      expect(errors, JSON.stringify(reason)).toHaveLength(1);
      expect(errors[0]).toContain('ignore[0].reason');
    }
    expect(validateConfig({ ignore: [{ id: 'B602', reason: 'input is a constant' }] }).errors).toEqual([]);
  });
});
