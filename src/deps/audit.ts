import { loadGlob } from '../files/glob.js';
import type { Config } from '../config/types.js';
import type { DependencyFinding, Notice, UnauditedFinding } from '../findings.js';
import { messages } from '../messages.js';
import { daysBetween } from '../report/units.js';
import { includingManifests, parseTracking, type ParsedFile, type ReadsThrough } from './includers.js';
import { isRequirementsFormat } from './manifests/index.js';
import { foldAdvisories } from './osv/fold.js';
import { databasePath } from './osv/location.js';
import { lowestFixingVersion } from './osv/upgrade.js';
import type { AdvisoryDatabase } from './osv/types.js';
import { normalizeName, type Requirement } from './requirement.js';
import { isVersion } from './version.js';

export interface ManifestFile {
  path: string;
  content: Buffer;
  /** Why the manifest could not be read at all (a symlink out of the tree): reported as unreadable, not parsed. */
  unreadable?: string;
}
export interface AuditInput {
  manifests: ManifestFile[];
  /**
   * Other changed files of the same tree that a requirements file may include
   * (`base.txt`): the manifests that include them, or a changed manifest, are
   * audited too.
   */
  changed?: string[];
  /** Reads another file of the same tree (the index, or the pushed commit) for `-r`/`-c` includes. */
  readFile: (path: string) => Promise<Buffer | undefined>;
  /** The manifests of the same tree, where includers are looked for. */
  listFiles: () => Promise<string[]>;
  /** The symlinks a read of a path follows, and the file it reaches: a changed target re-audits the link's manifest. */
  readsThrough?: ReadsThrough;
  config: Config;
  root: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  /** Opens the advisory database; tests and `db` pass their own. */
  openDatabase?: (path: string, env: NodeJS.ProcessEnv) => Promise<AdvisoryDatabase>;
}
export interface AuditResult {
  findings: (DependencyFinding | UnauditedFinding)[];
  notices: Notice[];
  manifests: number;
  /** Unchanged manifests audited because they include a changed file. */
  includers: string[];
  /** The `changed` files that some audited manifest includes (and so were audited). */
  included: string[];
}

/** One read per path: an include named by several manifests is fetched once. */
function memoRead(read: AuditInput['readFile']): AuditInput['readFile'] {
  const seen = new Map<string, Promise<Buffer | undefined>>();
  return (path) => {
    let content = seen.get(path);
    if (!content) seen.set(path, (content = read(path)));
    return content;
  };
}

function unaudited(requirement: Requirement, id: UnauditedFinding['id'], message: string): UnauditedFinding {
  return {
    kind: 'unaudited',
    id,
    severity: 'UNKNOWN',
    package: requirement.name,
    requirement: requirement.requirement,
    path: requirement.path,
    line: requirement.line,
    dev: requirement.dev,
    message,
  };
}

const NOT_AUDITED: Record<Exclude<Requirement['kind'], 'pinned' | 'invalid'>, string> = {
  unpinned: messages.unpinnedRequirement,
  url: messages.urlRequirement,
  editable: messages.editableRequirement,
};

type AuditFinding = DependencyFinding | UnauditedFinding;

/** What makes two findings one: the same advisory on the same pin, or the same problem, in one file; the line is not part of it. */
function groupKey(finding: AuditFinding): string {
  return finding.kind === 'dependency'
    ? `d\0${finding.id}\0${finding.path}\0${normalizeName(finding.package)}\0${finding.version}`
    : `u\0${finding.id}\0${finding.path}\0${finding.package}\0${finding.requirement}\0${finding.message}`;
}

/**
 * One finding per (file, pin, advisory) or (file, problem), with every line
 * it is written on: 64k copies of one vulnerable line are one finding, not
 * 64k, so the report stays bounded. The same pin reached twice (an include
 * read by two manifests, a Poetry list of versions under one key, a lock
 * listing a package twice) keeps each version, and it is development-only
 * only when every copy is: a production path to it is a production dependency.
 */
export function groupFindings(findings: AuditFinding[]): AuditFinding[] {
  const groups = new Map<string, { finding: AuditFinding; lines: Set<number> }>();
  for (const finding of findings) {
    const key = groupKey(finding);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { finding: { ...finding }, lines: new Set([finding.line]) });
      continue;
    }
    group.lines.add(finding.line);
    group.finding.dev = group.finding.dev && finding.dev;
  }
  return [...groups.values()].map(({ finding, lines }) => {
    if (lines.size === 1) return finding;
    const sorted = [...lines].sort((a, b) => a - b);
    return { ...finding, line: sorted[0] ?? finding.line, lines: sorted };
  });
}

/**
 * Parses the manifests (content from the index or a pushed commit, never the
 * disk), reports what cannot be audited, and matches every exact pin against
 * the OSV advisories. The database is opened only when there is a pin to look
 * up, so a commit of an unpinned pyproject.toml needs none.
 */
export async function auditManifests(input: AuditInput): Promise<AuditResult> {
  const { config } = input;
  const excluded = config.deps.exclude.length > 0 ? (await loadGlob())(config.deps.exclude) : () => false;
  const manifests = input.manifests.filter((manifest) => !excluded(manifest.path));
  const read = memoRead(input.readFile);

  const parsedFiles: ParsedFile[] = [];
  for (const manifest of manifests) {
    parsedFiles.push(
      manifest.unreadable === undefined
        ? await parseTracking(manifest.path, manifest.content, read, input.env, input.readsThrough)
        : {
            path: manifest.path,
            parsed: { requirements: [], errors: [{ path: manifest.path, line: 1, message: manifest.unreadable }] },
            reads: new Set(),
          },
    );
  }
  // DESIGN: a changed file that another manifest includes (-r, -c) re-audits the including manifest.
  const changed = new Set([...(input.changed ?? []), ...manifests.map((manifest) => manifest.path).filter(isRequirementsFormat)]);
  const includers =
    changed.size === 0
      ? []
      : await includingManifests(
          changed,
          (await input.listFiles()).filter((path) => !excluded(path)),
          new Set(manifests.map((manifest) => manifest.path)),
          read,
          input.env,
          input.readsThrough,
        );
  parsedFiles.push(...includers);

  const findings: (DependencyFinding | UnauditedFinding)[] = [];
  const pinned: Requirement[] = [];
  for (const { parsed } of parsedFiles) {
    for (const error of parsed.errors) {
      findings.push({
        kind: 'unaudited',
        id: 'unreadable',
        severity: 'UNKNOWN',
        package: '',
        requirement: error.path,
        path: error.path,
        line: error.line,
        dev: false,
        message: error.message,
      });
    }
    for (const requirement of parsed.requirements) {
      if (requirement.kind === 'pinned' && requirement.version !== undefined && isVersion(requirement.version)) pinned.push(requirement);
      else if (requirement.kind === 'pinned')
        findings.push(unaudited(requirement, 'invalid', messages.invalidVersion(requirement.version ?? '')));
      else if (requirement.kind === 'invalid') findings.push(unaudited(requirement, 'invalid', messages.invalidRequirement));
      else findings.push(unaudited(requirement, requirement.kind, NOT_AUDITED[requirement.kind]));
    }
  }

  const notices: Notice[] = [];
  if (pinned.length > 0) {
    const path = databasePath(config, input.root, input.env);
    const open = input.openDatabase ?? (await import('./osv/database.js')).openDatabase;
    const database = await open(path, input.env);
    const days = daysBetween(database.updated, input.now);
    if (days > config.deps.maxAgeDays) {
      notices.push({ message: messages.staleDatabase(path, database.updated.toISOString().slice(0, 10), days, config.deps.maxAgeDays) });
    }
    // Each pin of a file is matched once, however many lines repeat it.
    const pins = new Map<string, { requirement: Requirement; lines: Set<number>; dev: boolean }>();
    for (const requirement of pinned) {
      const key = `${requirement.path}\0${normalizeName(requirement.name)}\0${requirement.version ?? ''}`;
      const pin = pins.get(key);
      if (pin) {
        pin.lines.add(requirement.line);
        pin.dev &&= requirement.dev;
      } else pins.set(key, { requirement, lines: new Set([requirement.line]), dev: requirement.dev });
    }
    const records = await database.recordsFor([...new Set([...pins.values()].map((pin) => pin.requirement.name))]);
    for (const { requirement, lines, dev } of pins.values()) {
      const candidates = records.get(normalizeName(requirement.name)) ?? [];
      if (candidates.length === 0) continue;
      const version = requirement.version ?? '';
      const sorted = [...lines].sort((a, b) => a - b);
      const advisories = await foldAdvisories(candidates, requirement.name, version, (id) => database.recordById(id));
      // One upgrade for the whole pin, when there is one: the report says it once instead of a line per advisory.
      const upgrade = lowestFixingVersion(
        candidates,
        requirement.name,
        version,
        advisories.flatMap((advisory) => advisory.fixed),
      );
      for (const advisory of advisories) {
        findings.push({
          kind: 'dependency',
          id: advisory.id,
          aliases: advisory.aliases,
          package: requirement.name,
          version,
          severity: advisory.severity,
          fixed: advisory.fixed,
          ...(upgrade !== undefined ? { upgrade } : {}),
          path: requirement.path,
          line: sorted[0] ?? requirement.line,
          ...(sorted.length > 1 ? { lines: sorted } : {}),
          dev,
          message: advisory.summary ?? messages.advisoryFallback(advisory.id),
          ...(advisory.references.length > 0 ? { references: advisory.references } : {}),
        });
      }
    }
  }

  const unique = groupFindings(findings);
  const reads = new Set(parsedFiles.flatMap((file) => [...file.reads]));
  return {
    findings: unique,
    notices,
    manifests: parsedFiles.length,
    includers: includers.map((file) => file.path),
    included: (input.changed ?? []).filter((path) => reads.has(path)),
  };
}
