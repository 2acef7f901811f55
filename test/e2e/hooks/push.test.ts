import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installHuskyHook } from '../../../src/hooks/husky.js';
import { installPlainHook } from '../../../src/hooks/plain.js';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { gitRun, hookRepo, huskyV9, script } from '../../integration/hooks/support.js';
import { readRecords, recorderEntry } from './support.js';

/** A repository with one commit and a bare remote called origin. */
function pushable(): { repo: TestRepo; remote: TestRepo; sha: string } {
  const repo = hookRepo();
  const remote = gitRepo({}, { bare: true });
  repo.git('remote', 'add', 'origin', remote.root);
  const sha = repo.commit({ 'README.md': 'hello' });
  return { repo, remote, sha };
}

function remoteHead(remote: TestRepo): string {
  return gitRun(remote.root, ['rev-parse', '-q', '--verify', 'refs/heads/main'], { env: remote.env }).stdout.trim();
}

describe('the installed pre-push hook', () => {
  it('gives a previous hook and secgate the same arguments and the same stdin, and removes its temporary copy', async () => {
    const { repo, remote, sha } = pushable();
    const hooks = join(repo.root, '.git', 'hooks');
    const previousLog = join(repo.home, 'previous.txt');
    script(join(hooks, 'pre-push'), `#!/bin/sh\n{ echo "args: $*"; cat; } > '${previousLog}'\n`);
    const fake = recorderEntry();
    await installPlainHook(hooks, 'pre-push', { node: process.execPath, entry: fake.entry });
    const tmp = tempDir('secgate-tmpdir-');

    const pushed = gitRun(repo.root, ['push', '-q', 'origin', 'main'], { env: { ...repo.env, RECORD_FILE: fake.record, TMPDIR: tmp } });
    expect(pushed.status).toBe(0);
    const refLine = `refs/heads/main ${sha} refs/heads/main ${'0'.repeat(40)}\n`;
    expect(readFileSync(previousLog, 'utf8')).toBe(`args: origin ${remote.root}\n${refLine}`);
    expect(readRecords(fake.record)).toEqual([{ argv: ['run', 'pre-push', 'origin', remote.root], stdin: refLine, caBundle: '' }]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(remoteHead(remote)).toBe(sha);
  });

  it('starts secgate without NODE_EXTRA_CA_CERTS (a hook makes no network call), while the previous hook keeps it', async () => {
    const { repo } = pushable();
    const hooks = join(repo.root, '.git', 'hooks');
    const previousSaw = join(repo.home, 'previous-ca.txt');
    script(join(hooks, 'pre-push'), `#!/bin/sh\ncat >/dev/null\nprintf '%s' "$NODE_EXTRA_CA_CERTS" > '${previousSaw}'\n`);
    const fake = recorderEntry();
    await installPlainHook(hooks, 'pre-push', { node: process.execPath, entry: fake.entry });
    const bundle = join(repo.home, 'corporate-ca.pem');
    writeFileSync(bundle, '');

    const pushed = gitRun(repo.root, ['push', '-q', 'origin', 'main'], {
      env: { ...repo.env, RECORD_FILE: fake.record, NODE_EXTRA_CA_CERTS: bundle },
    });
    expect(pushed.status).toBe(0);
    expect(readFileSync(previousSaw, 'utf8')).toBe(bundle);
    // Empty is what Node treats as unset: it reads no bundle.
    expect(readRecords(fake.record).map((record) => record.caBundle)).toEqual(['']);
  });

  it('stops the push when the previous hook fails, and secgate does not run', async () => {
    const { repo, remote } = pushable();
    const hooks = join(repo.root, '.git', 'hooks');
    script(join(hooks, 'pre-push'), '#!/bin/sh\ncat >/dev/null\necho "previous refuses" >&2\nexit 1\n');
    const fake = recorderEntry();
    await installPlainHook(hooks, 'pre-push', { node: process.execPath, entry: fake.entry });
    const pushed = gitRun(repo.root, ['push', '-q', 'origin', 'main'], { env: { ...repo.env, RECORD_FILE: fake.record } });
    expect(pushed.status).not.toBe(0);
    expect(pushed.stderr).toContain('previous refuses');
    expect(remoteHead(remote)).toBe('');
    expect(() => readFileSync(fake.record)).toThrow();
  });

  it('stops the push when secgate fails', async () => {
    const { repo, remote } = pushable();
    const fake = recorderEntry();
    await installPlainHook(join(repo.root, '.git', 'hooks'), 'pre-push', { node: process.execPath, entry: fake.entry });
    const pushed = gitRun(repo.root, ['push', '-q', 'origin', 'main'], {
      env: { ...repo.env, RECORD_FILE: fake.record, FAKE_STATUS: '1' },
    });
    expect(pushed.status).not.toBe(0);
    expect(remoteHead(remote)).toBe('');
  });

  it('in a husky file: secgate reads the refs, and the lines after its block read them too', async () => {
    const { repo, sha } = pushable();
    const userLog = join(repo.home, 'user.txt');
    huskyV9(repo, { 'pre-push': `cat > '${userLog}'\n` });
    // A stand-in secgate in node_modules/.bin, the way a package manager links it.
    const fake = recorderEntry();
    const bin = join(repo.root, 'node_modules', '.bin');
    script(join(bin, 'secgate'), `#!/bin/sh\nexec '${process.execPath}' '${fake.entry}' "$@"\n`);
    writeFileSync(join(repo.root, '.git', 'info', 'exclude'), 'node_modules/\n');
    await installHuskyHook({ layout: 'v9', userDir: join(repo.root, '.husky') }, join(repo.root, '.husky', '_'), 'pre-push');
    const tmp = tempDir('secgate-tmpdir-');

    const pushed = gitRun(repo.root, ['push', '-q', 'origin', 'main'], { env: { ...repo.env, RECORD_FILE: fake.record, TMPDIR: tmp } });
    expect(pushed.status).toBe(0);
    const refLine = `refs/heads/main ${sha} refs/heads/main ${'0'.repeat(40)}\n`;
    expect(readRecords(fake.record)[0]?.stdin).toBe(refLine);
    expect(readFileSync(userLog, 'utf8')).toBe(refLine);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
