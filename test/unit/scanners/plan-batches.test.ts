import { describe, expect, it } from 'vitest';
import { planBatches, planWaves } from '../../../src/scanners/bandit/scanner.js';

/** The limit planBatches keeps each command line under (MAX_ARG_BYTES in scanner.ts). */
const LIMIT = 64 * 1024;

const argBytes = (batch: string[]) => batch.reduce((sum, path) => sum + Buffer.byteLength(path, 'utf8') + 1, 0);

describe('planBatches', () => {
  it('puts every path in exactly one batch', () => {
    const paths = Array.from({ length: 50 }, (_, i) => `/tmp/secgate-x/files/pkg/mod${i}.py`);
    const sizes = paths.map((_, i) => (i * 37) % 101);
    const batches = planBatches(paths, sizes, 3);
    expect(batches.flat().sort()).toEqual([...paths].sort());
  });

  it('makes no more groups than asked and no empty batches', () => {
    const batches = planBatches(['/a.py', '/b.py'], [1, 1], 8);
    expect(batches).toHaveLength(2);
    for (const batch of batches) expect(batch.length).toBeGreaterThan(0);
    expect(planBatches([], [], 4)).toEqual([]);
  });

  it('treats parts below 1 as one group', () => {
    expect(planBatches(['/a.py', '/b.py', '/c.py'], [3, 2, 1], 0)).toHaveLength(1);
  });

  it('balances the total size of the groups', () => {
    const paths = ['/big.py', '/m1.py', '/m2.py', '/s1.py', '/s2.py', '/s3.py', '/s4.py'];
    const sizes = [100, 50, 50, 25, 25, 25, 25];
    const batches = planBatches(paths, sizes, 2);
    expect(batches).toHaveLength(2);
    const total = (batch: string[]) => batch.reduce((sum, path) => sum + (sizes[paths.indexOf(path)] ?? 0), 0);
    expect(batches.map(total).sort()).toEqual([150, 150]);
  });

  it('gives the largest file a group of its own when it outweighs the rest', () => {
    const batches = planBatches(['/huge.py', '/a.py', '/b.py', '/c.py'], [1000, 1, 1, 1], 2);
    expect(batches).toContainEqual(['/huge.py']);
  });

  it('cuts a group so that each command line stays under the byte limit (ASCII paths)', () => {
    const paths = Array.from({ length: 300 }, (_, i) => `/tmp/secgate-abc/files/${'d'.repeat(500)}/${i}.py`);
    const batches = planBatches(paths, [], 1);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toHaveLength(300);
    for (const batch of batches) expect(argBytes(batch)).toBeLessThanOrEqual(LIMIT);
  });

  it('counts the limit in bytes, not characters, for non-ASCII paths', () => {
    // 1,000 CJK characters are 3,000 bytes of argv each.
    const paths = Array.from({ length: 100 }, (_, i) => `/tmp/secgate-abc/files/${'日'.repeat(1000)}${i}.py`);
    const batches = planBatches(paths, [], 1);
    expect(batches.flat()).toHaveLength(100);
    for (const batch of batches) expect(argBytes(batch)).toBeLessThanOrEqual(LIMIT);
  });

  it('still places a single path longer than the limit, alone', () => {
    const long = `/${'x'.repeat(LIMIT + 10)}.py`;
    const batches = planBatches([long, '/a.py'], [], 1);
    expect(batches).toEqual([[long], ['/a.py']]);
  });
});

describe('planWaves', () => {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

  it('below 400 files is planBatches: one wave', () => {
    const paths = Array.from({ length: 399 }, (_, i) => `/f/${i}.py`);
    const sizes = paths.map((_, i) => (i * 53) % 997);
    expect(planWaves(paths, sizes, 2)).toEqual(planBatches(paths, sizes, 2));
  });

  it('from 400 files: a first wave of `parts` batches, then the largest files, a sixth of the bytes or so, in `parts` more', () => {
    const paths = Array.from({ length: 1000 }, (_, i) => `/f/${i}.py`);
    const sizes = paths.map((_, i) => 100 + ((i * 7919) % 5000));
    const size = (path: string) => sizes[paths.indexOf(path)] ?? 0;
    const batches = planWaves(paths, sizes, 2);
    expect(batches).toHaveLength(4);
    expect(batches.flat().sort()).toEqual([...paths].sort());
    const [first, second] = [batches.slice(0, 2).flat(), batches.slice(2).flat()];
    // The second wave holds the largest files: none smaller than any of the first.
    expect(Math.min(...second.map(size))).toBeGreaterThanOrEqual(Math.max(...first.map(size)));
    const share = sum(second.map(size)) / sum(sizes);
    expect(share).toBeGreaterThanOrEqual(0.15);
    expect(share).toBeLessThan(0.2);
    // Each wave's batches carry about equal bytes.
    for (const wave of [batches.slice(0, 2), batches.slice(2)]) {
      const [a = 0, b = 0] = wave.map((batch) => sum(batch.map(size)));
      expect(Math.abs(a - b) / (a + b)).toBeLessThan(0.02);
    }
  });

  it('one part: two batches, the second the largest files', () => {
    const paths = Array.from({ length: 500 }, (_, i) => `/f/${i}.py`);
    const sizes = paths.map((_, i) => i + 1);
    const batches = planWaves(paths, sizes, 1);
    expect(batches).toHaveLength(2);
    expect(batches[1]).toContain('/f/499.py');
    expect(batches[0]).toContain('/f/0.py');
  });
});
