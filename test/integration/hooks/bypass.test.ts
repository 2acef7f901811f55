import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { applyBypass, type ApplyBypassInput } from '../../../src/bypass/apply.js';
import { recordBypass, type BypassEntry } from '../../../src/bypass/bypass.js';
import { recentBypasses } from '../../../src/bypass/history.js';
import { ToolError, UsageError } from '../../../src/errors.js';
import { hookRepo } from './support.js';

const strict = { allowed: true, requireReason: true };

function setup(value: string | undefined, bypass = strict) {
  const repo = hookRepo();
  const commonDir = join(repo.root, '.git');
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const input: ApplyBypassInput = {
    repo: { root: repo.root, commonDir },
    bypass,
    hook: 'pre-commit',
    details: { paths: ['app/main.py', 'requirements.txt'] },
    context: { env: value === undefined ? {} : { SECGATE_BYPASS: value }, stderr },
    now: new Date('2026-03-04T05:06:07.000Z'),
  };
  return { repo, input, log: join(commonDir, 'secgate', 'bypass.log'), stderr: () => text };
}

function logLines(path: string): BypassEntry[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as BypassEntry);
}

describe('applyBypass', () => {
  it('with a reason: skips the scan, warns loudly, and appends a complete JSON line', async () => {
    const { input, log, stderr } = setup('hotfix INC-1234, reviewed by Ana');
    expect(await applyBypass(input)).toBe(true);
    expect(stderr()).toContain('BYPASSED');
    expect(stderr()).toContain('hotfix INC-1234, reviewed by Ana');
    expect(stderr()).toContain(log);
    expect(logLines(log)).toEqual([
      {
        time: '2026-03-04T05:06:07.000Z',
        user: { name: 'Ana Lima', email: 'ana@example.com' },
        hook: 'pre-commit',
        paths: ['app/main.py', 'requirements.txt'],
        reason: 'hotfix INC-1234, reviewed by Ana',
      },
    ]);
  });

  it('records the remote and refs of a push', async () => {
    const { input, log } = setup('release blocker, approved');
    const ref = { localRef: 'refs/heads/main', localSha: 'a'.repeat(40), remoteRef: 'refs/heads/main', remoteSha: '0'.repeat(40) };
    expect(await applyBypass({ ...input, hook: 'pre-push', details: { remote: 'origin', refs: [ref] } })).toBe(true);
    expect(logLines(log)[0]).toMatchObject({ hook: 'pre-push', remote: 'origin', refs: [ref] });
  });

  it('is nothing when SECGATE_BYPASS is unset or "0"', async () => {
    for (const value of [undefined, '0']) {
      const { input, log } = setup(value);
      expect(await applyBypass(input)).toBe(false);
      expect(existsSync(log)).toBe(false);
    }
  });

  it('refuses "1" with a usage error (exit 2) and records nothing', async () => {
    const { input, log } = setup('1');
    const error = await applyBypass(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toContain('"1"');
    expect(existsSync(log)).toBe(false);
  });

  it('takes "1" when bypass.requireReason is false', async () => {
    const { input, log } = setup('1', { allowed: true, requireReason: false });
    expect(await applyBypass(input)).toBe(true);
    expect(logLines(log)[0]?.reason).toBe('1');
  });

  it('refuses every value when bypass.allowed is false', async () => {
    const { input, log } = setup('a perfectly good reason', { allowed: false, requireReason: true });
    await expect(applyBypass(input)).rejects.toThrow(/bypass\.allowed/);
    expect(existsSync(log)).toBe(false);
  });

  it('does not bypass when the record cannot be written', async () => {
    const { input, repo } = setup('a good reason');
    // A file where the secgate directory should be.
    writeFileSync(join(repo.root, '.git', 'secgate'), 'in the way');
    const error = await applyBypass(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).exitCode).toBe(3);
  });
});

describe('the bypass log', () => {
  it('keeps every line whole when many hooks append at once', async () => {
    const { repo, log } = setup(undefined);
    const commonDir = join(repo.root, '.git');
    const entry = (i: number): BypassEntry => ({
      time: new Date(0).toISOString(),
      user: { name: 'n', email: 'e' },
      hook: 'pre-commit',
      paths: Array.from({ length: 50 }, (_, k) => `dir/file-${i}-${k}.py`),
      reason: `reason ${i}`,
    });
    await Promise.all(Array.from({ length: 40 }, (_, i) => recordBypass(commonDir, entry(i))));
    const lines = logLines(log);
    expect(lines).toHaveLength(40);
    expect(new Set(lines.map((line) => line.reason)).size).toBe(40);
  });

  it('reads back the last entries, skipping damaged lines', async () => {
    const { repo, log } = setup(undefined);
    const commonDir = join(repo.root, '.git');
    mkdirSync(join(commonDir, 'secgate'));
    const lines = Array.from({ length: 7 }, (_, i) =>
      JSON.stringify({ time: `t${i}`, user: { name: null, email: null }, hook: 'pre-push', reason: `r${i}` }),
    );
    writeFileSync(log, `${lines.slice(0, 6).join('\n')}\n{"damaged\n${lines[6]}\n`);
    expect((await recentBypasses(commonDir, 5)).map((entry) => entry.reason)).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
  });
});
