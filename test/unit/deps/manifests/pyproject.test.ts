import { describe, expect, it } from 'vitest';
import { byName, parse } from './helpers.js';

const PEP621 = `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "example"
version = "0.1.0"
description = """
[not a table]
"""
dependencies = [
    "httpx>=0.27",
    "pydantic==2.6.4",
    "rich[jupyter]==13.7.1 ; python_version >= '3.8'",
    "mylib @ git+https://github.com/example/mylib.git@v1.0",
]

[project.optional-dependencies]
dev = ["pytest==8.1.1", "ruff"]
docs = [
    "mkdocs==1.5.3",
]
postgres = ["psycopg==3.1.18"]

[dependency-groups]
test = ["coverage==7.4.4", {include-group = "typing"}]
typing = ["mypy==1.9.0"]
`;

describe('pyproject.toml', () => {
  it('reads PEP 621 dependencies with their lines', async () => {
    const parsed = await parse('pyproject.toml', PEP621);
    expect(parsed.errors).toEqual([]);
    expect(byName(parsed, 'httpx')).toMatchObject({ kind: 'unpinned', line: 12, dev: false });
    expect(byName(parsed, 'pydantic')).toMatchObject({ kind: 'pinned', version: '2.6.4', line: 13, requirement: 'pydantic==2.6.4' });
    expect(byName(parsed, 'rich')).toMatchObject({ kind: 'pinned', version: '13.7.1', line: 14 });
    expect(byName(parsed, 'mylib')).toMatchObject({ kind: 'url', line: 15 });
  });

  it('marks dev-named extras and every dependency group dev, other extras not', async () => {
    const parsed = await parse('pyproject.toml', PEP621);
    expect(byName(parsed, 'pytest')).toMatchObject({ dev: true, line: 19, version: '8.1.1' });
    expect(byName(parsed, 'ruff')).toMatchObject({ dev: true, line: 19, kind: 'unpinned' });
    expect(byName(parsed, 'mkdocs')).toMatchObject({ dev: true, line: 21 });
    expect(byName(parsed, 'psycopg')).toMatchObject({ dev: false, line: 23 });
    expect(byName(parsed, 'coverage')).toMatchObject({ dev: true, line: 26 });
    expect(byName(parsed, 'mypy')).toMatchObject({ dev: true, line: 27 });
    expect(parsed.requirements).toHaveLength(10);
  });

  it('reports include-group references to missing groups and cycles', async () => {
    const text = `[dependency-groups]\na = ["x==1", {include-group = "b"}]\nb = [{include-group = "A"}]\nc = [{include-group = "nope"}]\n`;
    const parsed = await parse('pyproject.toml', text);
    expect(parsed.errors.map((e) => [e.line, e.message])).toEqual([
      [3, expect.stringContaining('cycle')],
      [4, expect.stringContaining('nope')],
    ]);
    expect(byName(parsed, 'x')).toMatchObject({ dev: true, kind: 'pinned' });
  });

  it('reads Poetry dependencies, dev-dependencies and groups', async () => {
    const text = `[tool.poetry]
name = "app"
version = "1.0.0"

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
django = "4.2.11"
flask = "==3.0.2"
celery = { version = "5.3.6", extras = ["redis"] }
numpy = [
    { version = "1.24.4", python = "<3.9" },
    { version = "^1.26", python = ">=3.9" },
]
mylib = { git = "https://github.com/example/mylib.git", tag = "v1.0" }
local = { path = "../local", develop = true }
star = "*"
wild = "1.2.*"
"quoted.name" = ">=1,<2"

[tool.poetry.dev-dependencies]
black = "24.3.0"

[tool.poetry.group.test.dependencies]
pytest = "^8.0"

[tool.poetry.group.main.dependencies]
attrs = "23.2.0"
`;
    const parsed = await parse('pyproject.toml', text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.some((r) => r.name === 'python')).toBe(false);
    expect(byName(parsed, 'requests')).toMatchObject({ kind: 'unpinned', line: 7, dev: false, requirement: 'requests = "^2.31"' });
    expect(byName(parsed, 'django')).toMatchObject({ kind: 'pinned', version: '4.2.11', line: 8 });
    expect(byName(parsed, 'flask')).toMatchObject({ kind: 'pinned', version: '3.0.2', line: 9 });
    expect(byName(parsed, 'celery')).toMatchObject({ kind: 'pinned', version: '5.3.6', line: 10 });
    expect(parsed.requirements.filter((r) => r.name === 'numpy').map((r) => [r.kind, r.version, r.line])).toEqual([
      ['pinned', '1.24.4', 11],
      ['unpinned', undefined, 11],
    ]);
    expect(byName(parsed, 'mylib')).toMatchObject({ kind: 'url', line: 15 });
    expect(byName(parsed, 'local')).toMatchObject({ kind: 'editable', line: 16 });
    expect(byName(parsed, 'star').kind).toBe('unpinned');
    expect(byName(parsed, 'wild').kind).toBe('unpinned');
    expect(byName(parsed, 'quoted.name')).toMatchObject({ kind: 'unpinned', line: 19 });
    expect(byName(parsed, 'black')).toMatchObject({ dev: true, kind: 'pinned', line: 22 });
    expect(byName(parsed, 'pytest')).toMatchObject({ dev: true, line: 25 });
    expect(byName(parsed, 'attrs')).toMatchObject({ dev: false, line: 28 });
  });

  it('reads PDM and uv dev-dependencies as dev', async () => {
    const text = `[project]
name = "x"
dependencies = []

[tool.pdm.dev-dependencies]
lint = ["flake8==7.0.0"]
local = ["-e file:///\${PROJECT_ROOT}/packages/sub#egg=sub"]

[tool.uv]
dev-dependencies = [
  "pytest-cov==5.0.0",
]
`;
    const parsed = await parse('pyproject.toml', text);
    expect(byName(parsed, 'flake8')).toMatchObject({ dev: true, kind: 'pinned', line: 6 });
    expect(byName(parsed, 'sub')).toMatchObject({ dev: true, kind: 'editable', line: 7 });
    expect(byName(parsed, 'pytest-cov')).toMatchObject({ dev: true, kind: 'pinned', line: 11 });
  });

  it('finds inline optional-dependencies tables and falls back to the key line', async () => {
    const text = `[project]\nname = "x"\noptional-dependencies = { test = ["pytest==8.0.0"] }\ndependencies = ["weird\\u0041==1.0"]\n`;
    const parsed = await parse('pyproject.toml', text);
    expect(byName(parsed, 'pytest')).toMatchObject({ line: 3, dev: true });
    expect(byName(parsed, 'weirdA')).toMatchObject({ line: 4 });
  });

  it('reports broken TOML as one error at its line', async () => {
    const parsed = await parse('pyproject.toml', '[project]\nname = "x"\ndependencies = [\n  "a==1"\n  "b==2",\n]\n');
    expect(parsed.requirements).toEqual([]);
    expect(parsed.errors).toEqual([
      { path: 'pyproject.toml', line: 5, message: expect.stringMatching(/^pyproject\.toml is not valid TOML/) },
    ]);
  });

  it('reports a dependencies value of the wrong shape', async () => {
    const parsed = await parse('pyproject.toml', '[project]\nname = "x"\ndependencies = "requests"\n');
    expect(parsed.errors).toEqual([{ path: 'pyproject.toml', line: 3, message: expect.stringContaining('project.dependencies') }]);
  });
});
