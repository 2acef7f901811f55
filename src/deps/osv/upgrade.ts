import { compareVersions, sameVersion } from '../version.js';
import { affects } from './match.js';
import type { OsvRecord } from './types.js';

/**
 * The one upgrade that clears every advisory of a pin: the lowest of the
 * versions that fix any of them which none of the records affecting the pin
 * still affects (OSV's own evaluation, so a fix on another release line, say
 * 3.0.14 for a pin at 2.2.0, is not taken for one that covers 2.2.x).
 * Undefined when no fixed version clears them all. Pure.
 */
export function lowestFixingVersion(records: OsvRecord[], name: string, version: string, fixed: string[]): string | undefined {
  const matched = records.filter((record) => affects(record, name, version));
  const candidates: string[] = [];
  for (const candidate of [...fixed].sort((a, b) => compareVersions(a, b) ?? 0)) {
    if ((compareVersions(candidate, version) ?? -1) <= 0) continue;
    if (!candidates.some((known) => sameVersion(known, candidate))) candidates.push(candidate);
  }
  return candidates.find((candidate) => !matched.some((record) => affects(record, name, candidate)));
}
