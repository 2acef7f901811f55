import { describe, expect, it } from 'vitest';
import { parseBanditIni } from '../../../src/scanners/bandit/settings.js';

describe('parseBanditIni', () => {
  it('reads skips and tests from the [bandit] section', () => {
    expect(parseBanditIni('[bandit]\nskips = B101,B102\ntests = B602, B608\n')).toEqual({
      skips: ['B101', 'B102'],
      tests: ['B602', 'B608'],
    });
  });

  it('accepts ":" as the separator, spaces, CRLF, and an empty list', () => {
    expect(parseBanditIni('[bandit]\r\n  skips:  B101 ,  B311  \r\ntests =\r\n')).toEqual({ skips: ['B101', 'B311'], tests: [] });
  });

  it('ignores other sections, keys outside any section, comments and other keys', () => {
    const text = [
      'skips = B000',
      '[other]',
      'skips = B999',
      '[bandit]',
      '# skips = B777',
      '; tests = B666',
      'exclude = tests/',
      'targets = src',
      'skips = B105',
      '[later]',
      'tests = B555',
    ].join('\n');
    expect(parseBanditIni(text)).toEqual({ skips: ['B105'], tests: [] });
  });

  it('is empty for an empty file or one without the section', () => {
    expect(parseBanditIni('')).toEqual({ skips: [], tests: [] });
    expect(parseBanditIni('[tool.bandit]\nskips = B101\n')).toEqual({ skips: [], tests: [] });
  });
});
