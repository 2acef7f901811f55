import { describe, expect, it } from 'vitest';
import { batchFile, batchKeys, batchName, batchValues } from '../../../src/cache/batch.js';

const isNumber = (value: unknown): value is number => typeof value === 'number';

describe('batch names', () => {
  it('name a set of keys: the same set in any order, with duplicates, gives the same name', () => {
    expect(batchName(batchKeys(['b', 'a', 'c', 'a']))).toBe(batchName(batchKeys(['c', 'b', 'a'])));
  });

  it('differ when the set differs, including where only the boundary between keys moves', () => {
    const names = new Set([
      batchName(['ab', 'c']),
      batchName(['a', 'bc']),
      batchName(['a', 'b', 'c']),
      batchName(['abc']),
      batchName(['a', 'c']),
    ]);
    expect(names.size).toBe(5);
  });

  it('spread over many sets without a collision (1000 neighbouring sets of 20 blob-like keys)', () => {
    const names = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      names.add(batchName(Array.from({ length: 20 }, (_, k) => `${(i * 20 + k).toString(16).padStart(40, '0')}-1%20bandit`)));
    }
    expect(names.size).toBe(1000);
  });
});

describe('batchValues', () => {
  const keys = ['k1', 'k2'];

  it('returns the values of the batch written for exactly these keys', () => {
    expect(batchValues(JSON.parse(JSON.stringify(batchFile(keys, [1, 2]))), keys, isNumber)).toEqual([1, 2]);
  });

  it('refuses another set of keys (a name collision), another format, a wrong shape or an invalid value', () => {
    expect(batchValues(batchFile(['k1', 'k3'], [1, 2]), keys, isNumber)).toBeUndefined();
    expect(batchValues(batchFile(['k1'], [1]), keys, isNumber)).toBeUndefined();
    expect(batchValues({ ...batchFile(keys, [1, 2]), format: 99 }, keys, isNumber)).toBeUndefined();
    expect(batchValues({ keys, values: [1, 2] }, keys, isNumber)).toBeUndefined();
    expect(batchValues(batchFile(keys, [1]), keys, isNumber)).toBeUndefined();
    expect(batchValues(batchFile(keys, [1, 'two']), keys, isNumber)).toBeUndefined();
    expect(batchValues(null, keys, isNumber)).toBeUndefined();
    expect(batchValues([], keys, isNumber)).toBeUndefined();
  });
});
