import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closedUrl, serve } from '../../helpers/http-server.js';
import { runCliAsync } from '../../helpers/run-cli.js';
import { requireDataAndBuild, SHARED_ZIP } from '../deps/support.js';
import { hookRepo, secgate } from './support.js';

/**
 * `secgate install` is run by a person (or npm's prepare), so it may use the
 * network: with no advisory database yet it fetches one, from a real HTTP
 * server on 127.0.0.1 here. Without a network it still installs the hooks,
 * exits 0, and says exactly what to run.
 */
beforeAll(requireDataAndBuild);

function wholeZip(_req: IncomingMessage, res: ServerResponse): void {
  const body = readFileSync(SHARED_ZIP);
  res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': body.length });
  res.end(body);
}

describe('secgate install and the advisory database', () => {
  it('fetches the database when there is none, once', async () => {
    const repo = hookRepo();
    const server = await serve(wholeZip);
    const env = { ...repo.env, SECGATE_OSV_URL: server.url };
    const result = await runCliAsync(['install'], { cwd: repo.root, env });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(true);
    expect(server.requests).toEqual(['/PyPI/all.zip']);
    const database = join(repo.home, '.cache', 'secgate', 'osv', 'PyPI.zip');
    expect(readFileSync(database).equals(readFileSync(SHARED_ZIP))).toBe(true);
    expect(result.stderr).toContain(`fetching ${server.url}`);
    expect(result.stdout).toContain('vulnerability database updated');

    // There is one now: a second install does not fetch.
    const again = await runCliAsync(['install'], { cwd: repo.root, env });
    expect(again.status).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('offline: the hooks are installed, exit 0, and the message says what to run; the hooks then fail closed on a manifest', async () => {
    const repo = hookRepo();
    const env = { ...repo.env, SECGATE_OSV_URL: await closedUrl() };
    const result = await runCliAsync(['install'], { cwd: repo.root, env });
    expect(result.status).toBe(0);
    for (const hook of ['pre-commit', 'pre-merge-commit', 'pre-push'])
      expect(existsSync(join(repo.root, '.git', 'hooks', hook))).toBe(true);
    expect(result.stderr).toContain('the vulnerability database could not be fetched');
    expect(result.stderr).toContain('`secgate db update --from <zip>`');
    expect(existsSync(join(repo.home, '.cache', 'secgate', 'osv', 'PyPI.zip'))).toBe(false);

    repo.stage({ 'requirements.txt': 'requests==2.19.0\n' });
    expect(secgate(repo, ['run', 'pre-commit']).status).toBe(3);
  });

  it('fetches nothing when the dependency audit is off', async () => {
    const repo = hookRepo();
    // The config that governs commits is the staged one, and install follows it.
    writeFileSync(join(repo.root, '.secgaterc.json'), JSON.stringify({ deps: { enabled: false } }));
    repo.git('add', '.secgaterc.json');
    const server = await serve(wholeZip);
    const result = await runCliAsync(['install'], { cwd: repo.root, env: { ...repo.env, SECGATE_OSV_URL: server.url } });
    expect(result.status).toBe(0);
    expect(server.requests).toEqual([]);
  });
});
