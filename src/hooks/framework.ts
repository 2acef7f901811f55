import { readText } from './files.js';
import type { HookName } from './names.js';

/**
 * The pre-commit framework (https://pre-commit.com) marks its hook scripts
 * with an ID line, one hash per template generation (pre-commit's own
 * `is_our_script` checks these, install_uninstall.py).
 */
const FRAMEWORK_HASHES = [
  '138fd403232d2ddd5efb44317e38bf03',
  '4d9958c90bc262f47553e2c073f14cfe',
  'd8ee923c46731b42cd95cc869add4062',
  '49fd668cb42069aa1b6048464be5d395',
  '79f09a650522a87b0da915d0d983b2de',
  'e358c9dae00eac5d06b38dfdb1e33a8c',
];

export function isFrameworkHook(content: string): boolean {
  return FRAMEWORK_HASHES.some((hash) => content.includes(hash));
}

/** The framework's config file, at the work tree's top level. */
export const FRAMEWORK_CONFIG = '.pre-commit-config.yaml';

/** The id in .pre-commit-hooks.yaml that runs secgate in this hook's stage. */
export function frameworkHookId(hook: HookName): string {
  return hook === 'pre-push' ? 'secgate-pre-push' : 'secgate';
}

/**
 * Whether the framework's config lists secgate's hook for this stage: a line
 * `- id: secgate` (a text check, no YAML parser on doctor's path; it can be
 * fooled by a commented-out block's indentation, never by another id).
 */
export async function frameworkConfigListsSecgate(root: string, hook: HookName): Promise<boolean | undefined> {
  const text = await readText(`${root}/${FRAMEWORK_CONFIG}`);
  if (text === undefined) return undefined;
  const id = frameworkHookId(hook);
  return text.split('\n').some((line) => new RegExp(`^\\s*(?:-\\s*)?id:\\s*["']?${id}["']?\\s*(?:#.*)?$`).test(line));
}
