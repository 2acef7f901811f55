import { describe, expect, it } from 'vitest';
import {
  distrust,
  exclusion,
  ownTrackingRefs,
  parseLogRaw,
  parsePeeled,
  parsePushLines,
  peelQueries,
  planPush,
  pushedCommits,
  pushRemote,
  pushTargets,
  trackingChecks,
  type PushLine,
  type PushPlan,
  type RangeCommit,
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

describe('planPush', () => {
  it('skips a deletion, whatever else is known', () => {
    expect(planPush(line(NULL_1, A), { commit: undefined, remoteCommit: A })).toEqual({ kind: 'skip', reason: 'delete' });
    expect(planPush(line(NULL_256, SHA256_COMMIT), { commit: undefined, remoteCommit: undefined }).kind).toBe('skip');
  });

  it('skips a tag that does not peel to a commit', () => {
    expect(planPush(line(A, NULL_1, 'refs/tags/blob'), { commit: undefined, remoteCommit: undefined })).toEqual({
      kind: 'skip',
      reason: 'not-a-commit',
    });
  });

  it('a fast-forward, a new ref, a force push and a remote commit we lack are all the range from the peeled commit', () => {
    expect(planPush(line(B, A), { commit: B, remoteCommit: A })).toEqual({ kind: 'range', commit: B });
    expect(planPush(line(B, NULL_1), { commit: B, remoteCommit: undefined })).toEqual({ kind: 'range', commit: B });
    expect(planPush(line(B, C), { commit: B, remoteCommit: undefined })).toEqual({ kind: 'range', commit: B });
    // An annotated tag: the commit it peels to, not the tag object.
    expect(planPush(line(C, NULL_1, 'refs/tags/v1'), { commit: B, remoteCommit: undefined })).toEqual({ kind: 'range', commit: B });
  });
});

describe('the commits the server has', () => {
  const refs = [
    { name: 'refs/remotes/origin/main', commit: A },
    { name: 'refs/remotes/origin/fork/main', commit: B },
    { name: 'refs/remotes/originals/main', commit: C },
    { name: 'refs/remotes/o*/main', commit: C },
  ];

  it('a remote owns the refs under its own prefix, compared literally, not those of a remote nested in its name', () => {
    expect(ownTrackingRefs('origin', refs, ['origin', 'originals'])).toEqual([refs[0], refs[1]]);
    expect(ownTrackingRefs('origin', refs, ['origin', 'origin/fork'])).toEqual([refs[0]]);
    expect(ownTrackingRefs('origin/fork', refs, ['origin', 'origin/fork'])).toEqual([refs[1]]);
    // A name with glob characters matches only itself (`--remotes=o*` would take every ref above).
    expect(ownTrackingRefs('o*', refs, ['o*', 'origin'])).toEqual([refs[3]]);
    expect(ownTrackingRefs('[o]rigin', refs, ['origin'])).toEqual([]);
  });

  it('compares the server’s answer for each pushed branch with the tracking ref of it', () => {
    const own = [{ name: 'refs/remotes/origin/main', commit: A }];
    const facts = (remoteCommit?: string) => ({ commit: C, remoteCommit });
    expect(trackingChecks('origin', [{ line: line(C, A), facts: facts(A) }], own)).toEqual([{ kind: 'agree' }]);
    // The server has a commit we lack (a force push over it): ours may be gone from the server.
    expect(trackingChecks('origin', [{ line: line(C, B), facts: facts() }], own)).toEqual([{ kind: 'conflict' }]);
    expect(trackingChecks('origin', [{ line: line(C, B), facts: facts(B) }], own)).toEqual([{ kind: 'check', tracking: A, remote: B }]);
    // The server has no such branch, yet we track one: stale.
    expect(trackingChecks('origin', [{ line: line(C, NULL_1), facts: facts() }], own)).toEqual([{ kind: 'conflict' }]);
    // Tags and untracked branches are not compared.
    expect(trackingChecks('origin', [{ line: line(C, NULL_1, 'refs/tags/main'), facts: facts() }], own)).toEqual([]);
    expect(trackingChecks('origin', [{ line: line(C, NULL_1, 'refs/heads/other'), facts: facts() }], own)).toEqual([]);
  });

  it('trusts tracking refs only when the pushed URL is the fetch URL and nothing contradicts them', () => {
    expect(distrust('/srv/a.git', '/srv/a.git', false)).toBeUndefined();
    expect(distrust('/srv/b.git', '/srv/a.git', false)).toBe('other-url');
    expect(distrust('/srv/a.git', undefined, false)).toBe('other-url');
    expect(distrust(undefined, '/srv/a.git', false)).toBe('other-url');
    expect(distrust('/srv/a.git', '/srv/a.git', true)).toBe('conflict');
  });

  it('excludes the reported commits and the trusted refs, once each, sorted', () => {
    expect(exclusion([B, A, B], [{ name: 'refs/remotes/origin/main', commit: C }])).toEqual([A, B, C]);
    expect(exclusion([], [])).toEqual([]);
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

/*
 * Captured from `git log -z --raw --no-abbrev --no-renames -c --root --topo-order --reverse --format=%x01%H %P`
 * (git 2.39.5): a root commit (a.py), a commit on main (m.py), one on a side branch (s.py), their merge
 * with an evil a.py, a commit deleting m.py, and one adding a symlink and making s.py executable.
 */
const ROOT = 'af8e79203972b61cb8d78c4fdfa0fc0aba77a92f';
const MAIN = '5f913d857060adbe37ecefd1c898b9bf85518d0f';
const SIDE = '319a7498179fb60bbf950c3022cfa7075f35ddb8';
const MERGE = '5edb51398ecf4d15029d2b40d9ab9be757efc86f';
const DELETE = '9dba00d889dba04980c4d66b374720070d5d149f';
const MODES = '9d7a630b05ad0361e1ba754efba97683e12a0fde';
const A_PY = '78981922613b2afb6025042ff6bd878ac1994e85';
const EVIL = '53c74cd6c8f3911ae716f60f9b79f575aab0e975';
const S_PY = 'b4785957bc986dc39c629de9fac9df46972c00fc';
const LOG =
  `\x01${ROOT} \0\n:000000 100644 ${NULL_1} ${A_PY} A\0a.py\0` +
  `\x01${MAIN} ${ROOT}\0\n:000000 100644 ${NULL_1} 28ce6a8b26aa170e1de65536fe8abe1832bd3242 A\0m.py\0` +
  `\x01${SIDE} ${ROOT}\0\n:000000 100644 ${NULL_1} ${S_PY} A\0s.py\0` +
  `\x01${MERGE} ${MAIN} ${SIDE}\0\0::100644 100644 100644 ${A_PY} ${A_PY} ${EVIL} MM\0a.py\0` +
  `\x01${DELETE} ${MERGE}\0\n:100644 000000 28ce6a8b26aa170e1de65536fe8abe1832bd3242 ${NULL_1} D\0m.py\0` +
  `\x01${MODES} ${DELETE}\0\n:000000 120000 ${NULL_1} 8ce4f79e7299350428fce0bfbdb724e387b47128 A\0link.py\0` +
  `:100644 100755 ${S_PY} ${S_PY} M\0s.py\0`;

describe('parseLogRaw', () => {
  it('reads each commit, its parents and the files it introduces: a merge only its own blobs, no deletions', () => {
    const { commits, unread } = parseLogRaw(LOG);
    expect(unread).toEqual([]);
    expect(commits.map((commit) => [commit.id, commit.parents])).toEqual([
      [ROOT, []],
      [MAIN, [ROOT]],
      [SIDE, [ROOT]],
      [MERGE, [MAIN, SIDE]],
      [DELETE, [MERGE]],
      [MODES, [DELETE]],
    ]);
    expect(commits[3]?.entries).toEqual([{ path: 'a.py', blob: EVIL, mode: '100644' }]);
    expect(commits[4]?.entries).toEqual([]);
    expect(commits[5]?.entries).toEqual([
      { path: 'link.py', blob: '8ce4f79e7299350428fce0bfbdb724e387b47128', mode: '120000' },
      { path: 's.py', blob: S_PY, mode: '100755' },
    ]);
  });

  it('keeps a path with spaces, a newline or a leading colon whole', () => {
    const { commits } = parseLogRaw(`\x01${ROOT} \0\n:000000 100644 ${NULL_1} ${A_PY} A\0:odd\nname .py\0`);
    expect(commits[0]?.entries.map((entry) => entry.path)).toEqual([':odd\nname .py']);
  });

  it('reports what it cannot read instead of skipping it', () => {
    expect(parseLogRaw(`gpg: Signature made\0\x01${ROOT} \0`).unread).toEqual(['gpg: Signature made']);
    expect(parseLogRaw(`\x01${ROOT} \0\n:000000 100644 ${NULL_1} A\0a.py\0`).unread).toHaveLength(1);
    expect(parseLogRaw(`\x01nonsense\0`).unread).toEqual(['\x01nonsense']);
    expect(parseLogRaw('')).toEqual({ commits: [], unread: [] });
  });
});

describe('pushTargets', () => {
  const blob = (n: number) => String(n).repeat(40);
  const commit = (id: string, parents: string[], entries: RangeCommit['entries']): RangeCommit => ({ id, parents, entries });
  const ONE = '1'.repeat(40);
  const TWO = '2'.repeat(40);
  const THREE = '3'.repeat(40);
  const FOUR = '4'.repeat(40);
  const bad = { path: 'deploy.py', blob: blob(5), mode: '100644' };
  // ONE adds deploy.py; TWO removes it again (no entry); THREE (a side branch from ONE) re-adds the same blob; FOUR touches reqs.
  const range = [
    commit(ONE, [], [bad, { path: 'requirements.txt', blob: blob(6), mode: '100644' }]),
    commit(TWO, [ONE], []),
    commit(THREE, [ONE], [bad, { path: 'requirements.txt', blob: blob(6), mode: '100644' }]),
    commit(FOUR, [TWO], [{ path: 'requirements.txt', blob: blob(7), mode: '100644' }]),
  ];
  const main = line(FOUR, NULL_1, 'refs/heads/main');
  const side = line(THREE, NULL_1, 'refs/heads/side');
  const gone = line(NULL_1, C, 'refs/heads/gone');
  const plans: PushPlan[] = [
    { kind: 'range', commit: FOUR },
    { kind: 'range', commit: THREE },
    { kind: 'skip', reason: 'delete' },
  ];

  it('a file introduced and removed within the range is a target, named with the first commit of each ref that brought it', () => {
    const targets = pushTargets([main, side, gone], plans, range);
    const deploy = targets.filter((target) => target.path === 'deploy.py');
    expect(deploy).toEqual([
      {
        ...bad,
        tree: ONE,
        origin: [
          { ref: 'refs/heads/main', commit: ONE },
          { ref: 'refs/heads/side', commit: ONE },
        ],
      },
    ]);
  });

  it('a manifest is one target per introducing commit, read in that commit’s tree, named on the refs that reach it', () => {
    const targets = pushTargets([main, side, gone], plans, range);
    expect(targets.filter((target) => target.path === 'requirements.txt')).toEqual([
      {
        path: 'requirements.txt',
        blob: blob(6),
        mode: '100644',
        tree: ONE,
        origin: [
          { ref: 'refs/heads/main', commit: ONE },
          { ref: 'refs/heads/side', commit: ONE },
        ],
      },
      { path: 'requirements.txt', blob: blob(6), mode: '100644', tree: THREE, origin: [{ ref: 'refs/heads/side', commit: THREE }] },
      { path: 'requirements.txt', blob: blob(7), mode: '100644', tree: FOUR, origin: [{ ref: 'refs/heads/main', commit: FOUR }] },
    ]);
  });

  it('a commit no pushed ref reaches brings nothing; a ref is named once even when its line is repeated', () => {
    const onlyMain = pushTargets([main, main], [plans[0] as PushPlan, plans[0] as PushPlan], range);
    expect(onlyMain.map((target) => [target.path, target.tree, target.origin])).toEqual([
      ['deploy.py', ONE, [{ ref: 'refs/heads/main', commit: ONE }]],
      ['requirements.txt', ONE, [{ ref: 'refs/heads/main', commit: ONE }]],
      ['requirements.txt', FOUR, [{ ref: 'refs/heads/main', commit: FOUR }]],
    ]);
  });

  it('tells apart more than 32 refs', () => {
    const many = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(40, 'c'));
    const commits = many.map((id, i) =>
      commit(id, i === 0 ? [] : [many[i - 1] as string], [{ path: `f${i}.py`, blob: blob(i % 10), mode: '100644' }]),
    );
    const lines = many.map((id, i) => line(id, NULL_1, `refs/heads/b${i}`));
    const targets = pushTargets(
      lines,
      many.map((id) => ({ kind: 'range', commit: id }) as PushPlan),
      commits,
    );
    // f35.py is in b35..b39 only.
    expect(targets.find((target) => target.path === 'f35.py')?.origin?.map((o) => o.ref)).toEqual(
      [35, 36, 37, 38, 39].map((i) => `refs/heads/b${i}`),
    );
    expect(targets.find((target) => target.path === 'f0.py')?.origin).toHaveLength(40);
  });

  it('pushedCommits lists the pushed commits, in push order, once each', () => {
    expect(pushedCommits([...plans, { kind: 'range', commit: FOUR }])).toEqual([FOUR, THREE]);
  });
});
