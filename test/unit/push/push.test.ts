import { describe, expect, it } from 'vitest';
import {
  parseChangedPaths,
  parsePeeled,
  parsePushLines,
  peelQueries,
  planPush,
  pushedCommits,
  pushRemote,
  pushTargets,
  remoteExclusion,
  type PushLine,
  type PushPlan,
} from '../../../src/git/push.js';

/*
 * Captured from a pre-push hook (`cat >&2`) under git 2.39.5 in a SHA-256
 * repository pushing to a SHA-256 bare remote:
 *   git push origin HEAD:refs/heads/main v1     (a new branch and an annotated tag)
 *   git push origin --delete other
 *   git push ../b256 'HEAD@{0 minutes ago}:refs/heads/y'
 */
const SHA256_COMMIT = 'ada043fc7ece1ddf7199c2bb397dca4ed275f195c54dc0af48a7f4b63b786808';
const SHA256_TAG = '445472e0ff177b7ad5b377d0962e54f473ceccca4ee6e319ba18a273b75018d5';
const NULL_256 = '0'.repeat(64);
const NULL_1 = '0'.repeat(40);
const PUSH_256 = `HEAD ${SHA256_COMMIT} refs/heads/main ${NULL_256}\n` + `refs/tags/v1 ${SHA256_TAG} refs/tags/v1 ${NULL_256}\n`;
const DELETE_256 = `(delete) ${NULL_256} refs/heads/other ${SHA256_COMMIT}\n`;
const SPACED_256 = `HEAD@{0 minutes ago} ${SHA256_COMMIT} refs/heads/y ${NULL_256}\n`;

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

function line(localSha: string, remoteSha: string, remoteRef = 'refs/heads/main'): PushLine {
  return { localRef: remoteRef, localSha, remoteRef, remoteSha };
}

describe('parsePushLines', () => {
  it('reads every line, with 64-character ids', () => {
    expect(parsePushLines(PUSH_256)).toEqual({
      lines: [
        { localRef: 'HEAD', localSha: SHA256_COMMIT, remoteRef: 'refs/heads/main', remoteSha: NULL_256 },
        { localRef: 'refs/tags/v1', localSha: SHA256_TAG, remoteRef: 'refs/tags/v1', remoteSha: NULL_256 },
      ],
      invalid: [],
    });
  });

  it('splits from the right, so a local ref with spaces stays whole', () => {
    expect(parsePushLines(SPACED_256).lines).toEqual([
      { localRef: 'HEAD@{0 minutes ago}', localSha: SHA256_COMMIT, remoteRef: 'refs/heads/y', remoteSha: NULL_256 },
    ]);
    const many = parsePushLines(`refs/heads/a b  c ${A} refs/heads/x ${NULL_1}`).lines[0];
    expect(many?.localRef).toBe('refs/heads/a b  c');
  });

  it('reads a deletion as it comes: "(delete)" and a null local id', () => {
    expect(parsePushLines(DELETE_256).lines).toEqual([
      { localRef: '(delete)', localSha: NULL_256, remoteRef: 'refs/heads/other', remoteSha: SHA256_COMMIT },
    ]);
  });

  it('ignores blank lines and a CR before the newline, and reports lines it cannot read', () => {
    const input = `\nrefs/heads/main ${A} refs/heads/main ${B}\r\n\nnot a push line\nrefs/heads/main ${A.slice(1)} refs/heads/main ${B}\n${A} ${B}\n`;
    const { lines, invalid } = parsePushLines(input);
    expect(lines).toEqual([line(A, B)]);
    expect(invalid).toEqual(['not a push line', `refs/heads/main ${A.slice(1)} refs/heads/main ${B}`, `${A} ${B}`]);
  });

  it('refuses an id of the wrong length or case', () => {
    expect(parsePushLines(`refs/heads/main ${'0'.repeat(50)} refs/heads/main ${NULL_1}`).invalid).toHaveLength(1);
    expect(parsePushLines(`refs/heads/main ${A.toUpperCase()} refs/heads/main ${NULL_1}`).invalid).toHaveLength(1);
  });

  it('reads nothing from empty input', () => {
    expect(parsePushLines('')).toEqual({ lines: [], invalid: [] });
  });
});

describe('pushRemote', () => {
  it('is a named remote when git gives a name and a URL, a URL when it gives the URL twice', () => {
    expect(pushRemote('origin', '/srv/repo.git')).toEqual({ kind: 'named', name: 'origin' });
    expect(pushRemote('../b256', '../b256')).toEqual({ kind: 'url', url: '../b256' });
    expect(pushRemote('origin', undefined)).toEqual({ kind: 'named', name: 'origin' });
  });
});

describe('remoteExclusion', () => {
  it('a named remote excludes its remote-tracking refs and the commits the remote reported', () => {
    expect(remoteExclusion({ kind: 'named', name: 'origin' }, [B, A, B])).toEqual(['--remotes=origin', A, B]);
  });

  it('a URL excludes only the commits the remote reported', () => {
    expect(remoteExclusion({ kind: 'url', url: '/srv/x.git' }, [B])).toEqual([B]);
    expect(remoteExclusion({ kind: 'url', url: '/srv/x.git' }, [])).toEqual([]);
  });
});

describe('planPush', () => {
  const exclude = ['--remotes=origin'];

  it('skips a deletion, whatever else is known', () => {
    expect(planPush(line(NULL_1, A), { commit: undefined, remoteCommit: A, remoteIsAncestor: false }, exclude)).toEqual({
      kind: 'skip',
      reason: 'delete',
    });
    expect(
      planPush(line(NULL_256, SHA256_COMMIT), { commit: undefined, remoteCommit: undefined, remoteIsAncestor: false }, exclude).kind,
    ).toBe('skip');
  });

  it('skips a tag that does not peel to a commit', () => {
    expect(
      planPush(line(A, NULL_1, 'refs/tags/blob'), { commit: undefined, remoteCommit: undefined, remoteIsAncestor: false }, exclude),
    ).toEqual({
      kind: 'skip',
      reason: 'not-a-commit',
    });
  });

  it('a fast-forward from a commit we have is the diff from it to the pushed commit', () => {
    expect(planPush(line(B, A), { commit: B, remoteCommit: A, remoteIsAncestor: true }, exclude)).toEqual({
      kind: 'diff',
      commit: B,
      from: A,
    });
  });

  it('uses the peeled commit, not the tag object, for an annotated tag', () => {
    expect(planPush(line(C, NULL_1, 'refs/tags/v1'), { commit: B, remoteCommit: undefined, remoteIsAncestor: false }, exclude)).toEqual({
      kind: 'new',
      commit: B,
      exclude,
    });
  });

  it('a new ref, a remote commit we do not have, and a force push are all "new"', () => {
    expect(planPush(line(B, NULL_1), { commit: B, remoteCommit: undefined, remoteIsAncestor: false }, exclude).kind).toBe('new');
    expect(planPush(line(B, C), { commit: B, remoteCommit: undefined, remoteIsAncestor: false }, exclude).kind).toBe('new');
    expect(planPush(line(B, A), { commit: B, remoteCommit: A, remoteIsAncestor: false }, exclude)).toEqual({
      kind: 'new',
      commit: B,
      exclude,
    });
  });
});

describe('peelQueries and parsePeeled', () => {
  it('asks about the pushed object, its commit and the remote commit; never about null ids', () => {
    const lines = [line(A, B), line(C, NULL_1, 'refs/tags/v1'), line(NULL_1, B, 'refs/heads/gone'), line(A, B, 'refs/heads/copy')];
    expect(peelQueries(lines)).toEqual([A, `${A}^{commit}`, `${B}^{commit}`, C, `${C}^{commit}`]);
  });

  it('maps the answers of cat-file --batch-check back to the queries, dropping missing ones', () => {
    // Output of `git cat-file --batch-check='%(objectname) %(objecttype)'` (git 2.39.5) for a tag to a blob, an annotated tag to a commit.
    const queries = [`${A}^{commit}`, `${B}^{commit}`, B, C];
    const output = [`${A}^{commit} missing`, `${C} commit`, `${B} tag`, `${C} missing`, ''].join('\n');
    const peeled = parsePeeled(queries, output);
    expect([...peeled]).toEqual([
      [`${B}^{commit}`, C],
      [B, B],
    ]);
  });
});

describe('parseChangedPaths', () => {
  it('reads NUL-terminated paths from git log -z --name-only, once each, spaces and newlines kept', () => {
    // git log --format= --name-only -z (git 2.39.5) over four commits: there is no separator between commits.
    const output = 'a.py\u0000s.py\u0000m.py\u0000s.py\u0000a.py\u0000d/b c.py\u0000line\nbreak.py\u0000';
    expect([...parseChangedPaths(output)]).toEqual(['a.py', 's.py', 'm.py', 'd/b c.py', 'line\nbreak.py']);
    expect(parseChangedPaths('').size).toBe(0);
  });
});

describe('pushTargets', () => {
  const main = line(A, NULL_1, 'refs/heads/main');
  const feature = line(B, NULL_1, 'refs/heads/feature');
  const gone = line(NULL_1, C, 'refs/heads/gone');
  const plans: PushPlan[] = [
    { kind: 'new', commit: A, exclude: [] },
    { kind: 'diff', commit: B, from: C },
    { kind: 'skip', reason: 'delete' },
  ];
  const shared = { path: 'deploy.py', blob: '1'.repeat(40), mode: '100644' };

  it('one target per file state, carrying every ref and commit that pushes it', () => {
    const targets = pushTargets([main, feature, gone], plans, [
      [shared, { path: 'a.py', blob: '2'.repeat(40), mode: '100644' }],
      [shared, { ...shared, blob: '3'.repeat(40) }],
      [],
    ]);
    expect(targets).toEqual([
      {
        ...shared,
        origin: [
          { ref: 'refs/heads/main', commit: A },
          { ref: 'refs/heads/feature', commit: B },
        ],
      },
      { path: 'a.py', blob: '2'.repeat(40), mode: '100644', origin: [{ ref: 'refs/heads/main', commit: A }] },
      { ...shared, blob: '3'.repeat(40), origin: [{ ref: 'refs/heads/feature', commit: B }] },
    ]);
  });

  it('names a ref once even when its line is repeated', () => {
    const targets = pushTargets([main, main], [plans[0] as PushPlan, plans[0] as PushPlan], [[shared], [shared]]);
    expect(targets).toEqual([{ ...shared, origin: [{ ref: 'refs/heads/main', commit: A }] }]);
  });

  it('pushedCommits lists the commits to read includes from, in push order, once each', () => {
    expect(pushedCommits([...plans, { kind: 'new', commit: A, exclude: [] }])).toEqual([A, B]);
  });
});
