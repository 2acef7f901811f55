import { beforeAll, describe, expect, it } from 'vitest';
import { sourceEntries } from '../../../src/deps/osv/source.js';
import type { OsvRecord } from '../../../src/deps/osv/types.js';
import { about, depsRepo, requireDataAndBuild, scanJson, secgate, SHARED_ZIP } from './support.js';

beforeAll(requireDataAndBuild);

// Facts of the shared snapshot (../shared/osv/PyPI.zip), checked in its JSON: django 2.2.0 is
// affected by 28 advisories whose fixes span 2.2.x, 3.0.x and 3.1.x; 2.2.28 is the lowest
// version none of them affects. jinja2 2.10: PYSEC-2019-217 (fixed 2.10.1) and PYSEC-2021-66
// (fixed 2.11.3), so 2.11.3. PYSEC-2007-1 (django) has no summary and details of 322 characters.

/** The shared zip's record for one id, read with the project's own reader. */
async function record(id: string): Promise<OsvRecord> {
  for await (const entry of sourceEntries(SHARED_ZIP, false)) {
    if (entry.name.endsWith(`${id}.json`)) return JSON.parse(entry.text) as OsvRecord;
  }
  throw new Error(`${id} is not in ${SHARED_ZIP}`);
}

describe('dependency remedies and texts against the real advisory data', () => {
  it('names one upgrade per package, the lowest version that fixes every advisory, instead of a line per advisory', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'django==2.2.0\njinja2==2.10\n' });
    const result = secgate(repo, ['scan', '--staged']);
    expect(result.status).toBe(1);
    const todo = result.stdout.split('What to do:\n')[1] ?? '';
    expect(todo).toContain('  - django 2.2.0 at requirements.txt:1: upgrade django 2.2.0 → 2.2.28 (fixes 28 advisories)');
    expect(todo).toContain('  - jinja2 2.10 at requirements.txt:2: upgrade jinja2 2.10 → 2.11.3 (fixes 2 advisories)');
    // One remedy line per package, not one per advisory.
    expect(todo.split('\n').filter((line) => line.includes('django'))).toHaveLength(1);

    const { report } = scanJson(repo);
    const django = about(report, 'django');
    expect(django).toHaveLength(28);
    expect(new Set(django.map((finding) => (finding as { upgrade?: string }).upgrade))).toEqual(new Set(['2.2.28']));
    expect(new Set(about(report, 'jinja2').map((finding) => (finding as { upgrade?: string }).upgrade))).toEqual(new Set(['2.11.3']));
  });

  it('keeps advisory texts whole in JSON and SARIF, and shortens them only in the terminal', async () => {
    const details = (await record('PYSEC-2007-1')).details ?? '';
    expect(details.length).toBeGreaterThan(200);
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'django==0.95\n' });

    const { report } = scanJson(repo);
    const finding = report.findings.find((f) => f.id === 'PYSEC-2007-1' || f.aliases?.includes('PYSEC-2007-1'));
    expect(finding?.message).toBe(details.trim());
    expect(report.findings.some((f) => f.message.endsWith('…'))).toBe(false);

    const sarif = JSON.parse(secgate(repo, ['scan', '--staged', '--format', 'sarif']).stdout) as {
      runs: { results: { message: { text: string } }[] }[];
    };
    expect(sarif.runs[0]?.results.some((r) => r.message.text.includes(details.trim()))).toBe(true);

    const text = secgate(repo, ['scan', '--staged']).stdout;
    expect(text).not.toContain(details.trim());
    expect(text).toContain(`${details.slice(0, 60)}`);
    expect(secgate(repo, ['scan', '--staged', '--verbose']).stdout).toContain(details.trim().replace(/\s+/g, ' '));
  });

  it('says which setting blocks an advisory without a severity', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'jinja2==2.10\n' });
    const { report } = scanJson(repo);
    for (const finding of about(report, 'jinja2')) {
      expect(finding.severity).toBe('UNKNOWN');
      expect(finding.note).toBe('no severity is known for this advisory, and deps.unknownSeverity ("high") counts that as blocking');
    }
    expect(secgate(repo, ['scan', '--staged']).stdout).toContain('deps.unknownSeverity ("high") counts that as blocking');
  });
});
