import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { gitRun } from '../../integration/hooks/support.js';

export interface Recorded {
  argv: string[];
  stdin: string;
  /** NODE_EXTRA_CA_CERTS as secgate's node saw it (null: not set at all). */
  caBundle: string | null;
}

/**
 * A stand-in for secgate's entry (fault injection only): records its
 * arguments, stdin and NODE_EXTRA_CA_CERTS to $RECORD_FILE, one JSON line per run, and exits with
 * $FAKE_STATUS. It lets a test see exactly what the hook hands to secgate.
 */
export function recorderEntry(): { entry: string; record: string } {
  const dir = tempDir('secgate-fake-');
  const entry = join(dir, 'secgate.mjs');
  writeFileSync(
    entry,
    [
      "import { appendFileSync, readFileSync } from 'node:fs';",
      "const stdin = readFileSync(0, 'utf8');",
      'const caBundle = process.env.NODE_EXTRA_CA_CERTS ?? null;',
      "appendFileSync(process.env.RECORD_FILE, JSON.stringify({ argv: process.argv.slice(2), stdin, caBundle }) + '\\n');",
      "process.exitCode = Number(process.env.FAKE_STATUS ?? '0');",
      '',
    ].join('\n'),
  );
  return { entry, record: join(dir, 'record.jsonl') };
}

export function readRecords(path: string): Recorded[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Recorded);
}

/** Commits what is staged, through the hooks. */
export function commit(repo: TestRepo, env: NodeJS.ProcessEnv = repo.env, cwd = repo.root) {
  return gitRun(cwd, ['commit', '-q', '-m', 'through the hooks'], { env });
}

export function head(repo: TestRepo, cwd = repo.root): string | undefined {
  const result = gitRun(cwd, ['rev-parse', '-q', '--verify', 'HEAD'], { env: repo.env });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
