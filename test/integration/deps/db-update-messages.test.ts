import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, tempDir } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';
import { requireDataAndBuild, SHARED_ZIP } from './support.js';

beforeAll(requireDataAndBuild);

describe('db update --from: messages about what the user gave', () => {
  it('a file that is no OSV zip is named as given, never as the private copy secgate checked', () => {
    const home = tempDir();
    const env = cleanEnv(home);
    writeFileSync(join(home, 'bad.zip'), 'not a zip at all\n');
    const result = runCli(['db', 'update', '--from', 'bad.zip'], { cwd: home, env });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('bad.zip is not a usable OSV advisory database');
    expect(result.stderr).toContain('was not changed');
    // The temporary copy is `.PyPI.<pid>.<random>.zip` beside the database.
    expect(result.stderr).not.toMatch(/\.PyPI\.\d+\./);
  });

  it('old data just installed: the update says it worked and that the data itself is old', () => {
    const home = tempDir();
    const env = cleanEnv(home);
    const result = runCli(['db', 'update', '--from', SHARED_ZIP], { cwd: home, env });
    expect(result.status).toBe(0);
    // The snapshot's newest advisory is from 2024-10-10: older than deps.maxAgeDays (30) on any day after 2024-11-09.
    expect(result.stderr).toContain('the update worked, but the data itself is old: it has advisories up to 2024-10-10');
    expect(result.stderr).toContain('The file given is an old snapshot');

    // And db status, right after, blames the data's date, not the update.
    const status = runCli(['db', 'status'], { cwd: home, env });
    expect(status.status).toBe(0);
    expect(status.stderr).toMatch(/The data in the vulnerability database at .* is old: it has advisories up to 2024-10-10, \d+ days ago/);
    expect(status.stderr).not.toMatch(/\): run `secgate db update`\.$/m);
  });
});
