import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FORMAT } from '../../../src/deps/osv/compact-index.js';
import { tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { depsRepo, requireDataAndBuild, secgate, setConfig } from './support.js';

beforeAll(requireDataAndBuild);

const RECORD = JSON.stringify({
  id: 'PYSEC-0000-1',
  modified: '2024-01-01T00:00:00Z',
  affected: [
    { package: { ecosystem: 'PyPI', name: 'jinja2' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0' }] }] },
  ],
});

/** A repository on a small database of its own, whose index the first (blocking) run builds; returns the records file. */
function indexedRepo(): { repo: TestRepo; records: string } {
  const repo = depsRepo({}, { warm: false });
  const zip = join(tempDir(), 'small.zip');
  writeFileSync(zip, zipSync({ 'PYSEC-0000-1.json': strToU8(RECORD) }));
  setConfig(repo, {}, zip);
  repo.stage({ 'requirements.txt': 'jinja2==2.11\n' });
  expect(secgate(repo, ['run', 'pre-commit']).status).toBe(1);
  const root = join(repo.home, '.cache', 'secgate', 'osv', 'index');
  const [dir] = readdirSync(root);
  return { repo, records: join(root, dir ?? '', 'records.jsonl') };
}

describe('a damaged index of the advisory database (records.jsonl) is a tool error (exit 3) saying what to do', () => {
  it.each([
    ['overwritten with bytes that are not JSON', (path: string) => writeFileSync(path, 'x'.repeat(readFileSync(path).length))],
    ['emptied', (path: string) => writeFileSync(path, '')],
    ['removed', (path: string) => rmSync(path)],
    ['a record replaced by other JSON', (path: string) => writeFileSync(path, JSON.stringify('x'.repeat(readFileSync(path).length - 2)))],
  ])('records.jsonl %s', (_name, damage) => {
    const { repo, records } = indexedRepo();
    damage(records);
    const result = secgate(repo, ['run', 'pre-commit']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('index of the vulnerability database');
    expect(result.stderr).toContain('damaged');
    expect(result.stderr).toContain('secgate db update');
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  it('a damaged index.json is rebuilt from the database: the verdict is as before', () => {
    const { repo, records } = indexedRepo();
    // Of the current format, but without its tables.
    writeFileSync(join(records, '..', 'index.json'), JSON.stringify({ format: INDEX_FORMAT }));
    expect(secgate(repo, ['run', 'pre-commit']).status).toBe(1);
  });
});
