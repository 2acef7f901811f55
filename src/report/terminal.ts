/**
 * Whether a run is in CI: `CI` set to anything but "false" or "0" (GitHub
 * Actions, GitLab and most others set CI=true). CI logs get plain lines.
 */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * Whether the output may carry escape codes (colour, a redrawn task list):
 * only on a terminal, never with NO_COLOR (https://no-color.org: any non-empty
 * value), never in CI, whose log viewers keep every redraw.
 */
export function wantsEscapes(context: { isTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  // The environment first: asking whether a descriptor is a terminal may cost a stat or more.
  return !context.env.NO_COLOR && !isCI(context.env) && context.isTTY;
}

/** Whether the report on stdout may be coloured: stdout's own terminal decides, not stderr's. */
export function reportColor(context: { isTTY: boolean; stdoutIsTTY?: boolean; env: NodeJS.ProcessEnv }): boolean {
  return wantsEscapes({
    get isTTY() {
      return context.stdoutIsTTY ?? context.isTTY;
    },
    env: context.env,
  });
}

/** Whether a hook lists every finding: SECGATE_VERBOSE set to anything but "", "0" or "false" (git passes hooks no flags). */
export function isVerbose(env: NodeJS.ProcessEnv): boolean {
  const value = env.SECGATE_VERBOSE?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}
