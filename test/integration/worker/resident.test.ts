import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { runCliAsync, type CliResult } from '../../helpers/run-cli.js';
import { killWorkers, sleep, waitForWorker, workerEnv, workerPids } from '../../helpers/worker.js';
import { HIGH_B602, output, requireBanditAndBuild, secgate } from '../gate/support.js';

requireBanditAndBuild();

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs) await killWorkers(dir);
  // Tests leave no process behind.
  for (const dir of dirs.splice(0)) expect(workerPids(dir, { children: true }), dir).toEqual([]);
});

/** A worker folder for this test (inside a private temp dir), killed after it. */
function socketDir(): string {
  const dir = join(tempDir(), 'w');
  dirs.push(dir);
  return dir;
}

let counter = 0;
/** Stages a new HIGH finding (new content each time: a cold scan) and scans the index. */
function scanNewHigh(repo: TestRepo, env: NodeJS.ProcessEnv): CliResult {
  const path = `high_${counter++}.py`;
  repo.stage({ [path]: `${HIGH_B602}# ${path}\n` });
  return secgate(repo, ['scan', '--staged'], env);
}

/** Blocked on the HIGH B602 finding: never a pass, whatever happened to the worker. */
function expectBlockedOnHigh(result: CliResult): void {
  expect(result.status, output(result)).toBe(1);
  expect(result.stdout).toMatch(/HIGH B602/);
}

async function scansServed(repo: TestRepo, env: NodeJS.ProcessEnv): Promise<number> {
  const status = secgate(repo, ['worker', 'status'], env);
  expect(status.status, output(status)).toBe(0);
  return Number(/(\d+) scans?/.exec(status.stdout)?.[1] ?? -1);
}

/** The worker's children once one is there and ready (its pages copied: it says so at once, well within the wait). */
async function readyChildren(dir: string, worker: number): Promise<number[]> {
  const end = Date.now() + 10_000;
  while (workerPids(dir, { children: true }).length < 2 && Date.now() < end) await sleep(50);
  await sleep(300);
  return workerPids(dir, { children: true }).filter((child) => child !== worker);
}

/** CPU time a process has used, in clock ticks (user and system, from /proc/<pid>/stat); 0 once it is gone. */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

describe('the resident worker', () => {
  it('is started by the first scan, then serves the next ones; status and stop', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = workerEnv(dir);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    const pid = await waitForWorker(dir);
    expect(workerPids(dir)).toEqual([pid]);
    // Its folder is private.
    const mode = spawnSync('stat', ['-c', '%a', dir], { encoding: 'utf8' }).stdout.trim();
    expect(mode).toBe('700');
    expectBlockedOnHigh(scanNewHigh(repo, env));
    expectBlockedOnHigh(scanNewHigh(repo, env));
    // A clean file: Bandit exits 0 there, and the worker's answer is taken as such.
    repo.write({ 'clean.py': 'def add(a, b):\n    return a + b\n' });
    const clean = secgate(repo, ['scan', 'clean.py'], env);
    expect(clean.status, output(clean)).toBe(0);
    expect(await scansServed(repo, env)).toBe(3);
    // None of them ran one-shot behind its back.
    expect(secgate(repo, ['worker', 'status'], env).stdout).not.toContain('ran one-shot instead');
    expect(secgate(repo, ['worker', 'status'], env).stdout).toContain(`running: pid ${pid}, Bandit 1.6.2`);
    expect(secgate(repo, ['worker', 'status'], env).stdout).toContain(
      "Bandit's linerange, blacklist and generic_visit replaced by exact equivalents (results unchanged)",
    );
    expect(secgate(repo, ['doctor'], env).stdout).toMatch(new RegExp(`worker +running: pid ${pid}`));

    const stop = secgate(repo, ['worker', 'stop'], env);
    expect(stop.status).toBe(0);
    expect(stop.stdout).toContain('stopped 1 worker');
    expect(workerPids(dir, { children: true })).toEqual([]);
    expect(secgate(repo, ['worker', 'status'], env).stdout).toContain('none running');
  });

  it('keeps a child forked ahead of the next request; one killed before it is handed a request costs only a fork', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = workerEnv(dir);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    const pid = await waitForWorker(dir);
    const ready = () => readyChildren(dir, pid);
    const prepared = () => /(\d+) of them by a child forked ahead/.exec(secgate(repo, ['worker', 'status'], env).stdout)?.[1];
    expect(await ready()).toHaveLength(1);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    expect(prepared()).toBe('1');
    // The next one, killed before any request reaches it: the request is served by a fork, as without it.
    const [spare] = await ready();
    process.kill(spare as number, 'SIGKILL');
    expectBlockedOnHigh(scanNewHigh(repo, env));
    expect(await scansServed(repo, env)).toBe(2);
    expect(prepared()).toBe('1');
    expect(secgate(repo, ['worker', 'status'], env).stdout).not.toContain('ran one-shot instead');
    // And a new one is made for the request after.
    expect(await ready()).toHaveLength(1);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    expect(prepared()).toBe('2');
  });

  it('the ready child, killed while it scans the request it was handed: one-shot Bandit still blocks', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = workerEnv(dir);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    const pid = await waitForWorker(dir);
    const [child] = await readyChildren(dir, pid);
    // Far more than a second of Bandit's work: it is still scanning when killed.
    const body = Array.from({ length: 4000 }, (_, i) => `def f${i}(x):\n    subprocess.Popen(x, shell=True)\n    return eval(x)\n`).join(
      '',
    );
    repo.stage({ 'huge.py': `import subprocess\n${body}` });
    const idle = cpuTicks(child as number);
    const pending = runCliAsync(['scan', '--staged'], { cwd: repo.root, env: { ...repo.env, ...env } });
    // Handed the request, it scans: a fifth of a second of CPU spent (the next child is made only once it ends).
    const end = Date.now() + 20_000;
    while (cpuTicks(child as number) - idle < 20 && Date.now() < end) await sleep(10);
    expect(workerPids(dir, { children: true })).toContain(child);
    expect(workerPids(dir, { children: true })).toHaveLength(2);
    process.kill(child as number, 'SIGKILL');
    expectBlockedOnHigh(await pending);
    expect(secgate(repo, ['worker', 'status'], env).stdout).toMatch(/1 batch ran one-shot instead/);
  });

  it('exits by itself after its idle time, removing its socket', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = workerEnv(dir, { SECGATE_WORKER_IDLE: '2' });
    expectBlockedOnHigh(scanNewHigh(repo, env));
    await waitForWorker(dir);
    const end = Date.now() + 20_000;
    while (workerPids(dir, { children: true }).length > 0 && Date.now() < end) await sleep(200);
    expect(workerPids(dir, { children: true })).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.sock') || name.endsWith('.sock.json'))).toEqual([]);
  });

  it('is not started when CI is set, SECGATE_WORKER=0 or code.worker is false', async () => {
    const repo = gitRepo();
    for (const [extra, files] of [
      [{ CI: 'true' }, {}],
      [{ SECGATE_WORKER: '0' }, {}],
      [{}, { '.secgaterc.json': '{ "code": { "worker": false } }\n' }],
    ] as const) {
      const dir = socketDir();
      repo.stage(files);
      const env = { ...workerEnv(dir), ...extra };
      expectBlockedOnHigh(scanNewHigh(repo, env));
      expectBlockedOnHigh(scanNewHigh(repo, env));
      await sleep(500);
      expect(workerPids(dir, { children: true }), JSON.stringify(extra)).toEqual([]);
      // No socket, lock or description: only the bundle's code cache may be there (src/boot/code-cache.ts).
      const left = existsSync(dir) ? readdirSync(dir).filter((name) => !name.endsWith('.v8cache')) : [];
      expect(left, JSON.stringify(extra)).toEqual([]);
      if (Object.keys(files).length > 0) {
        expect(secgate(repo, ['doctor'], env).stdout).toMatch(/worker +off: code.worker is false/);
        repo.git('rm', '-q', '--cached', '.secgaterc.json');
      }
    }
    expect(secgate(repo, ['worker', 'status'], { CI: '1' }).stdout).toContain('off: CI is set');
  });

  it('is refused when its folder is not private (mode 0755, or a symbolic link): Bandit runs one-shot', async () => {
    const repo = gitRepo();
    const open = socketDir();
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    const real = join(tempDir(), 'real');
    mkdirSync(real, { mode: 0o700 });
    const linked = socketDir();
    symlinkSync(real, linked);
    dirs.push(real);
    for (const dir of [open, linked]) {
      const env = workerEnv(dir);
      expectBlockedOnHigh(scanNewHigh(repo, env));
      expectBlockedOnHigh(scanNewHigh(repo, env));
      await sleep(500);
      expect(workerPids(dir, { children: true }), dir).toEqual([]);
      expect(readdirSync(dir), dir).toEqual([]);
      const status = secgate(repo, ['worker', 'status'], env);
      expect(status.stdout).toContain(`${dir} is ${dir === open ? 'mode 0755, not 0700' : 'a symbolic link'}`);
    }
    expect(workerPids(real, { children: true })).toEqual([]);
  });

  it('a worker that hangs (stopped) is given up at the timeout: one-shot Bandit still blocks', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = workerEnv(dir, { SECGATE_SCAN_TIMEOUT: '2' });
    expectBlockedOnHigh(scanNewHigh(repo, env));
    const pid = await waitForWorker(dir);
    process.kill(pid, 'SIGSTOP');
    const started = Date.now();
    expectBlockedOnHigh(scanNewHigh(repo, env));
    expect(Date.now() - started).toBeLessThan(30_000);
    process.kill(pid, 'SIGCONT');
    // Said where one looks when commits are slow.
    expect(secgate(repo, ['worker', 'status'], env).stdout).toMatch(/1 batch ran one-shot instead .*the last: .*no answer/);
  });

  it('a scan that passes code.timeout in the worker is stopped there and run one-shot, which times out too: exit 3, never a pass', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = workerEnv(dir, { SECGATE_SCAN_TIMEOUT: '1' });
    expectBlockedOnHigh(scanNewHigh(repo, workerEnv(dir)));
    await waitForWorker(dir);
    // Far more than a second of Bandit's work, on any machine.
    const body = Array.from(
      { length: 4000 },
      (_, i) => `def f${i}(x):\n    subprocess.Popen(x, shell=True)\n    assert x\n    return eval(x)\n`,
    ).join('');
    repo.stage({ 'huge.py': `import subprocess\n${body}` });
    const result = secgate(repo, ['scan', '--staged'], env);
    expect(result.status, output(result)).toBe(3);
    expect(result.stderr).toContain('Bandit did not finish within 1 s');
    const status = secgate(repo, ['worker', 'status'], env).stdout;
    expect(status, status).toMatch(/1 batch ran one-shot instead .*the last: \S+ timed out/);
    // The worker's scan was stopped with it (its alarm): only the worker and the child it keeps ready are left.
    const end = Date.now() + 10_000;
    while (workerPids(dir, { children: true }).length > 2 && Date.now() < end) await sleep(100);
    expect(workerPids(dir)).toHaveLength(1);
    expect(workerPids(dir, { children: true })).toHaveLength(2);
  });

  it('a worker killed mid-request, or gone with its socket left behind: one-shot Bandit still blocks, and a new worker starts', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = workerEnv(dir);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    const first = await waitForWorker(dir);
    // Mid-request: the hook has connected and waits; the worker dies.
    process.kill(first, 'SIGSTOP');
    repo.stage({ 'mid.py': `${HIGH_B602}# mid\n` });
    const pending = runCliAsync(['scan', '--staged'], { cwd: repo.root, env: { ...repo.env, ...env } });
    await sleep(1000);
    process.kill(first, 'SIGKILL');
    expectBlockedOnHigh(await pending);
    // Gone: its socket file is still there, nobody listens.
    expect(readdirSync(dir).some((name) => name.endsWith('.sock'))).toBe(true);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    await sleep(300);
    const second = await waitForWorker(dir);
    expect(second).not.toBe(first);
    expectBlockedOnHigh(scanNewHigh(repo, env));
    expect(await scansServed(repo, env)).toBe(1);
  });

  it('two hooks starting it at once leave one worker; two at once served by it both get their findings', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = { ...repo.env, ...workerEnv(dir) };
    repo.stage({ 'a.py': `${HIGH_B602}# a\n` });
    const both = await Promise.all([
      runCliAsync(['scan', '--staged'], { cwd: repo.root, env }),
      runCliAsync(['scan', '--all'], { cwd: repo.root, env }),
    ]);
    for (const result of both) expectBlockedOnHigh(result);
    await waitForWorker(dir);
    await sleep(1500);
    expect(workerPids(dir)).toHaveLength(1);
    repo.stage({ 'b.py': `${HIGH_B602}# b\n`, 'c.py': `${HIGH_B602}# c\n` });
    // One of the first two may already have found the other's worker up.
    const before = await scansServed(repo, env);
    const served = await Promise.all([
      runCliAsync(['scan', 'b.py'], { cwd: repo.root, env }),
      runCliAsync(['scan', 'c.py'], { cwd: repo.root, env }),
    ]);
    for (const result of served) expectBlockedOnHigh(result);
    expect(await scansServed(repo, env)).toBe(before + 2);
  });

  it('one per Bandit identity: another Bandit executable gets a worker of its own', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const copy = join(tempDir(), 'bin', 'bandit');
    mkdirSync(join(copy, '..'));
    copyFileSync('/usr/bin/bandit', copy);
    chmodSync(copy, 0o755);
    expectBlockedOnHigh(scanNewHigh(repo, workerEnv(dir)));
    await waitForWorker(dir);
    expectBlockedOnHigh(scanNewHigh(repo, workerEnv(dir, { SECGATE_BANDIT: copy })));
    const end = Date.now() + 20_000;
    while (readdirSync(dir).filter((name) => name.endsWith('.sock.json')).length < 2 && Date.now() < end) await sleep(50);
    expect(readdirSync(dir).filter((name) => name.endsWith('.sock')).length).toBe(2);
    expect(workerPids(dir)).toHaveLength(2);
  });

  it('git commit returns while the worker it started lives on (no descriptor of the hook is held)', async () => {
    const repo = gitRepo();
    const dir = socketDir();
    const env = { ...repo.env, ...workerEnv(dir) };
    const install = secgate(repo, ['install'], workerEnv(dir));
    expect(install.status, output(install)).toBe(0);
    repo.write({ 'clean.py': 'def add(a, b):\n    return a + b\n' });
    repo.git('add', 'clean.py');
    const started = Date.now();
    // Pipes for stdout and stderr: spawnSync returns only once every process holding them has let go.
    const commit = spawnSync('git', ['commit', '-q', '-m', 'clean'], { cwd: repo.root, env, encoding: 'utf8', timeout: 60_000 });
    expect(commit.status, `${commit.stdout}${commit.stderr}`).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    const pid = await waitForWorker(dir);
    expect(workerPids(dir)).toContain(pid);
    // And a blocked commit through the worker is still blocked.
    repo.write({ 'high.py': HIGH_B602 });
    repo.git('add', 'high.py');
    const blocked = spawnSync('git', ['commit', '-q', '-m', 'high'], { cwd: repo.root, env, encoding: 'utf8', timeout: 60_000 });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toMatch(/HIGH B602/);
    expect(await scansServed(repo, workerEnv(dir))).toBe(1);
  });
});
