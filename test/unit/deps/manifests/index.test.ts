import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../../src/deps/manifests/index.js';
import { isDevName, isDevPath } from '../../../../src/deps/manifests/dev-names.js';
import { parse, tree } from './helpers.js';

function utf32(text: string, littleEndian: boolean): Buffer {
  const out = Buffer.alloc([...text].length * 4);
  [...text].forEach((c, i) =>
    littleEndian ? out.writeUInt32LE(c.codePointAt(0) ?? 0, i * 4) : out.writeUInt32BE(c.codePointAt(0) ?? 0, i * 4),
  );
  return out;
}

describe('parseManifest', () => {
  it('dispatches by file name, in any directory', async () => {
    expect((await parse('a/b/requirements-prod.txt', 'x==1\n')).requirements[0]).toMatchObject({
      kind: 'pinned',
      path: 'a/b/requirements-prod.txt',
    });
    expect((await parse('constraints.txt', 'x==1\n')).requirements[0]?.kind).toBe('pinned');
    expect((await parse('svc/Pipfile', '[packages]\nx = "==1"\n')).requirements[0]?.version).toBe('1');
    expect((await parse('svc/pyproject.toml', '[project]\ndependencies = ["x==2"]\n')).requirements[0]?.version).toBe('2');
  });

  it('reports binary and non-UTF-8 content instead of throwing', async () => {
    const binary = await parseManifest('requirements.txt', Buffer.from([0x72, 0x00, 0x3d, 0x00]), tree());
    expect(binary.errors).toEqual([{ path: 'requirements.txt', line: 1, message: expect.stringContaining('binary') }]);
    const latin1 = await parseManifest('Pipfile', Buffer.from('[packages]\ncaf\xe9 = "*"\n', 'latin1'), tree());
    expect(latin1.errors).toEqual([{ path: 'Pipfile', line: 1, message: expect.stringContaining('UTF-8') }]);
  });

  it('decodes UTF-16 and UTF-32 marked by a byte-order mark, as pip does', async () => {
    const text = 'django==2.2.0\r\n# a comment\r\njinja2==2.10\r\n';
    const encodings: [string, Buffer][] = [
      ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
      ['UTF-32 LE', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(text, true)])],
      ['UTF-32 BE', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(text, false)])],
    ];
    for (const [name, bytes] of encodings) {
      const parsed = await parseManifest('requirements.txt', bytes, tree());
      expect(parsed.errors, name).toEqual([]);
      expect(
        parsed.requirements.map((r) => [r.name, r.version, r.line]),
        name,
      ).toEqual([
        ['django', '2.2.0', 1],
        ['jinja2', '2.10', 3],
      ]);
    }
    // A mark followed by what is not that encoding is refused, not guessed.
    const odd = await parseManifest('requirements.txt', Buffer.from([0xff, 0xfe, 0x72]), tree());
    expect(odd.errors[0]?.message).toContain('UTF-16');
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const parsed = await parseManifest('requirements.txt', Buffer.from('\ufeffrequests==2.31.0\n', 'utf8'), tree());
    expect(parsed.requirements[0]).toMatchObject({ name: 'requests', version: '2.31.0', line: 1 });
  });

  it('reports an unreadable include instead of throwing', async () => {
    const parsed = await parseManifest('requirements.txt', Buffer.from('-r base.txt\n'), async () => {
      throw new Error('git cat-file failed');
    });
    expect(parsed.errors).toEqual([{ path: 'requirements.txt', line: 1, message: expect.stringContaining('git cat-file failed') }]);
  });

  it('refuses a file that is no manifest', async () => {
    const parsed = await parse('README.md', '# hi\n');
    expect(parsed.requirements).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
  });
});

describe('dev names', () => {
  it.each([
    'dev',
    'test',
    'tests',
    'testing',
    'lint',
    'docs',
    'doc',
    'ci',
    'typing',
    'mypy',
    'style',
    'check',
    'tests-integration',
    'Docs_Build',
  ])('%s is dev', (name) => expect(isDevName(name)).toBe(true));

  it.each(['main', 'postgres', 'all', 'devices', 'checkpoint', 'testimony', 'server'])('%s is not dev', (name) =>
    expect(isDevName(name)).toBe(false),
  );

  it('looks at directory components and the file name of a requirements path', () => {
    expect(isDevPath('requirements-dev.txt')).toBe(true);
    expect(isDevPath('dev-requirements.txt')).toBe(true);
    expect(isDevPath('requirements/test.txt')).toBe(true);
    expect(isDevPath('ci/requirements.txt')).toBe(true);
    expect(isDevPath('services/style/requirements.txt')).toBe(false);
    expect(isDevPath('lint/requirements.txt')).toBe(false);
    expect(isDevPath('tests/requirements.txt')).toBe(true);
    expect(isDevPath('requirements/dev/base.txt')).toBe(true);
    expect(isDevPath('app/dev/sub/requirements.txt')).toBe(false);
    expect(isDevPath('requirements/base.txt')).toBe(false);
    expect(isDevPath('requirements.txt')).toBe(false);
    expect(isDevPath('requirements.dev.txt')).toBe(true);
  });
});
