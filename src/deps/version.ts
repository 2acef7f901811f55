import { compare as pep440Compare, valid } from '@renovatebot/pep440';

/**
 * PEP 440 versions through @renovatebot/pep440, which orders pre, post, dev,
 * epoch and local parts as Python's `packaging` does (checked against it on
 * the real advisory data in test/integration/deps/packaging-agreement.test.ts).
 * Its own functions throw on text that is no version; these never do.
 */

export function isVersion(text: string): boolean {
  return valid(text) !== null;
}

/** Negative, zero or positive as `a` sorts before, with or after `b`; undefined when either is no version. */
export function compareVersions(a: string, b: string): number | undefined {
  if (!isVersion(a) || !isVersion(b)) return undefined;
  return pep440Compare(a, b);
}

/** PEP 440 equality as `packaging.version.Version` has it: `1.0 == 1.0.0`, `1.0+local != 1.0`. */
export function sameVersion(a: string, b: string): boolean {
  return compareVersions(a, b) === 0;
}
