/** Turns globs into a path test: one function for any number of patterns, dotfiles included. */
export type GlobCompiler = (patterns: string[]) => (path: string) => boolean;

/**
 * picomatch, loaded only by the runs that have globs to match: a hook with no
 * excludes or ignore paths never loads it.
 */
export async function loadGlob(): Promise<GlobCompiler> {
  const picomatch = (await import('picomatch')).default;
  return (patterns) => picomatch(patterns, { dot: true });
}
