import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../../../src/scanners/bandit/worker/socket-name.js';

describe('fnv1a64, the worker socket name', () => {
  it("gives FNV-1a's published 64-bit values", () => {
    // From the FNV reference test suite (test_fnv.c, fnv1a_64).
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes UTF-8 bytes, always 16 hex digits, and tells near identities apart', () => {
    expect(fnv1a64('é')).toBe(fnv1a64('\u00e9'));
    expect(fnv1a64('é')).not.toBe(fnv1a64('e\u0301'));
    const names = new Set(Array.from({ length: 2000 }, (_, i) => fnv1a64(`["/usr/bin/bandit","1.6.${i}"]`)));
    expect(names.size).toBe(2000);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{16}$/);
  });
});
