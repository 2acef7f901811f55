/**
 * New or inherited (issue 14): compares the findings of a change with its
 * parent's. The parent's version of a file is scanned (through the same
 * cache) and the parent's manifests audited only when the change has
 * findings there to classify: a clean commit costs nothing more.
 */
import type { Config } from './config/types.js';
import type { AuditResult, ManifestFile } from './deps/audit.js';
import type { Finding, GradedFinding } from './findings.js';
import type { ChangeParents, Parent } from './git/parents.js';
import { shortId } from './git/parents.js';
import type { Target } from './git/target.js';
import { gradeChange, inheritedFrom, type ChangeFacts } from './policy/inherited.js';
import type { BlobResult, ScanFile } from './scanners/scanner.js';

/** A file's findings as the pipeline judges them (the objects themselves: facts are keyed by them). */
export interface FindingGroup {
  target: Target;
  findings: Finding[];
}

/** Per finding of a change's run: new or inherited, and a bypass that covers it. */
export type FactsMap = Map<Finding, ChangeFacts>;

/** The bypassed blobs a push may carry (bypass log): blob id → the reason given. */
export type BypassedBlobs = ReadonlyMap<string, string>;

/**
 * Whether each finding was already in every parent: false for all when a
 * target has no parent, and for a parent that lacks the file.
 */
async function inheritedFlags(
  groups: readonly FindingGroup[],
  parents: ChangeParents,
  /** The parent's findings for the same file; `same` when it is the same blob (every finding is the parent's). */
  parentFindings: (parent: Parent, group: FindingGroup, index: number) => Promise<Finding[] | 'same' | undefined>,
): Promise<boolean[][]> {
  const flags = groups.map((group) => group.findings.map(() => true));
  const parentsOf = await Promise.all(groups.map((group) => parents.of(group.target)));
  await Promise.all(
    groups.map(async (group, g) => {
      const own = parentsOf[g] ?? [];
      if (own.length === 0) {
        flags[g] = group.findings.map(() => false);
        return;
      }
      for (const parent of own) {
        const before = await parentFindings(parent, group, g);
        const inherited =
          before === 'same'
            ? group.findings.map(() => true)
            : before === undefined
              ? group.findings.map(() => false)
              : inheritedFrom(group.findings, before);
        flags[g] = (flags[g] ?? []).map((flag, i) => flag && (inherited[i] ?? false));
      }
    }),
  );
  return flags;
}

/** Records each finding's facts: introduced or not, and a bypass of its blob (with the commit that brought it). */
function record(facts: FactsMap, group: FindingGroup, inherited: boolean[], bypassed: BypassedBlobs | undefined, parents: ChangeParents) {
  const reason = bypassed?.get(group.target.blob);
  const commit = group.target.origin?.[0]?.commit;
  group.findings.forEach((finding, i) => {
    const introduced = !(inherited[i] ?? false);
    // Only a finding written in the bypassed file itself (not in an unchanged manifest that includes it).
    const waived = reason !== undefined && finding.path === group.target.path;
    facts.set(finding, {
      introduced,
      ...(introduced ? {} : { parent: parents.nameFor(finding as Pick<GradedFinding, 'origin'>) }),
      ...(waived ? { bypassed: { commit: commit === undefined ? 'unknown' : shortId(commit), reason } } : {}),
    });
  });
}

/**
 * Code: each file with findings is compared with the parent's version of it
 * (same path, or the path it was renamed from), scanned by `scan` (the
 * pipeline's cache, then the scanner for misses).
 */
export async function codeFacts(
  groups: readonly FindingGroup[],
  parents: ChangeParents,
  scan: (files: ScanFile[]) => Promise<Map<string, BlobResult>>,
  facts: FactsMap,
  bypassed?: BypassedBlobs,
): Promise<void> {
  const withFindings = groups.filter((group) => group.findings.length > 0);
  if (withFindings.length === 0) return;
  // Per parent, the parent's file of every target it is compared with (one git call per parent).
  const parentsOf = await Promise.all(withFindings.map((group) => parents.of(group.target)));
  const byParent = new Map<string, { parent: Parent; groups: number[] }>();
  parentsOf.forEach((own, g) => {
    for (const parent of own) {
      const entry = byParent.get(parent.commit) ?? { parent, groups: [] };
      entry.groups.push(g);
      byParent.set(parent.commit, entry);
    }
  });
  const fileOf = new Map<string, { blob: string; path: string } | undefined>();
  const files: ScanFile[] = [];
  const wanted = new Set<string>();
  for (const { parent, groups: members } of byParent.values()) {
    const entries = await parents.files(
      parent,
      members.map((g) => withFindings[g]?.target as Target),
    );
    members.forEach((g, i) => {
      const entry = entries[i];
      fileOf.set(`${parent.commit} ${g}`, entry);
      // The same content as the parent's: every finding is the parent's, nothing to scan.
      if (entry && entry.blob !== withFindings[g]?.target.blob && !wanted.has(entry.blob)) {
        wanted.add(entry.blob);
        files.push({ path: entry.path, blob: entry.blob, read: () => parents.read(entry.blob) });
      }
    });
  }
  const results = files.length > 0 ? await scan(files) : new Map<string, BlobResult>();
  const flags = await inheritedFlags(withFindings, parents, async (parent, group, g) => {
    const entry = fileOf.get(`${parent.commit} ${g}`);
    if (!entry) return undefined;
    if (entry.blob === group.target.blob) return 'same';
    const result = results.get(entry.blob);
    return result ? [...result.findings, ...result.unscanned].map((finding) => ({ ...finding, path: group.target.path })) : undefined;
  });
  withFindings.forEach((group, g) => record(facts, group, flags[g] ?? [], bypassed, parents));
}

/**
 * What the pipeline audits a tree's manifests with: the same settings, another
 * tree. `advisories` false: only unaudited requirements are compared, so no
 * database is opened (a change with no pin never needs one).
 */
export type AuditTree = (
  manifests: ManifestFile[],
  readFile: (path: string) => Promise<Buffer | undefined>,
  advisories: boolean,
) => Promise<AuditResult>;

/**
 * Dependencies: the manifests audited for one tree (its changed manifests and
 * the unchanged ones that include a changed file) are audited again as the
 * parent has them, with the parent's includes; a finding the parent's audit
 * also has (same file, pin and advisory, or the same unaudited requirement)
 * is inherited.
 */
export async function dependencyFacts(
  audited: { findings: Finding[]; manifests: string[]; targetOf: (finding: Finding) => Target },
  parents: ChangeParents,
  auditTree: AuditTree,
  facts: FactsMap,
  bypassed?: BypassedBlobs,
): Promise<void> {
  if (audited.findings.length === 0) return;
  // Grouped by the target that brought them (the file they are written in, else the tree's first).
  const byTarget = new Map<Target, Finding[]>();
  for (const finding of audited.findings) {
    const target = audited.targetOf(finding);
    const list = byTarget.get(target);
    if (list) list.push(finding);
    else byTarget.set(target, [finding]);
  }
  const parentAudits = new Map<string, Promise<Finding[]>>();
  const auditParent = (parent: Parent) => {
    let found = parentAudits.get(parent.commit);
    if (!found) {
      found = (async () => {
        const manifests = await Promise.all(
          audited.manifests.map(async (path) => ({ path, content: await parents.readPath(parent, path) })),
        );
        const present = manifests.filter((manifest): manifest is ManifestFile => manifest.content !== undefined);
        if (present.length === 0) return [];
        const advisories = audited.findings.some((finding) => finding.kind === 'dependency');
        return (await auditTree(present, (path) => parents.readPath(parent, path), advisories)).findings;
      })();
      parentAudits.set(parent.commit, found);
    }
    return found;
  };
  const groups = [...byTarget].map(([target, findings]) => ({ target, findings }));
  const flags = await inheritedFlags(groups, parents, (parent) => auditParent(parent));
  groups.forEach((group, g) => record(facts, group, flags[g] ?? [], bypassed, parents));
}

/**
 * The pipeline's regrade for evaluate: a change's facts applied to each
 * graded finding. A finding not compared with the parent is new when every
 * finding was compared (a broken link, a file with no parent version); in a
 * hook, which compares only what would block, the others are left as graded.
 */
export function regrade(facts: FactsMap, config: Pick<Config, 'inherited'>, comparedAll: boolean) {
  return (graded: GradedFinding, raw: Finding): GradedFinding => {
    const known = facts.get(raw);
    if (known) return gradeChange(graded, known, config);
    return comparedAll ? gradeChange(graded, { introduced: true }, config) : graded;
  };
}
