import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { killWorkers, sleep, waitForWorker, workerEnv, workerPids } from '../../helpers/worker.js';
import { CLEAN, HIGH_B602, LOW_ASSERT, MEDIUM_PICKLE, output, requireBanditAndBuild, secgate, UNPARSABLE } from '../gate/support.js';

requireBanditAndBuild();

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs) await killWorkers(dir);
  for (const dir of dirs.splice(0)) expect(workerPids(dir, { children: true }), dir).toEqual([]);
});

/** 130 staged files (from 100 a scan with the worker running is pipelined): every kind of result, twice the same blob, a nosec. */
function corpus(repo: TestRepo): void {
  const files: Record<string, string> = {};
  const kinds = [HIGH_B602, LOW_ASSERT, MEDIUM_PICKLE, CLEAN];
  for (let i = 0; i < 126; i++)
    files[`pkg${i % 7}/mod_${i}.py`] = `${kinds[i % kinds.length] ?? ''}# module ${i}\n${'x = 1\n'.repeat(i % 13)}`;
  files['pkg0/broken.py'] = UNPARSABLE;
  files['pkg1/same_a.py'] = HIGH_B602;
  files['pkg2/same_b.py'] = HIGH_B602;
  files['pkg3/quiet.py'] = 'import subprocess\nsubprocess.Popen("ls", shell=True)  # nosec\n';
  repo.stage(files);
}

/** The findings of a JSON report, in a fixed order, without what differs from run to run. */
function findings(stdout: string): string[] {
  const report = JSON.parse(stdout) as { findings: Record<string, unknown>[] };
  return report.findings.map((finding) => JSON.stringify(finding)).sort();
}

async function scansServed(repo: TestRepo, env: NodeJS.ProcessEnv): Promise<number> {
  const status = secgate(repo, ['worker', 'status'], env);
  return Number(/(\d+) scans?/.exec(status.stdout)?.[1] ?? -1);
}

/** The corpus staged, a private TMPDIR to watch for run folders, and a worker folder of the test's own. */
function staged(): { repo: TestRepo; temp: string; dir: string; env: NodeJS.ProcessEnv } {
  const repo = gitRepo();
  corpus(repo);
  const temp = join(tempDir(), 'tmp');
  mkdirSync(temp, { mode: 0o700 });
  const dir = join(tempDir(), 'w');
  dirs.push(dir);
  return { repo, temp, dir, env: { ...workerEnv(dir), TMPDIR: temp } };
}

function clearCache(repo: TestRepo): void {
  rmSync(join(repo.root, '.git', 'secgate', 'cache'), { recursive: true, force: true });
}

describe('a big scan with the worker running (pipelined: small batches, each sent once its copies are written)', () => {
  it('judges exactly as one-shot Bandit, in several batches, and leaves no copy behind', async () => {
    const { repo, temp, dir, env } = staged();
    const oneShot = secgate(repo, ['scan', '--staged', '--format', 'json'], { SECGATE_WORKER: '0', TMPDIR: temp });
    expect(oneShot.status, output(oneShot)).toBe(1);
    // This first scan with the worker on starts it (and runs one-shot itself).
    clearCache(repo);
    expect(secgate(repo, ['scan', '--staged', '--format', 'json'], env).status).toBe(1);
    await waitForWorker(dir);
    const before = await scansServed(repo, env);

    clearCache(repo);
    const resident = secgate(repo, ['scan', '--staged', '--format', 'json'], env);
    expect(resident.status, output(resident)).toBe(1);
    expect(findings(resident.stdout)).toEqual(findings(oneShot.stdout));
    const summary = (JSON.parse(resident.stdout) as { summary: Record<string, number> }).summary;
    expect(summary).toEqual((JSON.parse(oneShot.stdout) as { summary: Record<string, number> }).summary);
    // The corpus did what it is for: blocking findings, a parse error among them.
    expect(resident.stdout).toContain('"B602"');
    expect(resident.stdout).toContain('parse-error');
    // Served by the worker in several batches (129 distinct blobs, 2 cores: 4 batches of about 32).
    expect((await scansServed(repo, env)) - before).toBeGreaterThanOrEqual(4);
    expect(secgate(repo, ['worker', 'status'], env).stdout).not.toContain('ran one-shot instead');
    // The private run folder is gone.
    // No run folder (secgate-<pid>-XXXXXX); the runtime folder, with the code cache, stays.
    expect(readdirSync(temp).filter((name) => /^secgate-\d+-/.test(name))).toEqual([]);
  });

  it('a worker found dead (its socket left behind) ends in one-shot batches with the same verdict, never a pass', async () => {
    const { repo, temp, dir, env } = staged();
    const oneShot = secgate(repo, ['scan', '--staged', '--format', 'json'], { SECGATE_WORKER: '0', TMPDIR: temp });
    clearCache(repo);
    secgate(repo, ['scan', '--staged', '--format', 'json'], env);
    const pid = await waitForWorker(dir);
    // Killed outright: its socket stays, so the next scan takes the pipeline and meets no one.
    process.kill(pid, 'SIGKILL');
    await killWorkers(dir);
    expect(readdirSync(dir).some((name) => name.endsWith('.sock'))).toBe(true);

    clearCache(repo);
    const result = secgate(repo, ['scan', '--staged', '--format', 'json'], env);
    expect(result.status, output(result)).toBe(1);
    expect(findings(result.stdout)).toEqual(findings(oneShot.stdout));
    // No run folder (secgate-<pid>-XXXXXX); the runtime folder, with the code cache, stays.
    expect(readdirSync(temp).filter((name) => /^secgate-\d+-/.test(name))).toEqual([]);
  });

  it('Ctrl-C while the copies are written and the first batches run: the run folder is gone, and stays gone', async () => {
    const { repo, temp, dir, env: workerOn } = staged();
    const env = { ...repo.env, ...workerOn };
    secgate(repo, ['scan', '--staged'], env);
    await waitForWorker(dir);
    clearCache(repo);

    const child = spawn(process.execPath, [BIN, 'run', 'pre-commit'], { cwd: repo.root, env, detached: true, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const end = Date.now() + 20_000;
    while (!readdirSync(temp).some((name) => name.startsWith('secgate-')) && Date.now() < end) await sleep(5);
    expect(
      readdirSync(temp).some((name) => name.startsWith('secgate-')),
      'the scan started',
    ).toBe(true);
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const { signal } = await exited;
    expect(signal).toBe('SIGINT');
    expect(readdirSync(temp, { recursive: true }).filter((name) => String(name).split('/').length < 4)).toEqual([]);
    // Nothing written late makes it again (a copy still in the writing, a forked scan's report).
    await sleep(1500);
    expect(readdirSync(temp)).toEqual([]);
  });
});
