import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, offsetOf, placeAt, tokenAt } from '../../../src/config/syntax.js';

describe('where a config stops parsing, without quoting it', () => {
  it.each([
    ['{ "failOn": "high", }', 20],
    ['{"a": 1,\n "b": oops\n}', 15],
    ['{', 1],
    ['[1, 2', 5],
    ['{"a": "x\\q"}', 8],
    ['{"a": 01}', 7],
    ['{} x', 3],
  ])('JSON %j fails at %i, as JSON.parse agrees it fails', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('valid JSON has no error offset inside it', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "\\u00e9"], "b": {}}';
    expect(jsonErrorOffset(text)).toBe(text.length);
  });

  it('the token is the word at the place, cut short; a symbol is itself', () => {
    expect(tokenAt('a oops rest', 2)).toBe('"oops"');
    expect(tokenAt('}', 0)).toBe('"}"');
    expect(tokenAt('x', 1)).toBe('the end of the file');
    expect(tokenAt(`${'A'.repeat(60)}`, 0)).toBe(`"${'A'.repeat(24)}…"`);
  });

  it('line and column are 1-based, and offsetOf is their inverse', () => {
    const text = 'one\ntwo three\nfour';
    expect(placeAt(text, 8)).toEqual({ line: 2, column: 5, token: '"three"' });
    expect(offsetOf(text, 2, 5)).toBe(8);
  });
});
