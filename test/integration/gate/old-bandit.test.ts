import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { BANDIT, HIGH_B602, output, preCommit, requireBanditAndBuild, secgate } from './support.js';

beforeAll(requireBanditAndBuild);

/** Python 3's input(): Bandit before 1.7 reports it as HIGH B322. */
const ASKS_NAME = 'name = input("name? ")\nprint("hello", name)\n';
const banditVersion = () => execFileSync(BANDIT, ['--version'], { encoding: 'utf8' });

describe("an old Bandit (before 1.7, such as Debian 12's 1.6.2)", () => {
  it('is the Bandit these tests run (else this file proves nothing)', () => {
    expect(banditVersion()).toMatch(/^bandit 1\.6\./);
    // And that Bandit does report input() as HIGH B322.
    const dir = tempDir();
    const report = JSON.parse(
      execFileSync(
        'sh',
        ['-c', `printf '%s' '${ASKS_NAME.replace(/'/g, "'\\''")}' > ${dir}/a.py; ${BANDIT} -q -f json ${dir}/a.py || true`],
        {
          encoding: 'utf8',
        },
      ),
    ) as { results: { test_id: string; issue_severity: string }[] };
    expect(report.results.map((result) => `${result.test_id} ${result.issue_severity}`)).toContain('B322 HIGH');
  });

  it('B322 on Python 3 input() does not block: secgate drops the check Bandit itself removed in 1.7.0', () => {
    const repo = gitRepo();
    repo.stage({ 'ask.py': ASKS_NAME });
    const result = secgate(repo, ['scan', '--staged', '--format', 'json']);
    expect(result.status, output(result)).toBe(0);
    const report = JSON.parse(result.stdout) as { findings: { id: string }[] };
    expect(report.findings.map((finding) => finding.id)).not.toContain('B322');
  });

  it('other HIGH findings of the same old Bandit still block', () => {
    const repo = gitRepo();
    repo.stage({ 'ask.py': ASKS_NAME, 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('B602');
    expect(result.stdout).not.toContain('B322');
  });

  it('the first run with it says what is wrong with it and how to get a current one; warm runs do not repeat it', () => {
    const repo = gitRepo();
    repo.stage({ 'ask.py': ASKS_NAME });
    const first = preCommit(repo);
    expect(first.status).toBe(0);
    expect(output(first)).toContain('Bandit 1.6.2');
    expect(output(first)).toContain('drops B322 findings');
    expect(output(first)).toContain("`# nosec` only as a comment on the finding's line");
    expect(output(first)).toContain('pipx install bandit');
    expect(output(first)).toContain('SECGATE_BANDIT');
    // On stderr, not in the report: a report from the cache is the same report.
    expect(first.stderr).toContain('secgate: note: Bandit 1.6.2');
    expect(first.stdout).not.toContain('predates 1.7');
    const warm = preCommit(repo);
    expect(warm.status).toBe(0);
    expect(output(warm)).not.toContain('predates 1.7');
  });

  it('doctor says it too', () => {
    const repo = gitRepo();
    const result = secgate(repo, ['doctor']);
    expect(result.stdout).toMatch(/warn\s+Bandit 1\.6\.2 .* predates 1\.7/);
    expect(result.stdout).toContain('pipx install bandit');
  });

  it('a Bandit 1.7 or later keeps B322 if it reports one, and gets no notice', () => {
    const repo = gitRepo();
    const tools = tempDir('secgate-tools-');
    // A newer Bandit never reports B322; this one does, to show secgate drops it only for old versions.
    const newer = fakeTool(
      tools,
      'bandit',
      [
        'if [ "$1" = "--version" ]; then echo "bandit 1.8.6"; exit 0; fi',
        'out=""; prev=""; for a in "$@"; do if [ "$prev" = "--output" ]; then out="$a"; fi; prev="$a"; done',
        'file=""; for a in "$@"; do file="$a"; done',
        'printf \'{"errors":[],"results":[{"filename":"%s","test_id":"B322","test_name":"blacklist","issue_severity":"HIGH","issue_confidence":"HIGH","issue_text":"input","line_number":1}],"generated_at":"2026-01-01T00:00:00Z","metrics":{"_totals":{},"%s":{}}}\' "$file" "$file" > "$out"',
        'exit 1',
      ].join('\n'),
    );
    repo.stage({ 'ask.py': ASKS_NAME });
    const result = preCommit(repo, { SECGATE_BANDIT: newer });
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain('B322');
    expect(output(result)).not.toContain('predates 1.7');
  });
});
