import { describe, expect, it } from 'vitest';
import { parseRenames } from '../../../src/git/parents.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseRenames', () => {
  it('maps each new path to the file it was renamed from, and skips other statuses', () => {
    const output = `:100644 100644 ${A} ${B} R093\0old/deploy.py\0ops/deploy.py\0:100644 100644 ${A} ${B} M\0same.py\0`;
    expect(parseRenames(output)).toEqual(new Map([['ops/deploy.py', { path: 'old/deploy.py', blob: A, mode: '100644' }]]));
  });

  it('reads several renames, names with spaces included', () => {
    const output = `:100644 100644 ${A} ${B} R100\0a b.py\0c d.py\0:100755 100755 ${B} ${A} R051\0x.py\0y.py\0`;
    const renames = parseRenames(output);
    expect(renames.get('c d.py')?.path).toBe('a b.py');
    expect(renames.get('y.py')).toEqual({ path: 'x.py', blob: B, mode: '100755' });
  });

  it('is empty for no output', () => {
    expect(parseRenames('').size).toBe(0);
  });
});
