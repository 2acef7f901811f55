import { describe, expect, it } from 'vitest';
import { requiresDependencyGroup } from '../../../../src/deps/manifests/pylock.js';
import { byName, parse } from './helpers.js';

const PYLOCK = `lock-version = "1.0"
environments = ["sys_platform == 'linux'"]
requires-python = ">=3.12"
extras = []
dependency-groups = ["dev"]
default-groups = ["dev"]
created-by = "uv"

[[packages]]
name = "attrs"
version = "25.1.0"
index = "https://pypi.org/simple"
sdist = { url = "https://files.pythonhosted.org/packages/attrs-25.1.0.tar.gz", upload-time = 2025-01-25T11:30:12Z, size = 810562, hashes = { sha256 = "1c97078a80c814273a76b2a298a932eb681c87415c11dee0a6921de7f1b02c3e" } }
wheels = [{ url = "https://files.pythonhosted.org/packages/attrs-25.1.0-py3-none-any.whl", upload-time = 2025-01-25T11:30:10Z, size = 63152, hashes = { sha256 = "c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a" } }]

[[packages]]
name = "pytest"
version = "8.3.4"
marker = "'dev' in dependency_groups"
index = "https://pypi.org/simple"

[[packages]]
name = "colorama"
version = "0.4.6"
marker = "sys_platform == 'win32' and 'dev' in dependency_groups or 'test' in dependency_groups"

[[packages]]
name = "tomli"
version = "2.2.1"
marker = "python_full_version < '3.11' or 'dev' in dependency_groups"

[[packages]]
name = "mylib"
vcs = { type = "git", url = "https://github.com/example/mylib", commit-id = "8e4a7c7d1f0f6a8f7c1b2d3e4f5a6b7c8d9e0f1a" }

[[packages]]
name = "broken"
`;

describe('pylock.toml', () => {
  it('pins versioned packages, reports VCS packages as URLs and a versionless index package as unreadable', async () => {
    const parsed = await parse('pylock.toml', PYLOCK);
    expect(parsed.errors).toEqual([{ path: 'pylock.toml', line: 37, message: expect.stringContaining('broken has no version') }]);
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.version, r.line])).toEqual([
      ['attrs', 'pinned', '25.1.0', 10],
      ['pytest', 'pinned', '8.3.4', 17],
      ['colorama', 'pinned', '0.4.6', 23],
      ['tomli', 'pinned', '2.2.1', 28],
      ['mylib', 'url', undefined, 33],
    ]);
  });

  it('marks dev only what a dependency group alone brings in', async () => {
    const parsed = await parse('pylock.dev.toml', PYLOCK);
    expect(byName(parsed, 'attrs').dev).toBe(false);
    expect(byName(parsed, 'pytest').dev).toBe(true);
    expect(byName(parsed, 'colorama').dev).toBe(true);
    expect(byName(parsed, 'tomli').dev).toBe(false);
  });

  it('reads markers with parentheses and quotes conservatively', () => {
    expect(requiresDependencyGroup("('dev' in dependency_groups or os_name == 'nt') and 'docs' in dependency_groups")).toBe(true);
    expect(requiresDependencyGroup("('dev' in dependency_groups or os_name == 'nt')")).toBe(false);
    expect(requiresDependencyGroup("'dev' not in dependency_groups")).toBe(false);
    expect(requiresDependencyGroup("platform_release == ' or ' and 'dev' in dependency_groups")).toBe(true);
  });
});
