import { saysOff } from '../../../process/switch.js';

/** Why the resident worker is not used here, or undefined when it may be. */
export type WorkerOff = 'ci' | 'env' | 'config';

/**
 * Why the resident worker is off: in CI (a fresh machine each time, nothing
 * to gain), turned off by SECGATE_WORKER=0 (or false/off/no), or by
 * `code.worker: false`. Its own small file: the hooks' path asks it on every
 * scan, and the client behind it is loaded only when used.
 */
export function workerOff(env: NodeJS.ProcessEnv, configured: boolean): WorkerOff | undefined {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return 'ci';
  if (saysOff(env.SECGATE_WORKER)) return 'env';
  return configured ? undefined : 'config';
}

export function workerWanted(env: NodeJS.ProcessEnv, configured: boolean): boolean {
  return workerOff(env, configured) === undefined;
}
