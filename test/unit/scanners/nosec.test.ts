import { describe, expect, it } from 'vitest';
import { honoursNosecComments, isSilenced, nosecLines, parseNosecComment, withoutNosec } from '../../../src/scanners/bandit/nosec.js';

const ids = (comment: string) => {
  const found = parseNosecComment(comment);
  return found === undefined ? undefined : [...found].sort();
};

describe('parseNosecComment (Bandit 1.7.5+ _parse_nosec_comment)', () => {
  it('a bare nosec silences every test (the empty set)', () => {
    expect(ids('# nosec')).toEqual([]);
    expect(ids('#nosec')).toEqual([]);
    expect(ids('# nosec:')).toEqual([]);
    expect(ids('# nosec - reviewed, safe here')).toEqual([]);
    expect(ids('#nosecurity')).toEqual([]);
  });

  it('no nosec at all', () => {
    expect(ids('# a comment')).toBeUndefined();
    expect(ids('# NOSEC')).toBeUndefined();
    expect(ids('# no sec')).toBeUndefined();
  });

  it('test ids and names name those tests only', () => {
    expect(ids('# nosec B602')).toEqual(['B602']);
    expect(ids('# nosec: B602')).toEqual(['B602']);
    expect(ids('# nosec:B602')).toEqual(['B602']);
    expect(ids('# nosec B602, B603')).toEqual(['B602', 'B603']);
    expect(ids('# nosec B602 B607')).toEqual(['B602', 'B607']);
    expect(ids('# nosec subprocess_popen_with_shell_equals_true')).toEqual(['B602']);
    expect(ids('# nosec B602 - reviewed')).toEqual(['B602']);
    // "random" is a test name (B311): Bandit reads it as one.
    expect(ids('# nosec random text')).toEqual(['B311']);
  });

  it('splits as Bandit does: B602,B603 without a space keeps only the last', () => {
    expect(ids('# nosec: B602,B603')).toEqual(['B603']);
  });

  it('unknown or lower-case ids are ignored, and a nosec of only those silences everything', () => {
    expect(ids('# nosec b602')).toEqual([]);
    expect(ids('# nosec B999')).toEqual(['B999']);
  });

  it('is found anywhere in the comment, up to the next #', () => {
    expect(ids('# type: ignore # nosec B602')).toEqual(['B602']);
    expect(ids('# nosec B602 # B603 is not named')).toEqual(['B602']);
  });
});

describe('isSilenced (tester.py _get_nosecs_from_contexts)', () => {
  const lines = (source: string) => nosecLines(source);

  it('a nosec on the result’s own line, or in its line range', () => {
    const source = 'import subprocess\nsubprocess.Popen(\n    cmd,\n    shell=True)  # nosec\n';
    expect(isSilenced({ testId: 'B602', line: 4, lineRange: [2, 3, 4] }, lines(source))).toBe(true);
    expect(isSilenced({ testId: 'B602', line: 2, lineRange: [2, 3, 4] }, lines(source))).toBe(true);
    expect(isSilenced({ testId: 'B404', line: 1, lineRange: [1] }, lines(source))).toBe(false);
  });

  it('a nosec naming other tests does not silence this one', () => {
    const source = 'subprocess.Popen(cmd, shell=True)  # nosec B603\n';
    expect(isSilenced({ testId: 'B602', line: 1, lineRange: [1] }, lines(source))).toBe(false);
    expect(isSilenced({ testId: 'B603', line: 1, lineRange: [1] }, lines(source))).toBe(true);
  });

  it('a nosec in a string, or on an enclosing block’s line, does not silence', () => {
    const inString = 'def run(cmd, tag="# nosec"):\n    subprocess.call(cmd, shell=True)\n';
    expect(isSilenced({ testId: 'B602', line: 2, lineRange: [2] }, lines(inString))).toBe(false);
    const onBlock = 'if x:  # nosec\n    subprocess.call(cmd, shell=True)\n';
    expect(isSilenced({ testId: 'B602', line: 2, lineRange: [2] }, lines(onBlock))).toBe(false);
  });

  it('merges the own line and the range: a bare nosec with a named one names only that one', () => {
    const source = 'f(  # nosec B101\n  x)  # nosec\n';
    expect(isSilenced({ testId: 'B602', line: 2, lineRange: [1, 2] }, lines(source))).toBe(false);
    expect(isSilenced({ testId: 'B101', line: 2, lineRange: [1, 2] }, lines(source))).toBe(true);
  });
});

describe('withoutNosec', () => {
  it('drops only the silenced results of the files it knows', () => {
    const report = {
      results: [
        { filename: '/t/a.py', test_id: 'B602', line_number: 2, line_range: [2] },
        { filename: '/t/a.py', test_id: 'B404', line_number: 1, line_range: [1] },
        { filename: '/t/b.py', test_id: 'B602', line_number: 2, line_range: [2] },
      ],
    };
    const nosec = new Map([['blob-a', nosecLines('import subprocess\nsubprocess.call(c, shell=True)  # nosec\n')]]);
    const kept = withoutNosec(report, (name) => (name === '/t/a.py' ? 'blob-a' : name === '/t/b.py' ? 'blob-b' : undefined), nosec);
    expect(kept.results?.map((r) => `${r.filename} ${r.test_id}`)).toEqual(['/t/a.py B404', '/t/b.py B602']);
  });
});

describe('honoursNosecComments', () => {
  it('from Bandit 1.7.5 on', () => {
    expect(honoursNosecComments('1.6.2')).toBe(false);
    expect(honoursNosecComments('1.7.4')).toBe(false);
    expect(honoursNosecComments('1.7.5')).toBe(true);
    expect(honoursNosecComments('1.7.10')).toBe(true);
    expect(honoursNosecComments('1.8.0')).toBe(true);
    expect(honoursNosecComments('2.0')).toBe(true);
    expect(honoursNosecComments('0.9')).toBe(false);
  });
});
