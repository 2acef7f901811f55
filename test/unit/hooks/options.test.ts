import { describe, expect, it } from 'vitest';
import { isCI } from '../../../src/commands/install.js';
import { parseScopedValue } from '../../../src/hooks/locate.js';
import { isHookName, previousHookName } from '../../../src/hooks/names.js';

describe('isCI', () => {
  it('is set by any non-empty value but "false" and "0"', () => {
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ CI: '1' })).toBe(true);
    expect(isCI({ CI: 'woodpecker' })).toBe(true);
    for (const CI of [undefined, '', 'false', 'FALSE', '0']) expect(isCI({ CI }), String(CI)).toBe(false);
  });
});

describe('parseScopedValue', () => {
  it('reads `git config --show-scope --get`', () => {
    expect(parseScopedValue('local\t.husky/_\n')).toEqual({ scope: 'local', value: '.husky/_' });
    expect(parseScopedValue('global\t/home/a b/hooks\n')).toEqual({ scope: 'global', value: '/home/a b/hooks' });
    expect(parseScopedValue('')).toBeUndefined();
  });
});

describe('hook names', () => {
  it('knows the two hooks and where a previous hook is kept', () => {
    expect(isHookName('pre-push')).toBe(true);
    expect(isHookName('post-commit')).toBe(false);
    expect(previousHookName('pre-commit')).toBe('pre-commit.secgate-previous');
  });
});
