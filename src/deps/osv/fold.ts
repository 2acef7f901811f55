import type { Severity } from '../../findings.js';
import { compareVersions, sameVersion } from '../version.js';
import { affects, fixedVersions } from './match.js';
import { vulnerabilitySeverity } from './severity.js';
import { REFERENCES_SHOWN, type OsvRecord } from './types.js';

/** One vulnerability of one pinned package, however many records describe it. */
export interface Advisory {
  id: string;
  /** Every other id of the same vulnerability, sorted. */
  aliases: string[];
  severity: Severity;
  fixed: string[];
  summary?: string;
  references: string[];
}

/** The id shown first: the PyPI-specific databases' ids before CVE numbers. */
function preference(id: string): number {
  if (id.startsWith('PYSEC-')) return 0;
  if (id.startsWith('GHSA-')) return 1;
  if (id.startsWith('CVE-')) return 3;
  return 2;
}

function byPreference(a: string, b: string): number {
  // Plain code-unit order: ids are ASCII, and localeCompare is slow enough to show in a 200-pin audit.
  return preference(a) - preference(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Matches the package's records against the pinned version and folds records
 * that share an id or alias (PYSEC-… and GHSA-… for one CVE) into one
 * advisory. Severity is taken over the group and any alias that is a record
 * of its own in the database, so the richest rating wins.
 */
export async function foldAdvisories(
  candidates: OsvRecord[],
  name: string,
  version: string,
  recordById: (id: string) => Promise<OsvRecord | undefined>,
): Promise<Advisory[]> {
  const matched = candidates.filter((record) => affects(record, name, version));
  // Union-find over ids: records joined by any shared id are one vulnerability.
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  const join = (a: string, b: string) => {
    for (const id of [a, b]) if (!parent.has(id)) parent.set(id, id);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const record of matched) {
    join(record.id, record.id);
    for (const alias of record.aliases ?? []) join(record.id, alias);
  }

  const groups = new Map<string, OsvRecord[]>();
  for (const record of matched) {
    const root = find(record.id);
    groups.set(root, [...(groups.get(root) ?? []), record]);
  }

  const advisories: Advisory[] = [];
  for (const records of groups.values()) {
    const ids = new Set<string>();
    for (const record of records) for (const id of [record.id, ...(record.aliases ?? [])]) ids.add(id);
    const own = new Set(records.map((record) => record.id));
    const related = (await Promise.all([...ids].filter((id) => !own.has(id)).map(recordById))).filter(
      (record): record is OsvRecord => record !== undefined,
    );
    const sorted = [...ids].sort(byPreference);
    const primary = [...own].sort(byPreference)[0] ?? sorted[0] ?? '';

    const fixed: string[] = [];
    for (const candidate of records.flatMap((record) => fixedVersions(record, name, version)).sort((a, b) => compareVersions(a, b) ?? 0)) {
      if (!fixed.some((known) => sameVersion(known, candidate))) fixed.push(candidate);
    }
    const references = [
      ...new Set([...records, ...related].flatMap((record) => (record.references ?? []).map((ref) => ref.url ?? '')).filter(Boolean)),
    ];
    const summary = records.find((record) => record.id === primary)?.summary ?? records.find((record) => record.summary)?.summary;
    advisories.push({
      id: primary,
      aliases: sorted.filter((id) => id !== primary),
      severity: (await vulnerabilitySeverity([...records, ...related])).severity,
      fixed,
      ...(summary ? { summary } : {}),
      references: references.slice(0, REFERENCES_SHOWN),
    });
  }
  return advisories.sort((a, b) => byPreference(a.id, b.id));
}
