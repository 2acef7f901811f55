import { execa } from 'execa';
import { withTempDir } from '../process/temp.js';
import type { BanditCommand } from '../scanners/bandit/discover.js';
import { parseBanditVersion } from '../scanners/bandit/parse.js';

/** SIGKILL to a process group; nothing to do when it is already gone. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: every member has exited
  }
}

/**
 * `doctor`'s `bandit --version`, through execa: a person runs doctor, so its
 * import cost goes unnoticed (a hook probes with probeVersion, on
 * node:child_process). The same guarantees: an argv array (no shell), only
 * the given environment, a private empty folder as working directory
 * (`python3 -m bandit` imports from there first), its own process group
 * stopped whole at the timeout and once it has exited. Undefined when it does
 * not answer like Bandit, cannot be started, or not in time.
 */
export function doctorProbeVersion(command: BanditCommand, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<string | undefined> {
  return withTempDir(async (cwd) => {
    const subprocess = execa(command.executable, [...command.prefix, '--version'], {
      cwd,
      env,
      extendEnv: false,
      stdin: 'ignore',
      detached: true,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      reject: false,
    });
    try {
      const result = await subprocess;
      if (result.timedOut) return undefined;
      return parseBanditVersion(`${String(result.stdout)}\n${String(result.stderr)}`);
    } finally {
      killGroup(subprocess.pid);
    }
  });
}
