import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cacheFileName } from '../../../src/boot/code-cache.js';
import { cleanEnv, tempDir } from '../../helpers/git-repo.js';

const PACKAGE = fileURLToPath(new URL('../../../', import.meta.url));

/** A copy of the built package (bin/, dist/, package.json), so its bundle can be edited. */
function installCopy(): { root: string; bundle: string; runtime: string } {
  const root = tempDir();
  const install = join(root, 'secgate');
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(PACKAGE, part), join(install, part), { recursive: true });
  return { root: install, bundle: join(install, 'dist', 'cli.cjs'), runtime: join(root, 'runtime') };
}

function secgate(install: string, runtime: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [join(install, 'bin', 'secgate.js'), ...args], {
    cwd: install,
    env: cleanEnv(tempDir(), { SECGATE_WORKER_DIR: runtime, ...extra }),
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

/** The cache files in the runtime folder. */
function caches(runtime: string): string[] {
  return existsSync(runtime) ? readdirSync(runtime).filter((name) => name.endsWith('.v8cache')) : [];
}

/** The name the loader gives the cache of the bundle as it is now. */
function nameFor(bundle: string): string {
  return cacheFileName(statSync(bundle, { bigint: true }), process.versions.node, process.arch);
}

/** Rewrites the bundle in place with the same length: V8 alone could not tell the builds apart. */
function setVersion(bundle: string, from: string, to: string): void {
  const text = readFileSync(bundle, 'utf8');
  expect(text).toContain(`VERSION = "${from}"`);
  writeFileSync(bundle, text.replace(`VERSION = "${from}"`, `VERSION = "${to}"`));
}

describe("the V8 code cache of the hooks' bundle", () => {
  it("is written once, in this user's private folder, and used thereafter", () => {
    const { root, bundle, runtime } = installCopy();
    expect(secgate(root, runtime, ['--version']).stdout).toBe('0.1.0');
    expect(caches(runtime)).toEqual([nameFor(bundle)]);
    const path = join(runtime, nameFor(bundle));
    expect(lstatSync(runtime).mode & 0o777).toBe(0o700);
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    const { ino } = statSync(path);
    // Used, so not written again: the same file.
    expect(secgate(root, runtime, ['--version']).stdout).toBe('0.1.0');
    expect(statSync(path).ino).toBe(ino);
  });

  it('keeps the exit code of the run that writes it, and serves the lazily imported modules', () => {
    const { root, runtime } = installCopy();
    const dir = tempDir();
    spawnSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, 'app.py'), 'import subprocess\ndef f(cmd):\n    subprocess.Popen(cmd, shell=True)\n');
    for (let run = 0; run < 2; run++) {
      // A blocked scan (exit 1), with a JSON report: a module the bundle imports on demand.
      const result = spawnSync(process.execPath, [join(root, 'bin', 'secgate.js'), 'scan', '--format', 'json', 'app.py'], {
        cwd: dir,
        env: cleanEnv(tempDir(), { SECGATE_WORKER_DIR: runtime }),
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(1);
      expect(JSON.parse(result.stdout).findings.map((f: { id: string }) => f.id)).toContain('B602');
      expect(caches(runtime)).toHaveLength(1);
    }
  });

  it('never runs the cache of another build: a bundle edited in place, to the same length, runs its new code', () => {
    const { root, bundle, runtime } = installCopy();
    expect(secgate(root, runtime, ['--version']).stdout).toBe('0.1.0');
    const oldCache = join(runtime, nameFor(bundle));
    setVersion(bundle, '0.1.0', '0.1.9');
    expect(secgate(root, runtime, ['--version']).stdout).toBe('0.1.9');
    expect(caches(runtime).sort()).toEqual([nameFor(bundle), oldCache.slice(runtime.length + 1)].sort());

    // Why the name carries the file's identity: under the new build's name, V8 accepts the old cache and runs the old code.
    const saved = join(tempDir(), 'old.v8cache');
    setVersion(bundle, '0.1.9', '0.1.0');
    secgate(root, runtime, ['--version']);
    copyFileSync(join(runtime, nameFor(bundle)), saved);
    setVersion(bundle, '0.1.0', '0.1.9');
    copyFileSync(saved, join(runtime, nameFor(bundle)));
    chmodSync(join(runtime, nameFor(bundle)), 0o600);
    expect(oldCache).not.toBe(join(runtime, nameFor(bundle)));
    expect(secgate(root, runtime, ['--version']).stdout).toBe('0.1.0');
  });

  it('keeps the caches of the four newest builds: two installs used in turn do not remove each other’s', () => {
    const { root, bundle, runtime } = installCopy();
    const names: string[] = [];
    for (const version of ['0.1.1', '0.1.2', '0.1.3', '0.1.4', '0.1.5']) {
      setVersion(bundle, names.length === 0 ? '0.1.0' : `0.1.${names.length}`, version);
      expect(secgate(root, runtime, ['--version']).stdout).toBe(version);
      names.push(nameFor(bundle));
    }
    expect(caches(runtime).sort()).toEqual(names.slice(1).sort());
  });

  it('runs no cache that someone else could have written: others may write it, another user owns it, or it is a link', () => {
    const { root, bundle, runtime } = installCopy();
    // An attacker's cache: another build (it says 6.6.6), compiled for this bundle's exact length.
    setVersion(bundle, '0.1.0', '6.6.6');
    expect(secgate(root, runtime, ['--version']).stdout).toBe('6.6.6');
    const planted = join(tempDir(), 'planted.v8cache');
    copyFileSync(join(runtime, nameFor(bundle)), planted);
    setVersion(bundle, '6.6.6', '0.1.0');
    const target = join(runtime, nameFor(bundle));

    const plant = (how: 'own' | 'writable' | 'foreign' | 'link') => {
      if (how === 'link') {
        symlinkSync(planted, target);
        return;
      }
      copyFileSync(planted, target);
      chmodSync(target, how === 'writable' ? 0o666 : 0o600);
      if (how === 'foreign') chownSync(target, 4242, 4242);
    };
    const cases: ('writable' | 'foreign' | 'link')[] = process.getuid?.() === 0 ? ['writable', 'foreign', 'link'] : ['writable', 'link'];
    for (const how of cases) {
      plant(how);
      expect(secgate(root, runtime, ['--version']).stdout, how).toBe('0.1.0');
      // Replaced by this run's own cache (a link itself, never what it points to).
      const now = lstatSync(target);
      expect(now.isFile() && (now.mode & 0o777) === 0o600 && now.uid === process.getuid?.(), how).toBe(true);
      expect(readFileSync(planted).equals(readFileSync(target)), how).toBe(false);
      rmSync(target);
    }
    // The control: the same file, owned by this user and private, is run. So the checks above are what kept it out.
    plant('own');
    expect(secgate(root, runtime, ['--version']).stdout).toBe('6.6.6');
  });

  it('is rewritten when V8 refuses it (damaged), and the run is unharmed', () => {
    const { root, bundle, runtime } = installCopy();
    secgate(root, runtime, ['--version']);
    const path = join(runtime, nameFor(bundle));
    const size = statSync(path).size;
    writeFileSync(path, Buffer.alloc(size, 0x5a), { mode: 0o600 });
    expect(secgate(root, runtime, ['--version']).stdout).toBe('0.1.0');
    expect(readFileSync(path).equals(Buffer.alloc(size, 0x5a))).toBe(false);
  });

  it('is neither read nor written in a folder others can enter, nor when SECGATE_CODE_CACHE=0 (or false, off, no)', () => {
    const { root, runtime } = installCopy();
    const open = join(tempDir(), 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    const result = secgate(root, open, ['--version']);
    expect(result.stdout).toBe('0.1.0');
    expect(caches(open)).toEqual([]);
    for (const off of ['0', 'false', 'OFF', 'no']) {
      expect(secgate(root, runtime, ['--version'], { SECGATE_CODE_CACHE: off }).stdout).toBe('0.1.0');
      expect(caches(runtime), off).toEqual([]);
    }
  });
});

describe('cacheFileName', () => {
  const file = { dev: 1n, ino: 2n, size: 3n, mtimeNs: 4n, ctimeNs: 5n };
  it('changes with every part of the bundle file’s identity and with Node', () => {
    const base = cacheFileName(file, '20.20.2', 'x64');
    const changed = [
      cacheFileName({ ...file, dev: 9n }, '20.20.2', 'x64'),
      cacheFileName({ ...file, ino: 9n }, '20.20.2', 'x64'),
      cacheFileName({ ...file, size: 9n }, '20.20.2', 'x64'),
      cacheFileName({ ...file, mtimeNs: 9n }, '20.20.2', 'x64'),
      cacheFileName({ ...file, ctimeNs: 9n }, '20.20.2', 'x64'),
      cacheFileName(file, '22.1.0', 'x64'),
      cacheFileName(file, '20.20.2', 'arm64'),
    ];
    expect(new Set([base, ...changed]).size).toBe(8);
    expect(base).toMatch(/^cli-[\w.-]+\.v8cache$/);
  });
});
