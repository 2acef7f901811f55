import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/git-repo.js';
import { depsRepo, requireDataAndBuild, scanJson, secgate, setConfig, SHARED_ZIP } from './support.js';

beforeAll(requireDataAndBuild);

/** The newest `modified` of the shared data, read independently of secgate: what "data up to" must say. */
function newestModified(): string {
  let newest = '';
  for (const bytes of Object.values(unzipSync(readFileSync(SHARED_ZIP)))) {
    const modified = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { modified?: string }).modified ?? '';
    if (modified > newest) newest = modified;
  }
  return newest.slice(0, 10);
}

const RECORD = JSON.stringify({
  id: 'PYSEC-0000-1',
  modified: '2024-01-01T00:00:00Z',
  affected: [
    { package: { ecosystem: 'PyPI', name: 'jinja2' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0' }] }] },
  ],
});

describe('the advisory database a hook reads', () => {
  it('no database: exit 3, naming the path and `secgate db update`', () => {
    const repo = depsRepo({}, { warm: false });
    const missing = join(repo.home, 'nowhere', 'PyPI.zip');
    setConfig(repo, {}, missing);
    repo.stage({ 'requirements.txt': 'jinja2==3.1.4\n' });
    const result = secgate(repo, ['run', 'pre-commit']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`No vulnerability database at ${missing}`);
    expect(result.stderr).toContain('secgate db update');
  });

  it('no deps.database and nothing downloaded: exit 3 for the default place in the user cache', () => {
    const repo = depsRepo({}, { warm: false });
    repo.stage({ '.secgaterc.json': '{}\n' });
    repo.stage({ 'requirements.txt': 'jinja2==3.1.4\n' });
    const result = secgate(repo, ['run', 'pre-commit']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(join(repo.home, '.cache', 'secgate', 'osv', 'PyPI.zip'));
  });

  it('a damaged database (an entry that is not JSON): exit 3, naming the entry; never a pass', () => {
    const repo = depsRepo({}, { warm: false });
    const zip = join(tempDir(), 'damaged.zip');
    writeFileSync(
      zip,
      zipSync({ 'PYSEC-0000-1.json': strToU8(RECORD), 'PYSEC-0000-2.json': strToU8('{"id": "PYSEC-0000-2", "affected": [') }),
    );
    setConfig(repo, {}, zip);
    repo.stage({ 'requirements.txt': 'jinja2==3.1.4\n' });
    const result = secgate(repo, ['run', 'pre-commit']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`The vulnerability database at ${zip} cannot be used`);
    expect(result.stderr).toContain('PYSEC-0000-2.json is not valid JSON');
  });

  it('a truncated zip, one cut exactly between two entries, and a zip of no OSV documents: exit 3', () => {
    const repo = depsRepo({}, { warm: false });
    const dir = tempDir();
    const whole = readFileSync(SHARED_ZIP);
    const truncated = join(dir, 'truncated.zip');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    // Cut before the 1000th local file header: every entry before it is whole, so only the
    // missing central directory shows that advisories are missing.
    const headers: number[] = [];
    for (let at = whole.indexOf('PK\u0003\u0004'); at >= 0; at = whole.indexOf('PK\u0003\u0004', at + 4)) headers.push(at);
    const boundary = join(dir, 'boundary.zip');
    writeFileSync(boundary, whole.subarray(0, headers[1000]));
    const empty = join(dir, 'empty.zip');
    writeFileSync(empty, zipSync({ 'README.md': strToU8('no advisories here') }));
    repo.stage({ 'requirements.txt': 'jinja2==3.1.4\n' });
    for (const zip of [truncated, boundary, empty]) {
      setConfig(repo, {}, zip);
      const result = secgate(repo, ['run', 'pre-commit']);
      expect(result.status, zip).toBe(3);
      expect(result.stderr).toContain(`The vulnerability database at ${zip} cannot be used`);
    }
    setConfig(repo, {}, boundary);
    expect(secgate(repo, ['run', 'pre-commit']).stderr).toContain('no central directory');
  });

  it('a good small database of our own is read as well (the damage above is what failed)', () => {
    const repo = depsRepo({}, { warm: false });
    const zip = join(tempDir(), 'small.zip');
    writeFileSync(zip, zipSync({ 'PYSEC-0000-1.json': strToU8(RECORD) }));
    setConfig(repo, {}, zip);
    repo.stage({ 'requirements.txt': 'jinja2==2.11\n' });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings).toMatchObject([{ id: 'PYSEC-0000-1', package: 'jinja2', fixed: ['3.0'] }]);
  });

  it('a stale database adds a notice; the verdict is the same as with a fresh one', () => {
    const repo = depsRepo({ deps: { maxAgeDays: 100_000 } });
    const updated = newestModified();
    repo.stage({ 'requirements.txt': 'jinja2==2.10\n', 'requirements-docs.txt': 'jinja2==3.1.4\n' });
    const fresh = scanJson(repo);
    expect(fresh.report.notices).toEqual([]);

    setConfig(repo, { deps: { maxAgeDays: 1 } });
    const stale = scanJson(repo);
    expect(stale.report.notices).toHaveLength(1);
    expect(stale.report.notices[0]).toContain(`advisories up to ${updated}`);
    expect(stale.report.notices[0]).toContain('deps.maxAgeDays is 1');
    expect(stale.report.notices[0]).toContain('secgate db update');
    expect(stale.status).toBe(fresh.status);
    expect(stale.status).toBe(1);
    expect(stale.report.findings).toEqual(fresh.report.findings);

    // The text report shows it too, and a passing commit still passes.
    repo.stage({ 'requirements.txt': 'jinja2==3.1.4\n' });
    const passing = secgate(repo, ['run', 'pre-commit']);
    expect(passing.status).toBe(0);
    expect(passing.stdout).toContain(`advisories up to ${updated}`);
  });
});
