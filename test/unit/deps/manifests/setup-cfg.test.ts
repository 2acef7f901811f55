import { describe, expect, it } from 'vitest';
import { byName, parse } from './helpers.js';

const SETUP_CFG = `[metadata]
name = example
version = 1.0

[options]
packages = find:
python_requires = >=3.8
install_requires =
    requests>=2.31
    # pinned for a reason
    Django==4.2.11
    pyyaml==6.0.1; python_version >= "3.8"

    click
tests_require = pytest==8.1.1

[options.extras_require]
dev =
    black==24.3.0
postgres = psycopg2==2.9.9; psycopg2-binary
test = file: requirements/test.txt
`;

describe('setup.cfg', () => {
  it('reads install_requires with dangling indentation, comments and blank lines', async () => {
    const parsed = await parse('setup.cfg', SETUP_CFG, { 'requirements/test.txt': 'coverage==7.4.4\n' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.version, r.line, r.dev])).toEqual([
      ['requests', 'unpinned', undefined, 9, false],
      ['Django', 'pinned', '4.2.11', 11, false],
      ['pyyaml', 'pinned', '6.0.1', 12, false],
      ['click', 'unpinned', undefined, 14, false],
      ['pytest', 'pinned', '8.1.1', 15, true],
      ['black', 'pinned', '24.3.0', 19, true],
      ['psycopg2', 'pinned', '2.9.9', 20, false],
      ['psycopg2-binary', 'unpinned', undefined, 20, false],
      ['coverage', 'pinned', '7.4.4', 1, true],
    ]);
    expect(byName(parsed, 'coverage').path).toBe('requirements/test.txt');
  });

  it('reports a file: reference that is not in the tree', async () => {
    const parsed = await parse('pkg/setup.cfg', '[options]\ninstall_requires = file: requirements.txt\n');
    expect(parsed.errors).toEqual([{ path: 'pkg/setup.cfg', line: 2, message: expect.stringContaining('requirements.txt') }]);
  });

  it('reads a file: reference relative to setup.cfg', async () => {
    const parsed = await parse('pkg/setup.cfg', '[options]\ninstall_requires = file: requirements.txt\n', {
      'pkg/requirements.txt': 'six==1.16.0\n',
    });
    expect(parsed.requirements).toEqual([expect.objectContaining({ name: 'six', path: 'pkg/requirements.txt', dev: false })]);
  });
});
