import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, tempDir } from '../../helpers/git-repo.js';
import { closedUrl, serve } from '../../helpers/http-server.js';
import { BIN, type CliResult } from '../../helpers/run-cli.js';
import { requireDataAndBuild, SHARED_ZIP } from './support.js';

beforeAll(requireDataAndBuild);

/** The CLI as a child process, without blocking this one: the HTTP server below lives in this process. */
function secgateAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const ZIP = () => readFileSync(SHARED_ZIP);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The whole zip with its Content-Length, as OSV's bucket serves it. */
function wholeZip(_req: IncomingMessage, res: ServerResponse): void {
  const body = ZIP();
  res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': body.length });
  res.end(body);
}

/** What secgate must count, computed here from the zip without secgate's code. */
function expectedCounts(): { advisories: number; packages: number; withdrawn: number; updated: string } {
  let advisories = 0;
  let withdrawn = 0;
  let updated = '';
  const packages = new Set<string>();
  for (const bytes of Object.values(unzipSync(ZIP()))) {
    const record = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
      withdrawn?: string;
      modified?: string;
      affected?: { package?: { ecosystem?: string; name?: string } }[];
    };
    if (record.withdrawn) {
      withdrawn += 1;
      continue;
    }
    const names = (record.affected ?? [])
      .filter((a) => a.package?.ecosystem === 'PyPI' && a.package.name)
      .map((a) => a.package?.name ?? '');
    if (names.length === 0) continue;
    advisories += 1;
    for (const name of names) packages.add(name.toLowerCase().replace(/[-_.]+/g, '-'));
    if ((record.modified ?? '') > updated) updated = record.modified ?? '';
  }
  return { advisories, packages: packages.size, withdrawn, updated: updated.slice(0, 10) };
}

/** A private HOME, outside any repository: `db` then uses the default database in the user cache. */
function machine() {
  const base = tempDir();
  const env = cleanEnv(join(base, 'home'));
  const database = join(base, 'home', '.cache', 'secgate', 'osv', 'PyPI.zip');
  return { cwd: base, env, database };
}

describe('secgate db update and db status', () => {
  it('--from a local zip installs it in the user cache; status shows the counts and the date, cross-checked against the zip', async () => {
    const { cwd, env, database } = machine();
    const expected = expectedCounts();
    // The README of the data: 2,661 advisories of which 10 are withdrawn, all about PyPI.
    expect(expected).toMatchObject({ advisories: 2651, withdrawn: 10, updated: '2024-10-10' });

    const update = await secgateAsync(['db', 'update', '--from', SHARED_ZIP], cwd, env);
    expect(update.status, update.stderr).toBe(0);
    expect(sha(readFileSync(database))).toBe(sha(ZIP()));
    expect(update.stdout).toContain(
      `vulnerability database updated: ${expected.advisories} advisories for ${expected.packages} packages, data up to ${expected.updated}, at ${database}`,
    );

    const status = await secgateAsync(['db', 'status'], cwd, env);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`database:   ${database}`);
    expect(status.stdout).toContain(`data up to: ${expected.updated}`);
    expect(status.stdout).toContain(
      `advisories: ${expected.advisories} for ${expected.packages} packages (${expected.withdrawn} withdrawn, not used)`,
    );
    expect(status.stdout).toMatch(/index: {6}\/.*\/secgate\/osv\/index\/[0-9a-f]{32}$/m);
    // The data is from 2024: older than deps.maxAgeDays, which status says on stderr.
    expect(status.stderr).toContain(`advisories up to ${expected.updated}`);
  });

  it('from a URL (SECGATE_OSV_URL), with a progress report that has no escape codes without a terminal', async () => {
    const { cwd, env, database } = machine();
    const server = await serve(wholeZip);
    // NO_COLOR unset: only the missing terminal keeps the progress plain.
    const result = await secgateAsync(['db', 'update'], cwd, { ...env, NO_COLOR: '', SECGATE_OSV_URL: server.url });
    expect(result.status, result.stderr).toBe(0);
    expect(server.requests).toEqual(['/PyPI/all.zip']);
    expect(sha(readFileSync(database))).toBe(sha(ZIP()));
    expect(result.stderr).toContain(`secgate: fetching ${server.url}`);
    expect(result.stderr).toMatch(/secgate: downloaded 2\.\d MiB\n/);
    for (const text of [result.stdout, result.stderr]) {
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\r');
    }
  });

  it('--from a URL wins over SECGATE_OSV_URL', async () => {
    const { cwd, env, database } = machine();
    const good = await serve(wholeZip);
    const unused = await serve((_req, res) => res.writeHead(500).end());
    const result = await secgateAsync(['db', 'update', '--from', good.url], cwd, { ...env, SECGATE_OSV_URL: unused.url });
    expect(result.status, result.stderr).toBe(0);
    expect(unused.requests).toEqual([]);
    expect(existsSync(database)).toBe(true);
  });

  describe('a failed download leaves the previous database in use (exit 3)', () => {
    const failures: [string, (req: IncomingMessage, res: ServerResponse) => void, RegExp][] = [
      ['HTTP 500', (_req, res) => res.writeHead(500, 'Internal Server Error').end('oops'), /HTTP 500 Internal Server Error/],
      [
        'a body cut short of its Content-Length',
        (_req, res) => {
          const body = ZIP();
          res.writeHead(200, { 'Content-Length': body.length });
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
        },
        /Could not download/,
      ],
      [
        'a body without Content-Length that stops between two zip entries',
        (_req, res) => {
          const body = ZIP();
          const cut = body.indexOf('PK\u0003\u0004', Math.floor(body.length / 2));
          res.writeHead(200, { 'Content-Type': 'application/zip' });
          res.end(body.subarray(0, cut));
        },
        /no central directory/,
      ],
    ];
    for (const [name, handler, reason] of failures) {
      it(name, async () => {
        const { cwd, env, database } = machine();
        expect((await secgateAsync(['db', 'update', '--from', SHARED_ZIP], cwd, env)).status).toBe(0);
        const before = sha(readFileSync(database));

        const server = await serve(handler);
        const result = await secgateAsync(['db', 'update', '--from', server.url], cwd, env);
        expect(result.status).toBe(3);
        expect(result.stderr).toMatch(reason);
        expect(result.stderr).toContain('secgate db update --from <all.zip>');
        expect(sha(readFileSync(database))).toBe(before);
        // No half-written download is left beside it.
        expect(readdirSync(join(database, '..')).filter((entry) => entry.endsWith('.zip'))).toEqual(['PyPI.zip']);
        const status = await secgateAsync(['db', 'status'], cwd, env);
        expect(status.status).toBe(0);
        expect(status.stdout).toContain(`advisories: ${expectedCounts().advisories} for`);
      });
    }
  });

  it('a server that cannot be reached: exit 3 naming the URL', async () => {
    const { cwd, env } = machine();
    const url = await closedUrl();
    const result = await secgateAsync(['db', 'update', '--from', url], cwd, env);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`Could not download ${url}`);
  });

  it('db status without a database: exit 3 with the remedy; --from a missing file, an unknown action: exit 2', async () => {
    const { cwd, env, database } = machine();
    const status = await secgateAsync(['db', 'status'], cwd, env);
    expect(status.status).toBe(3);
    expect(status.stdout).toContain(`database:   ${database}`);
    expect(status.stderr).toContain('secgate db update');

    const missing = await secgateAsync(['db', 'update', '--from', join(cwd, 'nope.zip')], cwd, env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`--from ${join(cwd, 'nope.zip')}: no such file`);

    for (const args of [['db', 'frobnicate'], ['db'], ['db', 'status', 'extra']]) {
      const result = await secgateAsync(args, cwd, env);
      expect(result.status, args.join(' ')).toBe(2);
    }
    expect((await secgateAsync(['db', 'frobnicate'], cwd, env)).stderr).toContain('the actions are `update` and `status`');
  });
});
