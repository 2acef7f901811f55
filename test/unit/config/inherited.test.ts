import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';

describe('config: inherited', () => {
  it('defaults to "warn": adopting secgate in a repository with old findings needs no bypass per commit', () => {
    expect(validateConfig({}).config.inherited).toBe('warn');
  });

  it('accepts "fail"', () => {
    const { config, errors } = validateConfig({ inherited: 'fail' });
    expect(errors).toEqual([]);
    expect(config.inherited).toBe('fail');
  });

  it('refuses anything else, naming the field and what is allowed', () => {
    expect(validateConfig({ inherited: 'block' }).errors).toEqual(['inherited: found "block", allowed: "warn", "fail"']);
  });
});
