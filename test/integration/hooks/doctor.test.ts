import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/git-repo.js';
import { hookRepo, secgate, thinPath } from './support.js';

describe('secgate doctor', () => {
  it('shows tools, config, hooks, hooksPath, cache, database and the last five bypasses', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['install', '--hook', 'pre-commit']).status).toBe(0);
    repo.stage({ '.secgaterc.json': JSON.stringify({ deps: { database: 'osv/PyPI.zip' } }) });
    const cache = join(repo.root, '.git', 'secgate', 'cache', 'ab');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'one.json'), '12345');
    writeFileSync(join(cache, 'two.json'), '123');
    const log = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({
        time: `2026-01-0${i + 1}T00:00:00.000Z`,
        user: { name: 'Ana', email: 'ana@example.com' },
        hook: 'pre-commit',
        reason: `reason number ${i}`,
      }),
    );
    writeFileSync(join(repo.root, '.git', 'secgate', 'bypass.log'), `${log.join('\n')}\n`);

    const result = secgate(repo, ['doctor']);
    const out = result.stdout;
    expect(out).toMatch(/ok\s+git\s+git version/);
    expect(out).toContain(process.version);
    expect(out).toContain(join(repo.root, '.secgaterc.json'));
    expect(out).toContain(`pre-commit: secgate, ${join(repo.root, '.git', 'hooks', 'pre-commit')}`);
    expect(out).toMatch(/pre-push: not installed/);
    expect(out).toMatch(/hooksPath\s+not set/);
    expect(out).toContain('2 files, 8 B');
    expect(out).toContain(`${join(repo.root, 'osv', 'PyPI.zip')} does not exist`);
    expect(out).not.toContain('reason number 0');
    for (let i = 1; i < 6; i += 1) expect(out).toContain(`reason number ${i}`);
    // Bandit is installed where these tests run (the README's setup): all is well.
    expect(result.status).toBe(0);
  });

  it('names core.hooksPath and husky when they are in effect', () => {
    const repo = hookRepo();
    mkdirSync(join(repo.root, '.husky', '_'), { recursive: true });
    writeFileSync(join(repo.root, '.husky', '_', 'h'), '');
    repo.git('config', 'core.hooksPath', '.husky/_');
    expect(secgate(repo, ['doctor']).stdout).toMatch(/hooksPath\s+local: \.husky\/_ .*husky v9/);
  });

  it('exits 3 when Bandit cannot be found', () => {
    const repo = hookRepo();
    const result = secgate(repo, ['doctor'], { PATH: thinPath(['git']) });
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/FAIL\s+bandit/);
  });

  it('exits 3 when git cannot be found', () => {
    const repo = hookRepo();
    const empty = tempDir();
    const result = secgate(repo, ['doctor'], { PATH: empty });
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/FAIL\s+git/);
  });

  it('shows an invalid config and exits 2', () => {
    const repo = hookRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify({ failOn: 'sometimes' }) });
    const result = secgate(repo, ['doctor'], { PATH: `${thinPath(['git'])}:${process.env.PATH ?? ''}` });
    expect(result.stdout).toMatch(/FAIL\s+config/);
    expect(result.status).toBe(2);
  });
});
