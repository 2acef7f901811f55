/** The hooks secgate installs. */
export const HOOK_NAMES = ['pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export function isHookName(name: string): name is HookName {
  return (HOOK_NAMES as readonly string[]).includes(name);
}

/** Where a hook that was there before secgate is kept, beside secgate's own. */
export function previousHookName(hook: HookName): string {
  return `${hook}.secgate-previous`;
}
