import { git } from '../git/exec.js';

export interface GitUser {
  name: string | null;
  email: string | null;
}

/** `git config --get-regexp` prints `user.name Ana Lima` and `user.email ana@example.com`. */
export function parseUserConfig(output: string): GitUser {
  const user: GitUser = { name: null, email: null };
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    if (key === 'user.name') user.name = value;
    if (key === 'user.email') user.email = value;
  }
  return user;
}

/** `git var GIT_COMMITTER_IDENT` prints `Ana Lima <ana@example.com> 1700000000 +0100`. */
export function parseIdent(output: string): GitUser {
  const match = /^(.*?) <([^>]*)> \d+ [+-]\d{4}$/.exec(output.trim());
  return match ? { name: match[1] ?? null, email: match[2] ?? null } : { name: null, email: null };
}

/**
 * Who is bypassing: `git config user.name` and `user.email`; when either is
 * not configured, the identity git itself would record (GIT_COMMITTER_* or
 * its guess), so the log names someone whenever git could.
 */
export async function gitUser(root: string): Promise<GitUser> {
  const { stdout } = await git(root, ['config', '--get-regexp', '^user\\.(name|email)$'], { okCodes: [1] });
  const configured = parseUserConfig(stdout.toString('utf8'));
  if (configured.name !== null && configured.email !== null) return configured;
  const ident = await git(root, ['var', 'GIT_COMMITTER_IDENT'], { okCodes: [128] }).catch(() => undefined);
  const fallback = ident?.status === 0 ? parseIdent(ident.stdout.toString('utf8')) : { name: null, email: null };
  return { name: configured.name ?? fallback.name, email: configured.email ?? fallback.email };
}
