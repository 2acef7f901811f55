import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/defaults.js';
import { validateConfig } from '../../../src/config/validate.js';

describe('validateConfig: valid configs', () => {
  it('an empty config is valid and gives the defaults of DESIGN.md', () => {
    const { config, errors } = validateConfig({});
    expect(errors).toEqual([]);
    expect(config).toEqual(defaultConfig());
    expect(config.failOn).toBe('medium');
    expect(config.code.onParseError).toBe('fail');
    expect(config.code.minConfidence).toBe('low');
    expect(config.deps.unknownSeverity).toBe('high');
    expect(config.deps.devOnly).toBe('warn');
    expect(config.bypass.requireReason).toBe(true);
  });

  it('no config at all (null, undefined) is the defaults too', () => {
    expect(validateConfig(null)).toEqual({ config: defaultConfig(), errors: [] });
    expect(validateConfig(undefined)).toEqual({ config: defaultConfig(), errors: [] });
  });

  it('merges nested sections over the defaults field by field', () => {
    const { config, errors } = validateConfig({ failOn: 'high', code: { exclude: ['tests/**'] }, deps: { devOnly: 'fail' } });
    expect(errors).toEqual([]);
    expect(config.failOn).toBe('high');
    expect(config.code).toEqual({ ...defaultConfig().code, exclude: ['tests/**'] });
    expect(config.deps).toEqual({ ...defaultConfig().deps, devOnly: 'fail' });
  });

  it('accepts the illustrative config of DESIGN.md', () => {
    const { errors } = validateConfig({
      failOn: 'medium',
      code: { exclude: ['tests/**'], minConfidence: 'low', onParseError: 'fail' },
      deps: { database: '~/.cache/secgate/osv/PyPI.zip', unknownSeverity: 'high', devOnly: 'warn', unpinned: 'warn' },
      ignore: [{ id: '70612', reason: 'disputed; we never render untrusted templates', expires: '2027-06-30' }],
      bypass: { requireReason: true },
    });
    expect(errors).toEqual([]);
  });

  it('accepts a real leap day', () => {
    expect(validateConfig({ ignore: [{ id: 'B602', reason: 'constant input', expires: '2028-02-29' }] }).errors).toEqual([]);
  });

  it('a $schema key is allowed (editors add it)', () => {
    expect(validateConfig({ $schema: 'https://secgate.dev/schema/config.json' }).errors).toEqual([]);
  });
});

describe('validateConfig: problems', () => {
  it('names the field, the value found and the values allowed', () => {
    const { errors } = validateConfig({ failOn: 'mid' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('failOn');
    expect(errors[0]).toContain('"mid"');
    for (const allowed of ['"low"', '"medium"', '"high"', '"critical"']) expect(errors[0]).toContain(allowed);
  });

  it('names nested fields with dots and indexes', () => {
    const { errors } = validateConfig({
      code: { onParseError: 'ignore' },
      ignore: [{ id: 'B1', reason: 'good reason', expires: 'tomorrow' }],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^code\.onParseError: found "ignore", allowed: "fail", "warn"$/),
        expect.stringMatching(/^ignore\[0\]\.expires: found "tomorrow"/),
      ]),
    );
  });

  it('reports an unknown field by name and lists the allowed ones', () => {
    const { errors } = validateConfig({ failon: 'high' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('failon');
    expect(errors[0]).toContain('unknown field');
    expect(errors[0]).toContain('failOn');
  });

  it('reports an unknown nested field', () => {
    const { errors } = validateConfig({ deps: { devonly: 'warn' } });
    expect(errors[0]).toMatch(/^deps\.devonly: unknown field/);
    expect(errors[0]).toContain('devOnly');
  });

  it('reports a wrong type with what was found', () => {
    const { errors } = validateConfig({ code: { exclude: 'tests/**' } });
    expect(errors).toEqual([expect.stringMatching(/^code\.exclude: found "tests\/\*\*", allowed: array$/)]);
  });

  it('an ignore needs an id and a reason', () => {
    const { errors } = validateConfig({ ignore: [{ expires: '2027-01-01' }] });
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining('ignore[0].id'), expect.stringContaining('ignore[0].reason')]));
  });

  it('collects every problem at once', () => {
    const { errors } = validateConfig({
      failOn: 'mid',
      code: { minConfidence: 3, onParseError: 'skip' },
      deps: { devOnly: 'no' },
      colour: true,
    });
    expect(errors).toHaveLength(5);
    expect(errors.join('\n')).toMatch(/failOn/);
    expect(errors.join('\n')).toMatch(/code\.minConfidence: found 3/);
    expect(errors.join('\n')).toMatch(/code\.onParseError: found "skip"/);
    expect(errors.join('\n')).toMatch(/deps\.devOnly: found "no"/);
    expect(errors.join('\n')).toMatch(/colour: unknown field/);
  });

  it('an invalid config gives the defaults, never a half-merged config', () => {
    expect(validateConfig({ failOn: 'low', code: { onParseError: 'skip' } }).config).toEqual(defaultConfig());
  });

  it('a date that has the shape but is not a real day (2026-02-30) is refused, naming field and value', () => {
    const { errors } = validateConfig({ ignore: [{ id: 'B602', reason: 'constant input', expires: '2026-02-30' }] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('ignore[0].expires');
    expect(errors[0]).toContain('"2026-02-30"');
    expect(errors[0]).toContain('YYYY-MM-DD');
  });

  it('refuses 2026-13-01 and 2027-02-29 too', () => {
    expect(validateConfig({ ignore: [{ id: 'B602', reason: 'constant input', expires: '2026-13-01' }] }).errors).toHaveLength(1);
    expect(validateConfig({ ignore: [{ id: 'B602', reason: 'constant input', expires: '2027-02-29' }] }).errors).toHaveLength(1);
  });

  it('reports a bad date together with the other problems (every problem collected)', () => {
    const { errors } = validateConfig({ failOn: 'mid', ignore: [{ id: 'B602', reason: 'constant input', expires: '2026-02-30' }] });
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toContain('failOn');
    expect(errors.join('\n')).toContain('ignore[0].expires');
  });

  it('a config that is not an object is refused', () => {
    expect(validateConfig('high').errors.length).toBeGreaterThan(0);
    expect(validateConfig([]).errors.length).toBeGreaterThan(0);
  });

  it('cache.maxEntries must be a non-negative integer', () => {
    expect(validateConfig({ cache: { maxEntries: -1 } }).errors[0]).toContain('cache.maxEntries');
    expect(validateConfig({ cache: { maxEntries: 1.5 } }).errors[0]).toContain('cache.maxEntries');
    expect(validateConfig({ cache: { maxEntries: 0 } }).errors).toEqual([]);
  });
});
