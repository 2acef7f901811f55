// The environment every bench runs its programs in: the caller's, without its
// git, secgate and CA-bundle settings, with a private HOME and git config.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * NODE_EXTRA_CA_CERTS makes every Node start read and parse a CA bundle (about 60 ms
 * on our CI machine, where it is set, against 35 ms for the rest of the start).
 * The hooks start secgate without it (src/hooks/script.ts), so every run here,
 * the baseline `node -e ''` included, goes without it too.
 */
export const CA_BUNDLE = 'NODE_EXTRA_CA_CERTS';

/** The bench environment under `base` (a private temporary folder), its git config written there. */
export function benchEnv(base) {
  const home = join(base, 'home');
  const env = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_') && !key.startsWith('SECGATE_') && key !== CA_BUNDLE),
    ),
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(base, 'gitconfig'),
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
    PRE_COMMIT_HOME: join(base, 'pre-commit-home'),
  };
  writeFileSync(env.GIT_CONFIG_GLOBAL, '[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n');
  return env;
}
