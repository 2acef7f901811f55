/**
 * Whether the resident worker may be used: not in CI (a fresh machine each
 * time, nothing to gain), not turned off by SECGATE_WORKER=0 or
 * `code.worker: false`. Its own small file: the hooks' path asks it on every
 * scan, and the client behind it is loaded only when used.
 */
export function workerWanted(env: NodeJS.ProcessEnv, configured: boolean): boolean {
  if (env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false') return false;
  if (env.SECGATE_WORKER !== undefined && ['0', 'false', 'off', 'no'].includes(env.SECGATE_WORKER.toLowerCase())) return false;
  return configured;
}
