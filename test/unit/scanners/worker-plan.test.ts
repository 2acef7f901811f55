import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpreterOf, workerPlan } from '../../../src/scanners/bandit/worker/client.js';
import { privateDirProblem } from '../../../src/process/private-dir.js';
import { workerOff } from '../../../src/scanners/bandit/worker/wanted.js';
import { tempDir } from '../../helpers/git-repo.js';

const PIP = `#!/opt/venv/bin/python3
# -*- coding: utf-8 -*-
import re
import sys
from bandit.cli.main import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
`;
const UV = `#!/home/u/.local/share/uv/tools/bandit/bin/python
# -*- coding: utf-8 -*-
import sys
from bandit.cli.main import main
if __name__ == "__main__":
    if sys.argv[0].endswith("-script.pyw"):
        sys.argv[0] = sys.argv[0][:-11]
    elif sys.argv[0].endswith(".exe"):
        sys.argv[0] = sys.argv[0][:-4]
    sys.exit(main())
`;
/** Says Bandit's version, but is not Bandit's entry point: it must run as it is, never be replaced by the worker. */
const WRAPPER = `#!/usr/bin/python3
import sys
from bandit.cli.main import main
sys.argv.append('--skip=B602')
sys.exit(main())
`;

function script(content: string): string {
  const path = join(tempDir(), 'bandit');
  writeFileSync(path, content);
  chmodSync(path, 0o755);
  return path;
}

const command = (executable: string, prefix: string[] = []) => ({ executable, prefix, display: executable });

describe('which Bandit gets a worker, with which interpreter', () => {
  it("Debian's, pip's and uv's entry points: the shebang's interpreter (and its flags)", () => {
    expect(interpreterOf(command('/usr/bin/bandit'), {})).toEqual({ interpreter: '/usr/bin/python3', flags: [] });
    expect(interpreterOf(command(script(PIP)), {})).toEqual({ interpreter: '/opt/venv/bin/python3', flags: [] });
    expect(interpreterOf(command(script(UV)), {})).toEqual({ interpreter: '/home/u/.local/share/uv/tools/bandit/bin/python', flags: [] });
    expect(interpreterOf(command(script(PIP.replace('#!/opt/venv/bin/python3', '#!/usr/bin/python3 -s'))), {})).toEqual({
      interpreter: '/usr/bin/python3',
      flags: ['-s'],
    });
  });

  it('`#!/usr/bin/env python3` is looked up on PATH, as env would', () => {
    const bin = tempDir();
    writeFileSync(join(bin, 'python3'), '');
    chmodSync(join(bin, 'python3'), 0o755);
    const found = interpreterOf(command(script(PIP.replace('#!/opt/venv/bin/python3', '#!/usr/bin/env python3'))), { PATH: bin });
    expect(found).toEqual({ interpreter: join(bin, 'python3'), flags: [] });
  });

  it('python3 -m bandit: that python', () => {
    expect(interpreterOf(command('/usr/bin/python3', ['-m', 'bandit']), {})).toEqual({ interpreter: '/usr/bin/python3', flags: [] });
  });

  it('a wrapper, a shell script, or a python that is not python: no worker (one-shot runs the program itself)', () => {
    expect(interpreterOf(command(script(WRAPPER)), {})).toBeUndefined();
    expect(interpreterOf(command(script('#!/bin/sh\nexec /usr/bin/bandit "$@"\n')), {})).toBeUndefined();
    expect(interpreterOf(command(script(PIP.replace('#!/opt/venv/bin/python3', '#!/bin/sh'))), {})).toBeUndefined();
    expect(interpreterOf(command('/usr/bin/env', ['-m', 'bandit']), {})).toBeUndefined();
    expect(interpreterOf(command(join(tempDir(), 'missing')), {})).toBeUndefined();
  });

  it('one socket per identity: what runs and its version change the name', async () => {
    const env = { SECGATE_WORKER_DIR: '/tmp/w' };
    const a = await workerPlan(command('/usr/bin/bandit'), '1.6.2', 'ran-a', env);
    const b = await workerPlan(command('/usr/bin/bandit'), '1.6.2', 'ran-b', env);
    const c = await workerPlan(command('/usr/bin/bandit'), '1.7.0', 'ran-a', env);
    expect(a?.socket).toMatch(/^\/tmp\/w\/bandit-[0-9a-f]{16}\.sock$/);
    expect(new Set([a?.socket, b?.socket, c?.socket]).size).toBe(3);
    expect((await workerPlan(command('/usr/bin/bandit'), '1.6.2', 'ran-a', env))?.socket).toBe(a?.socket);
    // The worker script is secgate's own, never the repository's.
    expect(a?.script).toMatch(/\/python\/secgate_worker\.py$/);
  });
});

describe('the socket folder', () => {
  it('is created 0700, and refused when it is not a private directory of this user', () => {
    const base = tempDir();
    const made = join(base, 'made');
    expect(privateDirProblem(made, true)).toBeUndefined();
    const open = join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    expect(privateDirProblem(open, true)).toBe('mode 0755, not 0700');
    const link = join(base, 'link');
    symlinkSync(made, link);
    expect(privateDirProblem(link, true)).toBe('a symbolic link');
    const file = join(base, 'file');
    writeFileSync(file, '');
    expect(privateDirProblem(file, true)).toBe('not a directory');
    expect(privateDirProblem(join(base, 'absent'), false)).toBe('ENOENT');
  });
});

describe('when the worker is off', () => {
  it('CI set (not 0/false), SECGATE_WORKER=0/false/off/no, code.worker false', () => {
    expect(workerOff({}, true)).toBeUndefined();
    expect(workerOff({ CI: 'true' }, true)).toBe('ci');
    expect(workerOff({ CI: '1' }, true)).toBe('ci');
    expect(workerOff({ CI: 'false' }, true)).toBeUndefined();
    expect(workerOff({ CI: '' }, true)).toBeUndefined();
    for (const value of ['0', 'false', 'OFF', 'no']) expect(workerOff({ SECGATE_WORKER: value }, true)).toBe('env');
    expect(workerOff({ SECGATE_WORKER: '1' }, true)).toBeUndefined();
    expect(workerOff({}, false)).toBe('config');
  });
});
