import { describe, expect, it } from 'vitest';
import { byName, parse } from './helpers.js';

describe('requirements.txt', () => {
  it('reads exact pins, ranges, wildcards and comments with their lines', async () => {
    const text = [
      '# Production dependencies',
      'Django==4.2.11  # LTS',
      'requests>=2.31,<3',
      'urllib3==1.*',
      'certifi===2024.2.2',
      '',
      'jinja2==3.1.3, !=3.1.2',
      'idna',
    ].join('\n');
    const parsed = await parse('requirements.txt', text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.version, r.line])).toEqual([
      ['Django', 'pinned', '4.2.11', 2],
      ['requests', 'unpinned', undefined, 3],
      ['urllib3', 'unpinned', undefined, 4],
      ['certifi', 'pinned', '2024.2.2', 5],
      ['jinja2', 'pinned', '3.1.3', 7],
      ['idna', 'unpinned', undefined, 8],
    ]);
    expect(byName(parsed, 'Django')).toMatchObject({ requirement: 'Django==4.2.11', path: 'requirements.txt', dev: false });
  });

  it('joins continuations, reports the first physical line, and drops hashes', async () => {
    const text = [
      '--require-hashes',
      'cryptography==42.0.5 \\',
      '    --hash=sha256:6fe07eec95dfd477eb9530aef5bead34fec819b3aaf6c5bd6d20565da607bfe1 \\',
      '    --hash=sha256:7367d7b2eca6513681127ebad53b2582911d1736dc2ffc19f2c3ae49997496bc',
      'pyyaml==6.0.1 --hash=sha256:d858aa552c999bc8a8d57426ed01e40bef403cd8ccdd0fc5f6f04a00414cac2a',
    ].join('\n');
    const parsed = await parse('requirements.txt', text);
    expect(byName(parsed, 'cryptography')).toMatchObject({
      kind: 'pinned',
      version: '42.0.5',
      line: 2,
      requirement: 'cryptography==42.0.5',
    });
    expect(byName(parsed, 'pyyaml')).toMatchObject({ kind: 'pinned', version: '6.0.1', line: 5 });
    expect(parsed.requirements).toHaveLength(2);
  });

  it('keeps extras and environment markers without evaluating them', async () => {
    const parsed = await parse(
      'requirements.txt',
      'requests[socks, security]==2.31.0\ntyping-extensions==4.10.0; python_version < "3.8"\nfoo ( ==1.0 )\n',
    );
    expect(byName(parsed, 'requests')).toMatchObject({ kind: 'pinned', version: '2.31.0' });
    expect(byName(parsed, 'typing-extensions')).toMatchObject({ kind: 'pinned', version: '4.10.0', line: 2 });
    expect(byName(parsed, 'foo')).toMatchObject({ kind: 'pinned', version: '1.0' });
  });

  it('skips global options and tells URLs, paths, VCS and editables apart', async () => {
    const text = [
      '-i https://pypi.org/simple',
      '--extra-index-url https://example.com/simple',
      '--find-links ./wheels',
      '--pre',
      '--no-binary :all:',
      'mypkg @ https://example.com/mypkg-1.0.tar.gz',
      'git+https://github.com/pallets/flask.git@2.0.0#egg=flask',
      './vendor/localpkg',
      'dist/thing-1.0-py3-none-any.whl',
      '-e git+https://github.com/psf/black.git#egg=black',
      '--editable ./tools/helper',
      '-e .',
    ].join('\n');
    const parsed = await parse('requirements.txt', text);
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.line])).toEqual([
      ['mypkg', 'url', 6],
      ['flask', 'url', 7],
      ['./vendor/localpkg', 'url', 8],
      ['dist/thing-1.0-py3-none-any.whl', 'url', 9],
      ['black', 'editable', 10],
      ['./tools/helper', 'editable', 11],
      ['.', 'editable', 12],
    ]);
    expect(parsed.requirements.every((r) => r.version === undefined)).toBe(true);
  });

  it('expands ${VAR} from the environment as pip does, and leaves unknown ones', async () => {
    const parsed = await parse(
      'requirements.txt',
      'django==${DJANGO_VERSION}\nflask==${UNSET_VAR}\nfoo==$LOWER\n',
      {},
      { DJANGO_VERSION: '4.2.11' },
    );
    expect(byName(parsed, 'django')).toMatchObject({ kind: 'pinned', version: '4.2.11' });
    expect(parsed.requirements[1]).toMatchObject({ kind: 'invalid', requirement: 'flask==${UNSET_VAR}' });
    expect(parsed.requirements[2]).toMatchObject({ kind: 'invalid' });
  });

  it('reports garbage lines as invalid with their text', async () => {
    const parsed = await parse('requirements.txt', 'requests==2.31.0\nthis is not a requirement\nfoo=1.0\nbar==latest\n');
    expect(parsed.requirements.filter((r) => r.kind === 'invalid').map((r) => [r.requirement, r.line])).toEqual([
      ['this is not a requirement', 2],
      ['foo=1.0', 3],
      ['bar==latest', 4],
    ]);
  });

  it('follows -r and -c includes relative to the including file, with their own path and lines', async () => {
    const files = {
      'requirements/base.txt': '# base\nrequests==2.31.0\n-c ../constraints.txt\n',
      'constraints.txt': 'urllib3==2.2.1\n',
    };
    const parsed = await parse('requirements/prod.txt', 'gunicorn==21.2.0\n-r base.txt\nflask\n', files);
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => [r.name, r.path, r.line])).toEqual([
      ['gunicorn', 'requirements/prod.txt', 1],
      ['requests', 'requirements/base.txt', 2],
      ['urllib3', 'constraints.txt', 1],
      ['flask', 'requirements/prod.txt', 3],
    ]);
    expect(byName(parsed, 'urllib3')).toMatchObject({ kind: 'pinned', version: '2.2.1' });
  });

  it('accepts the long, attached and quoted include spellings', async () => {
    const files = { 'a.txt': 'a==1\n', 'b.txt': 'b==1\n', 'c d.txt': 'c==1\n', 'e.txt': 'e==1\n' };
    const parsed = await parse('requirements.txt', '--requirement a.txt\n-rb.txt\n-r "c d.txt"\n--constraint=e.txt\n', files);
    expect(parsed.requirements.map((r) => r.name)).toEqual(['a', 'b', 'c', 'e']);
  });

  it('guards include cycles and reads a file included twice once', async () => {
    const files = {
      'requirements.txt': 'a==1.0\n-r requirements-dev.txt\n',
      'requirements-dev.txt': '-r requirements.txt\n-r common.txt\npytest==8.1.1\n',
      'common.txt': 'six==1.16.0\n',
    };
    const parsed = await parse('requirements.txt', files['requirements.txt'] + '-r common.txt\n', files);
    expect(parsed.errors).toEqual([]);
    expect(parsed.requirements.map((r) => r.name)).toEqual(['a', 'six', 'pytest']);
  });

  it('reports a missing include and one that escapes the repository at the including line', async () => {
    const parsed = await parse('requirements.txt', 'a==1\n-r missing.txt\n-r ../../etc/passwd\n-r /abs.txt\nb==2\n');
    expect(parsed.errors).toEqual([
      { path: 'requirements.txt', line: 2, message: expect.stringContaining('missing.txt') },
      { path: 'requirements.txt', line: 3, message: expect.stringContaining('outside the repository') },
      { path: 'requirements.txt', line: 4, message: expect.stringContaining('outside the repository') },
    ]);
    expect(parsed.requirements.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('follows ${VAR} in include paths and reports remote includes as URLs', async () => {
    const parsed = await parse(
      'requirements.txt',
      '-r ${REQ_DIR}/x.txt\n-r https://example.com/reqs.txt\n',
      { 'deps/x.txt': 'x==1\n' },
      { REQ_DIR: 'deps' },
    );
    expect(parsed.requirements.map((r) => [r.name, r.kind, r.path])).toEqual([
      ['x', 'pinned', 'deps/x.txt'],
      ['https://example.com/reqs.txt', 'url', 'requirements.txt'],
    ]);
  });

  it("marks requirements of dev files as dev, and an included file with its includer's status", async () => {
    const files = { 'requirements.txt': 'django==4.2.11\n' };
    const parsed = await parse('requirements-dev.txt', '-r requirements.txt\npytest==8.1.1\n', files);
    expect(byName(parsed, 'pytest').dev).toBe(true);
    // Reached only from a dev file here; the audit makes it production when a production manifest reaches it too.
    expect(byName(parsed, 'django').dev).toBe(true);
    for (const path of ['dev-requirements.txt', 'requirements/test.txt', 'requirements/lint.txt', 'docs/requirements.txt']) {
      expect((await parse(path, 'x==1\n')).requirements[0]?.dev, path).toBe(true);
    }
    expect((await parse('requirements/prod.txt', 'x==1\n')).requirements[0]?.dev).toBe(false);
  });

  it('gives what a production file includes (-r, -c) production status, whatever the included file is called', async () => {
    const files = {
      'tests/pins.txt': 'jinja2==2.10\n',
      'ci/constraints.txt': 'urllib3==1.24.1\n',
      'requirements-dev.txt': 'pytest==8.1.1\n',
    };
    const parsed = await parse('requirements.txt', '-r tests/pins.txt\n-c ci/constraints.txt\n-r requirements-dev.txt\n', files);
    expect(byName(parsed, 'jinja2')).toMatchObject({ path: 'tests/pins.txt', dev: false });
    expect(byName(parsed, 'urllib3')).toMatchObject({ path: 'ci/constraints.txt', dev: false });
    expect(byName(parsed, 'pytest')).toMatchObject({ path: 'requirements-dev.txt', dev: false });
    // And a dev file's includes are dev, at any depth.
    const dev = await parse('requirements-dev.txt', '-r tests/pins.txt\n', { 'tests/pins.txt': '-r ../base.txt\n', 'base.txt': 'a==1\n' });
    expect(byName(dev, 'a')).toMatchObject({ path: 'base.txt', dev: true });
  });

  it('judges dev status by the file name and the folder that holds it, not by any word in the path', async () => {
    for (const path of [
      'services/style/requirements.txt',
      'lint/app/requirements.txt',
      'checks/requirements.txt',
      'tests/integration/requirements.txt',
    ]) {
      expect((await parse(path, 'x==1\n')).requirements[0]?.dev, path).toBe(false);
    }
    for (const path of [
      'tests/requirements.txt',
      'ci/requirements.txt',
      'requirements/dev.txt',
      'requirements/dev/base.txt',
      'app/requirements-test.txt',
    ]) {
      expect((await parse(path, 'x==1\n')).requirements[0]?.dev, path).toBe(true);
    }
  });

  it('reports an option pip does not know, or one missing its value, as unreadable', async () => {
    const parsed = await parse('requirements.txt', 'django==2.2.0\n--frobnicate\n-r\n--no\n');
    expect(parsed.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(parsed.errors[0]?.message).toContain('--frobnicate');
    expect(byName(parsed, 'django').version).toBe('2.2.0');
  });

  it('treats a backslash line ending in a comment the way pip does', async () => {
    // pip: a comment line ends a continuation; a continued line's comment swallows what follows.
    const parsed = await parse('requirements.txt', 'a==1 \\\n# note \\\nb==2\n');
    expect(parsed.requirements.map((r) => [r.name, r.line])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });

  it('is linear on a large file', async () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `pkg${i}==1.0.${i} \\\n    --hash=sha256:${'a'.repeat(64)}`).join('\n');
    const started = Date.now();
    const parsed = await parse('requirements.txt', text);
    expect(parsed.requirements).toHaveLength(50_000);
    expect(parsed.requirements[49_999]).toMatchObject({ version: '1.0.49999', line: 99_999 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
