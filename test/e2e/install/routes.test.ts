import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/git-repo.js';

/**
 * The install routes the README documents, each into a prefix of its own with
 * a private npm cache, as a user would type them (secgate is not on the npm
 * registry yet). Slow: npm fetches the dependencies from the registry once,
 * into the shared private cache, and every route after that reuses it.
 */
const CHECKOUT = fileURLToPath(new URL('../../..', import.meta.url));
const SLOW = 10 * 60_000;

let base: string;
let clone: string;
let env: NodeJS.ProcessEnv;

function run(command: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: SLOW });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}` };
}

function npm(args: string[], cwd: string) {
  const result = run('npm', args, cwd);
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${String(result.status)}:\n${result.output}`);
  return result;
}

/** `<bin> --version`, then a real scan of a repository holding a HIGH finding. */
function expectWorkingSecgate(bin: string) {
  const version = run(bin, ['--version'], base);
  expect(version.status, version.output).toBe(0);
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

  const repo = mkdtempSync(join(base, 'repo-'));
  execFileSync('git', ['init', '-q'], { cwd: repo, env });
  writeFileSync(
    join(repo, 'deploy.py'),
    'import subprocess\n\n\ndef deploy(target):\n    subprocess.call("rsync . " + target, shell=True)\n',
  );
  execFileSync('git', ['add', 'deploy.py'], { cwd: repo, env });
  const scan = run(bin, ['scan', '--all'], repo);
  expect(scan.status, scan.output).toBe(1);
  expect(scan.stdout).toContain('B602');
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'secgate-install-')));
  const home = join(base, 'home');
  mkdirSync(home);
  writeFileSync(join(home, '.gitconfig'), '[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');
  // Nothing of the caller's npm run (npx, npm test) may leak in: npm reads npm_config_* from the environment.
  const inherited = Object.fromEntries(Object.entries(cleanEnv(home)).filter(([key]) => !/^npm_/i.test(key)));
  env = {
    ...inherited,
    // The user's npmrc may name the registry this machine reaches; the cache is private all the same.
    NPM_CONFIG_USERCONFIG: join(process.env.HOME ?? home, '.npmrc'),
    npm_config_cache: join(base, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };

  // "A clone": the files git would check out, as they are now in this checkout (uncommitted edits included).
  clone = join(base, 'secgate');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: CHECKOUT, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path && existsSync(join(CHECKOUT, path)) && !path.startsWith('node_modules'));
  for (const path of files) {
    mkdirSync(dirname(join(clone, path)), { recursive: true });
    cpSync(join(CHECKOUT, path), join(clone, path));
  }
  execFileSync('git', ['init', '-q'], { cwd: clone, env });
  execFileSync('git', ['add', '-A'], { cwd: clone, env });
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'secgate'], { cwd: clone, env });
  // The README's first step after cloning; `prepare` builds dist/.
  npm(['ci'], clone);
}, SLOW);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('installing secgate by the routes the README gives', () => {
  it(
    'from a clone: npm ci, then npm install -g .',
    () => {
      const prefix = join(base, 'from-clone');
      npm(['install', '-g', '--prefix', prefix, '.'], clone);
      expectWorkingSecgate(join(prefix, 'bin', 'secgate'));
    },
    SLOW,
  );

  it(
    'from a tarball: npm pack, then npm install -g <tgz>',
    () => {
      const packed = join(base, 'packed');
      mkdirSync(packed);
      npm(['pack', '--pack-destination', packed], clone);
      const [tarball] = readdirSync(packed);
      expect(tarball).toMatch(/^secgate-\d+\.\d+\.\d+\.tgz$/);
      const prefix = join(base, 'from-tarball');
      npm(['install', '-g', '--prefix', prefix, join(packed, tarball ?? '')], base);
      expectWorkingSecgate(join(prefix, 'bin', 'secgate'));
    },
    SLOW,
  );

  it(
    'from a git URL: npm pack git+file://…, then npm install -g <tgz>',
    () => {
      const bare = join(base, 'secgate.git');
      execFileSync('git', ['clone', '-q', '--bare', clone, bare], { env });
      const packed = join(base, 'packed-from-git');
      mkdirSync(packed);
      npm(['pack', `git+file://${bare}`], packed);
      const [tarball] = readdirSync(packed);
      const prefix = join(base, 'from-git');
      npm(['install', '-g', '--prefix', prefix, join(packed, tarball ?? '')], base);
      expectWorkingSecgate(join(prefix, 'bin', 'secgate'));

      // A project's devDependency by git URL (docs/hooks.md): npm prepares a local git dependency properly.
      const project = join(base, 'project');
      mkdirSync(project);
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
      npm(['install', '--save-dev', `git+file://${bare}`], project);
      expectWorkingSecgate(join(project, 'node_modules', '.bin', 'secgate'));

      // In one step npm builds the clone without its dependencies (npm/cli#8440): a sentence, not a broken install.
      const oneStep = join(base, 'from-git-one-step');
      const direct = run('npm', ['install', '-g', '--prefix', oneStep, `git+file://${bare}`], base);
      expect(direct.status).not.toBe(0);
      expect(direct.output).toContain('npm cannot install secgate globally straight from a git URL');
      expect(direct.output).not.toContain('ERR_MODULE_NOT_FOUND');
      expect(existsSync(join(oneStep, 'bin', 'secgate'))).toBe(false);
    },
    SLOW,
  );
});
