import { compareVersions, isVersion, versionKey } from '../version.js';
import { normalizeName } from '../requirement.js';
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from './types.js';

/**
 * OSV's evaluation of one record against one PyPI package version
 * (https://ossf.github.io/osv-schema/#evaluation): the listed `versions`
 * united with every ECOSYSTEM range. GIT and SEMVER ranges name commits or
 * other orderings and are not PEP 440: ignored, as OSV's own tools do.
 */

/** The `affected` entries of a record that are about this PyPI package. */
export function affectedEntries(record: OsvRecord, name: string): OsvAffected[] {
  const wanted = normalizeName(name);
  return (record.affected ?? []).filter(
    (entry) =>
      entry.package?.ecosystem === 'PyPI' && typeof entry.package.name === 'string' && normalizeName(entry.package.name) === wanted,
  );
}

function eventVersion(event: OsvEvent): string | undefined {
  return event.introduced ?? event.fixed ?? event.last_affected ?? event.limit;
}

/**
 * Events in version order, `introduced: "0"` first. A bound that is no PEP 440
 * version fails loud, never clean: an unreadable `introduced` counts as "0",
 * an unreadable `fixed`, `last_affected` or `limit` is dropped.
 */
function sortedEvents(events: OsvEvent[]): OsvEvent[] {
  const usable: OsvEvent[] = [];
  for (const event of events) {
    const version = eventVersion(event);
    if (typeof version !== 'string') continue;
    if (event.introduced !== undefined) usable.push(event.introduced === '0' || isVersion(version) ? event : { introduced: '0' });
    else if (isVersion(version)) usable.push(event);
  }
  return usable.sort((a, b) => {
    if (a.introduced === '0') return b.introduced === '0' ? 0 : -1;
    if (b.introduced === '0') return 1;
    return compareVersions(eventVersion(a) ?? '', eventVersion(b) ?? '') ?? 0;
  });
}

/** A test for one ECOSYSTEM range, its events sorted once (the index build asks it about every listed version). */
export function rangeTest(range: OsvRange): (version: string) => boolean {
  const events = sortedEvents(range.events ?? []);
  const limits = events.filter((event) => event.limit !== undefined);
  return (version) => {
    // With limits, a version at or past every limit is outside the range.
    if (limits.length > 0 && !limits.some((event) => (compareVersions(version, event.limit ?? '') ?? 0) < 0)) return false;
    let affected = false;
    for (const event of events) {
      if (event.introduced !== undefined) {
        if (event.introduced === '0' || (compareVersions(version, event.introduced) ?? -1) >= 0) affected = true;
      } else if (event.fixed !== undefined) {
        if ((compareVersions(version, event.fixed) ?? -1) >= 0) affected = false;
      } else if (event.last_affected !== undefined) {
        if ((compareVersions(version, event.last_affected) ?? -1) > 0) affected = false;
      }
    }
    return affected;
  };
}

// Records are read-only once loaded, so what is derived from one of their objects is kept with it.
const rangeTests = new WeakMap<OsvRange, (version: string) => boolean>();
const listedKeys = new WeakMap<OsvAffected, Set<string | undefined>>();

/** Whether `version` falls in one ECOSYSTEM range. */
export function inRange(version: string, range: OsvRange): boolean {
  let test = rangeTests.get(range);
  if (!test) rangeTests.set(range, (test = rangeTest(range)));
  return test(version);
}

/** The entry's listed versions as PEP 440 keys, so that `1.0` finds a listed `1.0.0`. */
function listedVersionKeys(entry: OsvAffected): Set<string | undefined> {
  let keys = listedKeys.get(entry);
  if (!keys) listedKeys.set(entry, (keys = new Set((entry.versions ?? []).map(versionKey).filter((key) => key !== undefined))));
  return keys;
}

/**
 * Whether the record affects `name` at `version`. A withdrawn record affects
 * nothing, and neither does a text that is no PEP 440 version (`packaging`
 * cannot order it): the audit reports such a pin as unaudited before it asks.
 */
export function affects(record: OsvRecord, name: string, version: string): boolean {
  const key = versionKey(version);
  if (record.withdrawn || key === undefined) return false;
  return affectedEntries(record, name).some(
    (entry) =>
      listedVersionKeys(entry).has(key) || (entry.ranges ?? []).some((range) => range.type === 'ECOSYSTEM' && inRange(version, range)),
  );
}

/**
 * The versions that fix it, lowest first: each range's `fixed` events past the
 * pinned version (an older branch's fix is no upgrade path).
 */
export function fixedVersions(record: OsvRecord, name: string, version: string): string[] {
  const fixes = new Set<string>();
  for (const entry of affectedEntries(record, name)) {
    for (const range of entry.ranges ?? []) {
      if (range.type !== 'ECOSYSTEM') continue;
      for (const event of range.events ?? []) {
        if (event.fixed !== undefined && (compareVersions(event.fixed, version) ?? -1) > 0) fixes.add(event.fixed);
      }
    }
  }
  return [...fixes].sort((a, b) => compareVersions(a, b) ?? 0);
}
