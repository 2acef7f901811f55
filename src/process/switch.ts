/** Whether an environment switch says off: `0`, `false`, `off` or `no`, in any case (SECGATE_WORKER, SECGATE_CODE_CACHE). */
export function saysOff(value: string | undefined): boolean {
  return value !== undefined && ['0', 'false', 'off', 'no'].includes(value.toLowerCase());
}
