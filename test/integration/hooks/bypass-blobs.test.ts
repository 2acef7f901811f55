import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bypassedBlobs } from '../../../src/bypass/history.js';
import { runCli } from '../../helpers/run-cli.js';
import { hookRepo } from './support.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('bypass records and the blobs they spare at push time', () => {
  it('a bypassed commit records its staged blob ids beside the paths (the old fields unchanged)', () => {
    const repo = hookRepo();
    repo.stage({ 'app.py': 'print(1)\n', 'requirements.txt': 'six==1.16.0\n' });
    const result = runCli(['run', 'pre-commit'], { cwd: repo.root, env: { ...repo.env, SECGATE_BYPASS: 'hotfix INC-7, reviewed by Ana' } });
    expect(result.status).toBe(0);
    const [line] = readFileSync(join(repo.root, '.git', 'secgate', 'bypass.log'), 'utf8')
      .trim()
      .split('\n');
    const entry = JSON.parse(line ?? '{}') as Record<string, unknown>;
    const blob = (path: string) => repo.git('rev-parse', `:${path}`).trim();
    expect(entry).toMatchObject({ hook: 'pre-commit', paths: ['app.py', 'requirements.txt'], reason: 'hotfix INC-7, reviewed by Ana' });
    expect(entry.blobs).toEqual([blob('app.py'), blob('requirements.txt')]);
  });

  it('reads the blobs of commit records only: old records without blobs, push records and damaged lines are passed over', async () => {
    const repo = hookRepo();
    const dir = join(repo.root, '.git', 'secgate');
    mkdirSync(dir, { recursive: true });
    const user = { name: 'Ana', email: 'a@example.com' };
    const lines = [
      { time: 't', user, hook: 'pre-commit', paths: ['old.py'], reason: 'an old record, before blobs were kept' },
      { time: 't', user, hook: 'pre-push', remote: 'origin', refs: [], blobs: [A], reason: 'a push record' },
      { time: 't', user, hook: 'pre-commit', paths: ['b.py'], blobs: [B, 'not-an-id'], reason: 'hotfix one' },
      { time: 't', user, hook: 'pre-merge-commit', paths: ['c.py'], blobs: [C], reason: 'merge of the release' },
    ].map((entry) => JSON.stringify(entry));
    writeFileSync(join(dir, 'bypass.log'), `${lines.slice(0, 2).join('\n')}\n{"damaged\n${lines.slice(2).join('\n')}\n`);
    expect(await bypassedBlobs(join(repo.root, '.git'))).toEqual(
      new Map([
        [B, 'hotfix one'],
        [C, 'merge of the release'],
      ]),
    );
  });

  it('no log: no blobs', async () => {
    const repo = hookRepo();
    expect((await bypassedBlobs(join(repo.root, '.git'))).size).toBe(0);
  });
});
