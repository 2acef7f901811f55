import { describe, expect, it } from 'vitest';
import { hasPythonExtension, hasPythonShebang, isManifest, mayBeInclude, mayBePythonScript } from '../../../src/files/classify.js';

describe('hasPythonExtension', () => {
  it.each(['a.py', 'pkg/mod.py', 'gui.pyw', 'UPPER.PY', 'café/ñandú.py', 'with space.py', '-x.py'])('%s is Python', (path) => {
    expect(hasPythonExtension(path)).toBe(true);
  });

  it.each(['a.pyc', 'a.pyi', 'a.py.txt', 'python', 'a.pyx', 'README.md', 'py', 'dir.py/file.txt'])('%s is not', (path) => {
    expect(hasPythonExtension(path)).toBe(false);
  });
});

describe('mayBePythonScript', () => {
  it.each(['tool', 'bin/tool', 'Makefile', '.envrc', 'scripts/run-me'])('%s has no extension: its first line decides', (path) => {
    expect(mayBePythonScript(path)).toBe(true);
  });

  it.each(['a.sh', 'bin/tool.rb', 'a.py', 'dir.d/file.txt'])('%s has an extension', (path) => {
    expect(mayBePythonScript(path)).toBe(false);
  });

  it('looks at the file name only, not at dots in folder names', () => {
    expect(mayBePythonScript('dir.d/tool')).toBe(true);
  });
});

describe('hasPythonShebang', () => {
  const first = (line: string) => Buffer.from(`${line}\nprint("hi")\n`, 'utf8');

  it.each([
    '#!/usr/bin/env python3',
    '#!/usr/bin/env python',
    '#!/usr/bin/python2.7',
    '#!/usr/bin/python3.11',
    '#!/usr/bin/env -S python3 -u',
    '#!/usr/local/bin/python3 -O',
    '#! /usr/bin/env python3',
  ])('%s is a Python shebang', (line) => {
    expect(hasPythonShebang(first(line))).toBe(true);
  });

  it.each([
    '#!/usr/bin/pypy',
    '#!/usr/bin/env pypy3',
    '#!/opt/pypy/bin/pypy3.10',
    '#!/usr/bin/python3.12',
    '#!/usr/bin/env python3.13t',
    '#!/usr/bin/env pythonw',
    '#!/usr/bin/python3-dbg',
    '#!/usr/bin/env -S uv run --script',
    '#!/usr/bin/env -S uv --quiet run --script',
    '#!/usr/bin/env -S pipx run',
    '#!/usr/bin/env -S pdm run',
    '#!/usr/bin/env -S python3.12 -u',
    '#!/usr/bin/env -S PYTHONPATH=lib python3',
  ])('%s is a Python shebang too (PyPy, versioned and free-threaded builds, PEP 723 runners)', (line) => {
    expect(hasPythonShebang(first(line))).toBe(true);
  });

  it.each(['#!/usr/bin/env -S cargo run', '#!/usr/bin/env uv', '#!/usr/bin/env -S deno run', '#!/usr/bin/env pypyish'])(
    '%s is no Python runner',
    (line) => {
      expect(hasPythonShebang(first(line))).toBe(false);
    },
  );

  it('accepts a shebang with CRLF and one with no newline at all', () => {
    expect(hasPythonShebang(Buffer.from('#!/usr/bin/env python3\r\nprint(1)\r\n'))).toBe(true);
    expect(hasPythonShebang(Buffer.from('#!/usr/bin/env python3'))).toBe(true);
  });

  it.each(['#!/bin/sh', '#!/bin/bash', '#!/usr/bin/env node', '#!/usr/bin/env pythonista', '#!/usr/bin/env mypython', '# python3 comment'])(
    '%s is not',
    (line) => {
      expect(hasPythonShebang(first(line))).toBe(false);
    },
  );

  it('only reads the first line', () => {
    expect(hasPythonShebang(Buffer.from('#!/bin/sh\n#!/usr/bin/env python3\n'))).toBe(false);
  });

  it('is false for empty and binary content', () => {
    expect(hasPythonShebang(Buffer.alloc(0))).toBe(false);
    expect(hasPythonShebang(Buffer.from([0x00, 0x01, 0x02, 0x23, 0x21]))).toBe(false);
    expect(hasPythonShebang(Buffer.from('#'))).toBe(false);
  });
});

describe('isManifest (the list of DESIGN.md)', () => {
  it.each([
    'requirements.txt',
    'requirements-dev.txt',
    'requirements_test.txt',
    'requirements/base.txt',
    'requirements/prod.txt',
    'backend/requirements.txt',
    'backend/requirements/dev.txt',
    'constraints.txt',
    'constraints-py311.txt',
    'pyproject.toml',
    'sub/pyproject.toml',
    'poetry.lock',
    'Pipfile',
    'Pipfile.lock',
    'uv.lock',
    'pdm.lock',
    'pylock.toml',
    'pylock.dev.toml',
    'setup.cfg',
  ])('%s is a manifest', (path) => {
    expect(isManifest(path)).toBe(true);
  });

  it.each([
    'setup.py',
    'requirements.in',
    'package.json',
    'Cargo.lock',
    'notes/requirements.md',
    'my-pyproject.toml',
    'Pipfile.bak',
    'a.py',
    'tox.ini',
    'pylock.toml.bak',
  ])('%s is not', (path) => {
    expect(isManifest(path)).toBe(false);
  });
});

describe('mayBeInclude: files pip may read through -r/-c, which re-audit the manifests that include them', () => {
  it.each(['base.txt', 'requirements.in', 'deps/common.TXT'])('%s may be', (path) => {
    expect(mayBeInclude(path)).toBe(true);
  });
  it.each(['README.md', 'a.py', 'txt', 'notes.txt.bak'])('%s is not', (path) => {
    expect(mayBeInclude(path)).toBe(false);
  });
});
