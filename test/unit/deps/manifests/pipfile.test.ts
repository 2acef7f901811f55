import { describe, expect, it } from 'vitest';
import { byName, parse } from './helpers.js';

const PIPFILE = `[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
requests = "*"
django = "==4.2.11"
flask = ">=3.0"
celery = {version = "==5.3.6", extras = ["redis"]}
mylib = {git = "https://github.com/example/mylib.git", ref = "v1.0"}
localpkg = {path = "./localpkg", editable = true}
wheel-file = {file = "https://example.com/pkg-1.0.tar.gz"}
"zope.interface" = "==6.2"
bare = "1.0"

[dev-packages]
pytest = "==8.1.1"
black = "*"

[requires]
python_version = "3.11"
`;

describe('Pipfile', () => {
  it('reads packages and dev-packages with their kinds and lines', async () => {
    const parsed = await parse('Pipfile', PIPFILE);
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.version, r.line, r.dev])).toEqual([
      ['requests', 'unpinned', undefined, 7, false],
      ['django', 'pinned', '4.2.11', 8, false],
      ['flask', 'unpinned', undefined, 9, false],
      ['celery', 'pinned', '5.3.6', 10, false],
      ['mylib', 'url', undefined, 11, false],
      ['localpkg', 'editable', undefined, 12, false],
      ['wheel-file', 'url', undefined, 13, false],
      ['zope.interface', 'pinned', '6.2', 14, false],
      ['bare', 'invalid', undefined, 15, false],
      ['pytest', 'pinned', '8.1.1', 18, true],
      ['black', 'unpinned', undefined, 19, true],
    ]);
    expect(byName(parsed, 'django').requirement).toBe('django = "==4.2.11"');
  });

  it('reports broken TOML', async () => {
    const parsed = await parse('Pipfile', '[packages]\nrequests = *\n');
    expect(parsed.errors).toEqual([{ path: 'Pipfile', line: 2, message: expect.stringContaining('not valid TOML') }]);
  });
});
