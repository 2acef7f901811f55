import { beforeAll, describe, expect, it } from 'vitest';
import { HIGH_B602, preCommit, requireBanditAndBuild, sectionOf } from '../gate/support.js';
import { prePush, pushRepo, pushUnchecked, refLine } from './support.js';

beforeAll(requireBanditAndBuild);

/** B301 MEDIUM (pickle.loads) on line 4. */
const OLD_PICKLE = 'import pickle\n\ndef load(x):\n    return pickle.loads(x)\n';
const NEW_EVAL = '\ndef run(cmd):\n    return eval(cmd)\n';

describe('pre-push: new findings block, inherited ones warn', () => {
  it("compares with the server's commit for the branch: an edit elsewhere in an old file passes, a new finding blocks", () => {
    const push = pushRepo();
    const base = push.repo.commit({ 'load.py': OLD_PICKLE });
    pushUnchecked(push, 'main');
    const tip = push.repo.commit({ 'load.py': `# edited\n${OLD_PICKLE}`, 'run.py': NEW_EVAL });
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const load = sectionOf(result.stdout, 'load.py');
    expect(load.some((line) => /warn\s+MEDIUM B301\b.*line 5\b/.test(line))).toBe(true);
    expect(load.some((line) => line.includes(`inherited: already in ${base.slice(0, 12)};`))).toBe(true);
    expect(sectionOf(result.stdout, 'run.py').some((line) => /BLOCK\s+MEDIUM B307\b/.test(line))).toBe(true);
  });

  it('a finding brought by an earlier commit of the same push is new, however later commits touch the file', () => {
    const push = pushRepo();
    const base = push.repo.commit({ 'load.py': 'x = 1\n' });
    pushUnchecked(push, 'main');
    push.repo.commit({ 'load.py': OLD_PICKLE });
    const tip = push.repo.commit({ 'load.py': `# edited\n${OLD_PICKLE}` });
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(/inherited: already in/);
  });

  it('a new branch is compared with its merge base with what the server has (through a merge of main)', () => {
    const push = pushRepo();
    push.repo.commit({ 'load.py': 'x = 1\n' });
    push.repo.git('checkout', '-q', '-b', 'feature');
    push.repo.commit({ 'notes.md': 'feature work\n' });
    push.repo.git('checkout', '-q', 'main');
    // main (on the server) brings the finding after the branch forked...
    const mainTip = push.repo.commit({ 'load.py': OLD_PICKLE });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', 'feature');
    // ...and the branch merges main, then edits the file elsewhere: the finding is main's, not the branch's.
    push.repo.git('merge', '-q', '--no-edit', 'main');
    const tip = push.repo.commit({ 'load.py': `# edited\n${OLD_PICKLE}` });
    const result = prePush(push, refLine('refs/heads/feature', tip, 'refs/heads/feature'));
    expect(result.stdout).toContain(`inherited: already in ${mainTip.slice(0, 12)};`);
    expect(result.status).toBe(0);
  });

  it('a new branch that shares no history with the server: everything is new', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', '--orphan', 'other');
    const tip = push.repo.commit({ 'load.py': OLD_PICKLE });
    const result = prePush(push, refLine('refs/heads/other', tip, 'refs/heads/other'));
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(/inherited: already in/);
  });
});

describe('bypass once: a commit bypassed with a reason is not blocked again by its push', () => {
  it("the bypassed commit's blobs warn, naming the commit and reason; another new finding in the same push blocks", () => {
    const push = pushRepo();
    const base = push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    push.repo.stage({ 'deploy.py': HIGH_B602 });
    const bypass = preCommit(push.repo, { SECGATE_BYPASS: 'hotfix INC-42, reviewed by Ana' });
    expect(bypass.status).toBe(0);
    const bypassed = push.repo.commit({}, 'bypassed');
    const first = prePush(push, refLine('refs/heads/main', bypassed, 'refs/heads/main', base));
    expect(first.status).toBe(0);
    const deploy = sectionOf(first.stdout, 'deploy.py');
    expect(deploy.some((line) => /warn\s+HIGH B602\b/.test(line))).toBe(true);
    expect(
      deploy.some((line) => line.includes(`bypassed at commit ${bypassed.slice(0, 12)} (reason: hotfix INC-42, reviewed by Ana)`)),
    ).toBe(true);

    // Not bypassed: committed with --no-verify (no record), in the same push.
    const tip = push.repo.commit({ 'other.py': `${HIGH_B602}# other\n` }, 'unchecked');
    const second = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(second.status).toBe(1);
    expect(sectionOf(second.stdout, 'other.py').some((line) => /BLOCK\s+HIGH B602\b/.test(line))).toBe(true);
    expect(sectionOf(second.stdout, 'deploy.py').some((line) => /warn\s+HIGH B602\b/.test(line))).toBe(true);
  });

  it('a later change to a bypassed file is judged: only exactly the bypassed blobs are waived', () => {
    const push = pushRepo();
    const base = push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    push.repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(push.repo, { SECGATE_BYPASS: 'hotfix INC-42, reviewed by Ana' }).status).toBe(0);
    push.repo.commit({}, 'bypassed');
    const tip = push.repo.commit({ 'deploy.py': `${HIGH_B602}# changed later\n` }, 'changed');
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
  });
});
