import { parseOptions } from './options.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { fallbacksOf, listWorkers, stopWorkers, type WorkerInfo } from '../scanners/bandit/worker/client.js';
import { privateDirProblem, runtimeDir } from '../process/private-dir.js';
import { workerOff, type WorkerOff } from '../scanners/bandit/worker/wanted.js';
import type { Command } from './context.js';

/** The sentence for why the worker is off, if it is. */
export function workerOffText(off: WorkerOff | undefined): string | undefined {
  if (off === undefined) return undefined;
  return messages.workerOff({ ci: messages.workerOffCi, env: messages.workerOffEnv, config: messages.workerOffConfig }[off]);
}

/** One line per worker: how it is, or that it does not answer. */
export function describeWorker(worker: WorkerInfo): string[] {
  if (!worker.answered) return [messages.workerSilent(worker.socket)];
  const since = worker.started === undefined ? '?' : new Date(worker.started * 1000).toISOString().replace('T', ' ').slice(0, 19);
  const { count, last } = fallbacksOf(worker.socket);
  return [
    messages.workerRunning(worker.pid, worker.version, worker.scans, since),
    ...(worker.prepared ? [messages.workerPrepared(worker.prepared)] : []),
    ...(worker.accelerated && worker.accelerated.length > 0 ? [messages.workerAccelerated(worker.accelerated)] : []),
    ...(count > 0 ? [messages.workerFallbacks(count, last ?? '')] : []),
  ];
}

/** `secgate worker status | stop`: the resident Bandit workers of this user. */
export const worker: Command = async (args, context) => {
  const { positionals } = parseOptions(args, {});
  const [action, ...rest] = positionals;
  if (action !== 'status' && action !== 'stop')
    throw new UsageError(messages.workerUnknownAction(action), { remedy: messages.usageRemedy });
  if (rest.length > 0) throw new UsageError(messages.unexpectedArguments(`worker ${action}`, rest), { remedy: messages.usageRemedy });
  const dir = runtimeDir(context.env);

  if (action === 'stop') {
    // Stopping works whatever turns the worker off now: one started earlier may still run.
    const problem = privateDirProblem(dir, false);
    const { stopped, stale } = problem === undefined ? await stopWorkers(dir) : { stopped: 0, stale: 0 };
    context.stdout.write(`${messages.workerStopped(stopped, stale, dir)}\n`);
    return 0;
  }

  const lines: string[] = [];
  // The config's code.worker is the repository's: `doctor` says it; here, the environment.
  const off = workerOffText(workerOff(context.env, true));
  if (off) lines.push(off);
  const problem = privateDirProblem(dir, false);
  if (problem !== undefined && problem !== 'ENOENT') lines.push(messages.workerDirUnsafe(dir, problem));
  else {
    const workers = problem === undefined ? await listWorkers(dir) : [];
    if (workers.length === 0) lines.push(messages.workerNone(dir));
    for (const found of workers) lines.push(...describeWorker(found));
  }
  context.stdout.write(`${lines.join('\n')}\n`);
  return 0;
};
