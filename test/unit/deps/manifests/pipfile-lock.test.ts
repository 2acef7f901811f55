import { describe, expect, it } from 'vitest';
import { byName, parse } from './helpers.js';

const LOCK = JSON.stringify(
  {
    _meta: {
      hash: { sha256: '8d14434df45e0ef884d6c3f6e8048ba72335637a8631cc44792f52fd20b6f97a' },
      'pipfile-spec': 6,
      requires: { python_version: '3.11' },
      sources: [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }],
    },
    default: {
      certifi: {
        hashes: ['sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f'],
        index: 'pypi',
        markers: "python_version >= '3.6'",
        version: '==2024.2.2',
      },
      jinja2: { hashes: [], index: 'pypi', version: '==2.10' },
      mylib: { git: 'https://github.com/example/mylib.git', ref: '8e4a7c7d1f0f6a8f7c1b2d3e4f5a6b7c8d9e0f1a' },
      localpkg: { editable: true, path: '.' },
    },
    develop: {
      pytest: { hashes: [], index: 'pypi', version: '==8.1.1' },
      certifi: { hashes: [], version: '==2024.2.2' },
    },
  },
  null,
  4,
);

describe('Pipfile.lock', () => {
  it('reads default and develop entries with their lines', async () => {
    const parsed = await parse('Pipfile.lock', LOCK);
    expect(parsed.errors).toEqual([]);
    const lines = LOCK.split('\n');
    const lineOf = (text: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(text)) + 1;
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.version, r.dev])).toEqual([
      ['certifi', 'pinned', '2024.2.2', false],
      ['jinja2', 'pinned', '2.10', false],
      ['mylib', 'url', undefined, false],
      ['localpkg', 'editable', undefined, false],
      ['pytest', 'pinned', '8.1.1', true],
      ['certifi', 'pinned', '2024.2.2', true],
    ]);
    expect(byName(parsed, 'jinja2')).toMatchObject({ line: lineOf('"jinja2": {'), requirement: 'jinja2==2.10' });
    const develop = lineOf('"develop"');
    expect(parsed.requirements[5]?.line).toBe(lineOf('"certifi": {', develop));
    expect(parsed.requirements[0]?.line).toBe(lineOf('"certifi": {'));
    expect(parsed.requirements[0]?.line).not.toBe(parsed.requirements[5]?.line);
  });

  it('reports broken JSON at its line', async () => {
    const parsed = await parse('Pipfile.lock', '{\n  "default": {\n    "a": {"version": "==1"},\n  }\n}\n');
    expect(parsed.requirements).toEqual([]);
    expect(parsed.errors).toEqual([{ path: 'Pipfile.lock', line: 4, message: expect.stringContaining('not valid JSON') }]);
  });
});
