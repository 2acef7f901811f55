/**
 * The hooks secgate installs. A clean `git merge` runs pre-merge-commit, not
 * pre-commit: without it a branch committed with --no-verify merges unjudged.
 */
export const HOOK_NAMES = ['pre-commit', 'pre-merge-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export function isHookName(name: string): name is HookName {
  return (HOOK_NAMES as readonly string[]).includes(name);
}

/** Where a hook that was there before secgate is kept, beside secgate's own. */
export function previousHookName(hook: HookName): string {
  return `${hook}.secgate-previous`;
}

/**
 * Where the pre-commit framework keeps a hook it found when it installed its
 * own; its hook runs that one first ("migration mode").
 */
export function frameworkLegacyName(hook: HookName): string {
  return `${hook}.legacy`;
}
