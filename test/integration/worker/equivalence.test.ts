import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withTempDir } from '../../../src/process/temp.js';
import { ask, connectAhead, scanWithWorker, startWorker, workerPlan, type WorkerPlan } from '../../../src/scanners/bandit/worker/client.js';
import { tempDir } from '../../helpers/git-repo.js';
import { killWorkers, waitForWorker, workerEnv, workerPids } from '../../helpers/worker.js';
import { BANDIT, requireBanditAndBuild } from '../gate/support.js';

requireBanditAndBuild();

/** Many of Bandit's test ids, a `# nosec`, a syntax error, a file with nothing to say. */
const CORPUS: Record<string, string> = {
  'app/shell.py':
    'import subprocess\nimport os\ndef f(cmd):\n    subprocess.Popen(cmd, shell=True)\n    os.system(cmd)\n    subprocess.call(["ls"])\n',
  'app/crypto.py':
    'import hashlib\nimport random\nimport pickle\nhashlib.md5(b"x")\nrandom.random()\npickle.loads(b"")\nexec("1")\neval("1")\n',
  'app/net.py':
    'import requests\nimport yaml\nrequests.get("https://x", verify=False)\nyaml.load("a")\nPASSWORD = "hunter2"\nopen("/tmp/x", "w")\n',
  'app/misc.py':
    'import os\ndef g(x):\n    assert x\n    try:\n        pass\n    except Exception:\n        pass\n    os.chmod("/etc/passwd", 0o777)\n    q = "SELECT * FROM t WHERE a = %s" % x\n    return q\n',
  'app/nosec.py': 'import subprocess\nsubprocess.Popen("ls", shell=True)  # nosec\nsubprocess.Popen("ls", shell=True)\n',
  'app/broken.py': 'def broken(:\n    return\n',
  'app/clean.py': 'def add(a, b):\n    return a + b\n',
  'app/web.py': 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True, host="0.0.0.0")\n',
};

/** Option sets as secgate builds them: none, a selection, a config file, --ignore-nosec; the first again at the end. */
function optionSets(run: string): string[][] {
  const config = join(run, 'bandit.yaml');
  writeFileSync(config, "skips: ['B101', 'B311']\n");
  const exclude = ['--exclude', join(run, '.secgate-excludes-nothing')];
  return [
    exclude,
    [...exclude, '--skip', 'B404,B603'],
    [...exclude, '--tests', 'B602,B301,B105'],
    [...exclude, '-c', config],
    [...exclude, '--ignore-nosec'],
    exclude,
    [...exclude, '--skip', 'B404,B603'],
  ];
}

/** A report as compared: everything but the time it was made. */
function comparable(path: string): Record<string, unknown> {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete report.generated_at;
  return report;
}

/** Bandit's log lines, each with its comma-separated lists in order: Bandit prints sets, whose order changes from one process to the next. */
function logLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/[\w.]+(?:,[\w.]+)+/g, (list) => list.split(',').sort().join(',')));
}

let dir = '';
afterEach(async () => {
  if (dir) await killWorkers(dir);
  expect(dir ? workerPids(dir, { children: true }) : []).toEqual([]);
  dir = '';
});

async function runningWorker(): Promise<WorkerPlan> {
  dir = join(tempDir(), 'w');
  const env = { ...process.env, ...workerEnv(dir) };
  const plan = await workerPlan({ executable: BANDIT, prefix: [], display: BANDIT }, '1.6.2', 'equivalence test', env);
  expect(plan, 'Debian Bandit is a standard entry point with a python shebang').toBeDefined();
  mkdirSync(dir, { mode: 0o700 });
  startWorker(plan as WorkerPlan);
  await waitForWorker(dir);
  return plan as WorkerPlan;
}

describe('the resident worker gives what one-shot Bandit gives', () => {
  it('the same report (findings, errors, skips, metrics) for each option set, request after request', async () => {
    const plan = await runningWorker();
    expect(plan.interpreter).toBe('/usr/bin/python3');
    await withTempDir(async (run) => {
      const files = Object.entries(CORPUS).map(([path, content]) => {
        const target = join(run, 'files', path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
        return target;
      });
      const clean = files.filter((file) => file.endsWith('clean.py'));
      // A run with nothing to report too: Bandit exits 0 there, and the worker must say so.
      const requests: [string[], string[]][] = [
        ...optionSets(run).map((options): [string[], string[]] => [options, files]),
        [optionSets(run)[0] ?? [], clean],
      ];
      const statuses = new Set<number | null>();
      for (const [i, [options, targets]] of requests.entries()) {
        const oneShot = join(run, `one-shot-${i}.json`);
        const resident = join(run, `resident-${i}.json`);
        const process = spawnSync(BANDIT, ['--format', 'json', '--output', oneShot, ...options, ...targets], {
          cwd: run,
          encoding: 'utf8',
        });
        const answer = await scanWithWorker(plan, { cwd: run, output: resident, options, files: targets, timeoutSeconds: 60 });
        expect(answer, `request ${i} (${options.join(' ')}) was answered by the worker`).toBeDefined();
        expect(answer?.status, `request ${i}: exit status`).toBe(process.status);
        // What Bandit says on stderr too (its log lines), as one-shot says it.
        expect(logLines(answer?.stderr.replaceAll(resident, oneShot) ?? ''), `request ${i}: stderr`).toEqual(logLines(process.stderr));
        statuses.add(process.status);
        expect(comparable(resident), `request ${i} (${options.join(' ')})`).toEqual(comparable(oneShot));
        rmSync(resident);
      }
      expect([...statuses].sort()).toEqual([0, 1]);
      // The corpus did exercise what it is meant to: a parse error, a nosec, many test ids.
      const full = comparable(join(run, 'one-shot-0.json')) as { results: { test_id: string }[]; errors: unknown[] };
      expect(full.errors).toHaveLength(1);
      expect(new Set(full.results.map((result) => result.test_id)).size).toBeGreaterThanOrEqual(15);
      const nosec = comparable(join(run, 'one-shot-4.json')) as { results: unknown[] };
      expect(nosec.results.length).toBeGreaterThan(full.results.length);
    });
    const [status] = (await ask(plan.socket, { op: 'status' }, { acceptMs: 2000, totalMs: 2000 })) as [{ scans: number }];
    expect(status.scans).toBe(optionSets(tempDir()).length + 1);
  });

  it('the same report on real code: a sample of the standard library, with the linerange, blacklist and generic_visit of 1.6 replaced', async () => {
    const plan = await runningWorker();
    const [status] = (await ask(plan.socket, { op: 'status' }, { acceptMs: 2000, totalMs: 2000 })) as [{ accelerated?: string[] }];
    expect(status.accelerated).toEqual(['linerange', 'blacklist', 'generic_visit']);
    const stdlib = spawnSync(plan.interpreter, ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], {
      encoding: 'utf8',
    }).stdout.trim();
    const sources = readdirSync(stdlib)
      .filter((name) => name.endsWith('.py') && statSync(join(stdlib, name)).size < 60_000)
      .sort();
    const sample = sources.filter((_, i) => i % Math.max(1, Math.floor(sources.length / 40)) === 0);
    expect(sample.length).toBeGreaterThanOrEqual(30);
    await withTempDir(async (run) => {
      mkdirSync(join(run, 'files'));
      const files = sample.map((name) => {
        const target = join(run, 'files', name);
        copyFileSync(join(stdlib, name), target);
        return target;
      });
      const exclude = ['--exclude', join(run, '.secgate-excludes-nothing')];
      for (const [i, options] of [exclude, [...exclude, '--ignore-nosec']].entries()) {
        const oneShot = join(run, `one-shot-${i}.json`);
        const resident = join(run, `resident-${i}.json`);
        const process = spawnSync(BANDIT, ['--format', 'json', '--output', oneShot, ...options, ...files], { cwd: run, encoding: 'utf8' });
        const answer = await scanWithWorker(plan, { cwd: run, output: resident, options, files, timeoutSeconds: 120 });
        expect(answer?.status, `request ${i}: exit status`).toBe(process.status);
        const expected = comparable(oneShot) as { results: { line_range: number[] }[] };
        // Findings with line ranges of several lines: what linerange decides.
        expect(expected.results.filter((result) => result.line_range.length > 1).length).toBeGreaterThan(0);
        expect(comparable(resident), `request ${i} (${options.join(' ')})`).toEqual(expected);
      }
    });
  });

  it('a connection opened ahead carries the request; one closed meanwhile, or to a worker gone, is replaced or falls back, never a result', async () => {
    const plan = await runningWorker();
    await withTempDir(async (run) => {
      const target = join(run, 'files', 'shell.py');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, CORPUS['app/shell.py'] ?? '');
      const options = ['--exclude', join(run, '.secgate-excludes-nothing')];
      const request = (i: number) => ({ cwd: run, output: join(run, `r-${i}.json`), options, files: [target], timeoutSeconds: 60 });
      const scans = async () =>
        ((await ask(plan.socket, { op: 'status' }, { acceptMs: 2000, totalMs: 2000 })) as [{ scans: number }])[0].scans;

      // Open: the request goes over it, and the worker answers as ever.
      const open = await connectAhead(plan.socket);
      expect(open?.readyState).toBe('open');
      expect((await scanWithWorker(plan, request(1), { conn: open }))?.status).toBe(1);
      expect(open?.destroyed).toBe(true);
      expect(comparable(join(run, 'r-1.json'))).toHaveProperty('results');

      // Closed by us before the request (a scan that ended early): a fresh connection serves it.
      const closed = await connectAhead(plan.socket);
      closed?.destroy();
      expect((await scanWithWorker(plan, request(2), { conn: closed }))?.status).toBe(1);
      expect(await scans()).toBe(2);

      // The worker killed after the connection was opened: no answer is a result, one-shot Bandit runs instead.
      const orphan = await connectAhead(plan.socket);
      expect(orphan).toBeDefined();
      await killWorkers(dir);
      expect(await scanWithWorker(plan, request(3), { conn: orphan })).toBeUndefined();
      // No worker: nothing to connect to ahead.
      expect(await connectAhead(plan.socket)).toBeUndefined();
    });
  });

  it("refuses files, outputs and options outside secgate's private run directories", async () => {
    const plan = await runningWorker();
    const outside = tempDir();
    writeFileSync(join(outside, 'a.py'), 'import os\n');
    await withTempDir(async (run) => {
      writeFileSync(join(run, 'a.py'), 'import os\n');
      const requests = [
        { cwd: run, output: join(run, 'r.json'), options: [], files: [join(outside, 'a.py')] },
        { cwd: run, output: join(outside, 'r.json'), options: [], files: [join(run, 'a.py')] },
        { cwd: run, output: join(run, 'r.json'), options: ['-c', join(outside, 'a.py')], files: [join(run, 'a.py')] },
        { cwd: run, output: join(run, 'r.json'), options: ['--format', 'txt'], files: [join(run, 'a.py')] },
        { cwd: run, output: join(run, 'r.json'), options: [], files: ['/etc/passwd'] },
      ];
      for (const request of requests) {
        const answers = (await ask(
          plan.socket,
          { op: 'scan', protocol: 1, timeout: 30, ...request },
          { acceptMs: 5000, totalMs: 30_000, lines: 2 },
        ).catch(() => [])) as Record<string, unknown>[];
        expect(
          answers.some((answer) => typeof answer.refused === 'string'),
          JSON.stringify(request),
        ).toBe(true);
        expect(answers.some((answer) => 'status' in answer)).toBe(false);
        // And the client turns a refusal into "use one-shot Bandit", never a result.
        expect(await scanWithWorker(plan, { ...request, timeoutSeconds: 30 })).toBeUndefined();
      }
    });
  });
});
