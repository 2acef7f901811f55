import { describe, expect, it } from 'vitest';
import { byName, parse } from './helpers.js';

const UV = `version = 1
revision = 2
requires-python = ">=3.12"

[[package]]
name = "anyio"
version = "4.4.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "idna" },
    { name = "sniffio" },
]
sdist = { url = "https://files.pythonhosted.org/packages/e6/e3/anyio-4.4.0.tar.gz", hash = "sha256:5aadc6a1bbb7cdb0bede386cac5e2940f5e2ff3aa20277e991cf028e0585ce94", size = 163930 }
wheels = [
    { url = "https://files.pythonhosted.org/packages/7b/a2/anyio-4.4.0-py3-none-any.whl", hash = "sha256:c1b2d8f46a8a812513012e1107cb0e68c17159a7a594208005a57dc776e1bdc7", size = 86780 },
]

[[package]]
name = "example"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "anyio" },
    { name = "mylib" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
    { name = "sniffio" },
]

[package.metadata]
requires-dist = [{ name = "anyio", specifier = ">=4" }]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "iniconfig"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "mylib"
version = "1.0.0"
source = { git = "https://github.com/example/mylib?tag=v1.0#8e4a7c7d1f0f6a8f7c1b2d3e4f5a6b7c8d9e0f1a" }

[[package]]
name = "pytest"
version = "8.2.2"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "iniconfig" },
]

[[package]]
name = "sniffio"
version = "1.3.1"
source = { registry = "https://pypi.org/simple" }
`;

describe('uv.lock', () => {
  it('pins registry packages, skips the project itself and reports git sources as URLs', async () => {
    const parsed = await parse('uv.lock', UV);
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.version, r.line])).toEqual([
      ['anyio', 'pinned', '4.4.0', 6],
      ['idna', 'pinned', '3.7', 37],
      ['iniconfig', 'pinned', '2.0.0', 42],
      ['mylib', 'url', undefined, 47],
      ['pytest', 'pinned', '8.2.2', 52],
      ['sniffio', 'pinned', '1.3.1', 60],
    ]);
  });

  it('marks what only dev-dependencies reach as dev, and what main dependencies also reach as not', async () => {
    const parsed = await parse('uv.lock', UV);
    expect(byName(parsed, 'pytest').dev).toBe(true);
    expect(byName(parsed, 'iniconfig').dev).toBe(true);
    // sniffio is a dev dependency, but anyio needs it at run time too.
    expect(byName(parsed, 'sniffio').dev).toBe(false);
    expect(byName(parsed, 'idna').dev).toBe(false);
  });

  it('reports broken TOML', async () => {
    const parsed = await parse('uv.lock', 'version = 1\n[[package]\nname = "x"\n');
    expect(parsed.errors).toEqual([{ path: 'uv.lock', line: 2, message: expect.stringContaining('not valid TOML') }]);
  });

  it('stays fast on a lock with thousands of packages', async () => {
    const packages = Array.from(
      { length: 20_000 },
      (_, i) =>
        `[[package]]\nname = "pkg${i}"\nversion = "1.0.${i}"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [\n    { name = "pkg${i + 1}" },\n]\n`,
    );
    const started = Date.now();
    const parsed = await parse('uv.lock', `version = 1\n\n${packages.join('\n')}`);
    expect(parsed.requirements).toHaveLength(20_000);
    expect(parsed.requirements[19_999]).toMatchObject({ name: 'pkg19999', line: 4 + 19_999 * 8 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('uv.lock development status by (name, version)', () => {
  it('grades dev a version reached only through a dev edge, though another version of the name is production', async () => {
    const lock = `version = 1

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "urllib3", version = "2.2.2", source = { registry = "https://pypi.org/simple" } }]

[package.dev-dependencies]
dev = [{ name = "urllib3", version = "1.24.1", source = { registry = "https://pypi.org/simple" } }, { name = "tool" }]

[[package]]
name = "tool"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "urllib3", version = "1.24.1" }]

[[package]]
name = "urllib3"
version = "1.24.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "urllib3"
version = "2.2.2"
source = { registry = "https://pypi.org/simple" }
`;
    const parsed = await parse('uv.lock', lock);
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => [r.name, r.version, r.dev])).toEqual([
      ['tool', '1.0', true],
      ['urllib3', '1.24.1', true],
      ['urllib3', '2.2.2', false],
    ]);
    // A reference without a version reaches every version of the name.
    const loose = await parse(
      'uv.lock',
      lock.replace(
        'dependencies = [{ name = "urllib3", version = "2.2.2", source = { registry = "https://pypi.org/simple" } }]',
        'dependencies = [{ name = "urllib3" }]',
      ),
    );
    expect(loose.requirements.filter((r) => r.name === 'urllib3').map((r) => r.dev)).toEqual([false, false]);
  });
});
