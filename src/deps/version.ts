import { parse } from '@renovatebot/pep440';

/**
 * PEP 440 versions, parsed by @renovatebot/pep440 and ordered with the sort
 * key of Python's `packaging` (the library's own calculateKey and pyCompare,
 * which it does not export). Checked against `packaging` on the real advisory
 * data in test/integration/deps/packaging-agreement.test.ts. Never throws on
 * text that is no version.
 *
 * Each string is parsed once per process: an audit compares a pin with every
 * bound and listed version of its advisories, and building the index compares
 * every listed version of the database with its ranges, and the library's
 * compare() runs its large regex on both sides of every call.
 */

type KeyPart = number | string | KeyPart[];

interface Parsed {
  /** Equal exactly when the versions are equal under PEP 440. */
  canonical: string;
  key: KeyPart[];
}

/** What the library's parse() returns (its typings describe explain() instead). */
interface LibraryParse {
  epoch: number;
  release: number[];
  pre: [string, number] | null;
  post: [string, number] | null;
  dev: [string, number] | null;
  local: (string | number)[] | null;
}

const cache = new Map<string, Parsed | null>();

function parsed(text: string): Parsed | null {
  let found = cache.get(text);
  if (found !== undefined) return found;
  const version = parse(text) as unknown as LibraryParse | null;
  if (!version) found = null;
  else {
    const release = [...version.release];
    while (release.length > 0 && release[release.length - 1] === 0) release.pop();
    const { epoch, pre, post, dev, local } = version;
    // packaging's _cmpkey: 1.0.dev0 before 1.0a0; no pre sorts after a pre; no post before a post; no dev after a dev.
    const key: KeyPart[] = [
      epoch,
      release,
      !pre && !post && dev ? -Infinity : (pre ?? Infinity),
      post ?? -Infinity,
      dev ?? Infinity,
      local ? local.map((part) => (typeof part === 'number' ? [part, ''] : [-Infinity, part])) : -Infinity,
    ];
    // parse() already lower-cases letters, spells them one way and turns numeric local parts into numbers.
    found = { canonical: JSON.stringify([epoch, release, pre, post, dev, local]), key };
  }
  cache.set(text, found);
  return found;
}

/**
 * Python's tuple comparison over the key, as the library's pyCompare has it:
 * a scalar against a tuple compares as a tuple of one (without building one).
 */
function compareKeys(a: KeyPart, b: KeyPart): number {
  if (a === b) return 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i += 1) {
      const result = compareKeys(a[i] as KeyPart, b[i] as KeyPart);
      if (result !== 0) return result;
    }
    return a.length - b.length;
  }
  if (Array.isArray(a)) return a.length === 0 ? -1 : compareKeys(a[0] as KeyPart, b) || a.length - 1;
  if (Array.isArray(b)) return b.length === 0 ? 1 : compareKeys(a, b[0] as KeyPart) || 1 - b.length;
  if (a === -Infinity || b === Infinity) return -1;
  if (a === Infinity || b === -Infinity) return 1;
  return a < b ? -1 : 1;
}

export function isVersion(text: string): boolean {
  return parsed(text) !== null;
}

/** Negative, zero or positive as `a` sorts before, with or after `b`; undefined when either is no version. */
export function compareVersions(a: string, b: string): number | undefined {
  const [left, right] = [parsed(a), parsed(b)];
  if (left === null || right === null) return undefined;
  return left.canonical === right.canonical ? 0 : compareKeys(left.key, right.key);
}

/** A string that is equal for two versions exactly when they are equal under PEP 440; undefined when no version. */
export function versionKey(text: string): string | undefined {
  return parsed(text)?.canonical;
}

/** PEP 440 equality as `packaging.version.Version` has it: `1.0 == 1.0.0`, `1.0+local != 1.0`. */
export function sameVersion(a: string, b: string): boolean {
  const left = versionKey(a);
  return left !== undefined && left === versionKey(b);
}
