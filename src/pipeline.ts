import { CacheStore } from './cache/store.js';
import { configNotices } from './config/notices.js';
import type { Config } from './config/types.js';
import type { AdvisoryDatabase } from './deps/osv/types.js';
import { codeFacts, dependencyFacts, regrade, type AuditTree, type FactsMap, type FindingGroup } from './change.js';
import type { Finding, GradedFinding, Notice, UnscannedFinding, Verdict } from './findings.js';
import { hasPythonExtension, hasPythonShebang, isManifest, mayBeInclude, mayBePythonScript } from './files/classify.js';
import { isRegularFile, MODE_SYMLINK, type TreeEntry } from './git/parse.js';
import { resolvePath } from './git/symlinks.js';
import { brokenLinkReason, followLink, hasLinks, mayMatter } from './link-targets.js';
import type { ChangeParents } from './git/parents.js';
import type { Repo } from './git/repo.js';
import type { ContentSource } from './git/source.js';
import type { Target } from './git/target.js';
import { messages } from './messages.js';
import { evaluate, policyStatuses } from './policy/evaluate.js';
import { ignoresNeedGlob } from './policy/ignore.js';
import { loadGlob, type GlobCompiler } from './files/glob.js';
import { isBlobResult, type BlobResult, type ScanFile, type Scanner } from './scanners/scanner.js';

export type { Target } from './git/target.js';

export type ProgressEvent =
  | { stage: 'collect'; files: number }
  | { stage: 'scan'; files: number; cached: number }
  | { stage: 'audit'; manifests: number }
  | { stage: 'done' };

export interface PipelineInput {
  repo: Repo;
  config: Config;
  env: NodeJS.ProcessEnv;
  now: Date;
  targets: Target[];
  source: ContentSource;
  /**
   * Builds the code scanner when some Python file is to be judged. Building it
   * starts no process (Bandit's version is remembered); only scan() does.
   */
  scanner: () => Promise<{ scanner: Scanner; notices: string[] }>;
  reportUnusedIgnores?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** A change's run (the hooks, scan --since): what its findings are compared with, new or inherited (change.ts). */
  parents?: ChangeParents;
  /** pre-push: the blobs commits were bypassed with (bypass log), blob id → reason. */
  bypassed?: ReadonlyMap<string, string>;
  /**
   * Compare every finding with the parent (`scan --since`, `--staged`: their
   * reports say `introduced` for each). A hook compares only files with a
   * finding that would block: nothing else can change its verdict, and a
   * commit of LOW warnings then costs nothing more.
   */
  compareAll?: boolean;
}

/**
 * Whether any target could matter, decided on paths alone: the hook's fast
 * path. A symlink counts: Python imports (and pip reads) what it points at.
 */
export function mayNeedScan(targets: TreeEntry[]): boolean {
  return targets.some((t) => (isRegularFile(t) || t.mode === MODE_SYMLINK) && mayMatter(t.path));
}

interface PythonFile {
  target: Target;
  /** Already read (extensionless scripts are read to see their shebang). */
  content?: Buffer;
}

/** Picks the Python files, the manifests and the files a manifest may include among the targets. */
async function classify(targets: Target[], config: Config, source: ContentSource, glob: GlobCompiler | undefined) {
  const excluded = glob && config.code.exclude.length > 0 ? glob(config.code.exclude) : () => false;
  const python: PythonFile[] = [];
  const manifests: (Target & { unreadable?: string })[] = [];
  const includes: (Target & { unreadable?: string })[] = [];
  const unscanned: (UnscannedFinding & Pick<GradedFinding, 'origin'>)[] = [];
  for (const listed of targets) {
    if (listed.mode === MODE_SYMLINK && !mayMatter(listed.path)) continue;
    for (const { target, broken } of listed.mode === MODE_SYMLINK ? await followLink(listed, source) : [{ target: listed }]) {
      if (!broken && !isRegularFile(target)) continue;
      if (isManifest(target.path)) {
        // pip and Poetry read through the link: an unreadable target is an unreadable manifest.
        manifests.push(broken ? { ...target, unreadable: brokenLinkReason(target.path, broken) } : target);
        continue;
      }
      if (mayBeInclude(target.path)) {
        // Its includers read it through the link (and report a broken one as unreadable).
        includes.push(target);
        continue;
      }
      if (!config.code.enabled || excluded(target.path)) continue;
      if (hasPythonExtension(target.path)) {
        if (!broken) python.push({ target });
        // Unscanned code is not clean code: a Python name that leads nowhere readable is reported.
        else unscanned.push(withOrigin(unscannedLink(target.path, brokenLinkReason(target.path, broken)), target));
      } else if (!broken && mayBePythonScript(target.path)) {
        const content = await source.read(target);
        if (hasPythonShebang(content)) python.push({ target, content });
      }
      // An extensionless link that leads nowhere readable cannot show a shebang: nothing says it is Python.
    }
  }
  return { python, manifests, includes, unscanned };
}

function unscannedLink(path: string, message: string): UnscannedFinding {
  return { kind: 'unscanned', id: 'symlink', severity: 'UNKNOWN', path, line: 1, message };
}

function withOrigin<T extends Finding>(finding: T, target: Target): T & Pick<GradedFinding, 'origin'> {
  return target.origin ? { ...finding, origin: target.origin } : finding;
}

/** How many manifest audits (one per pushed commit that changes a manifest or an include) run at once. */
const AUDITS_AT_ONCE = 16;

/** Promise.all over `items`, at most `limit` at once, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Targets grouped by the tree their paths are read from (undefined: the source's own), in first-seen order. */
function byTree<T extends Target>(targets: readonly T[]): Map<string | undefined, T[]> {
  const groups = new Map<string | undefined, T[]>();
  for (const target of targets) groups.set(target.tree, [...(groups.get(target.tree) ?? []), target]);
  return groups;
}

/**
 * Targets → cache → Bandit for the misses → dependency audit → policy.
 * Returns a verdict and prints nothing.
 */
export async function runPipeline(input: PipelineInput): Promise<Verdict> {
  const { config, source } = input;
  const glob =
    config.code.exclude.length > 0 || config.deps.exclude.length > 0 || ignoresNeedGlob(config.ignore) ? await loadGlob() : undefined;
  const { python, manifests, includes, unscanned } = await classify(input.targets, config, source, glob);
  input.onProgress?.({ stage: 'collect', files: python.length + manifests.length + unscanned.length });
  const findings: (Finding & Pick<GradedFinding, 'origin'>)[] = [...unscanned];
  // A setting that turns a check off is said on every run that judges files.
  const notices: Notice[] = configNotices(config, glob).map((message) => ({ message }));
  let cached = 0;
  const { parents } = input;
  const facts: FactsMap = new Map();
  /** The findings among `list` that block before the parent is asked (all of them when every finding is compared). */
  const toCompare = (list: Finding[]): ((finding: Finding) => boolean) => {
    if (input.compareAll) return () => true;
    // The policy alone, nothing copied or sorted: 2,000 cached warnings cost a hook no second grading.
    const statuses = policyStatuses(list, config, { now: input.now, ...(glob ? { glob } : {}) });
    const blocking = new Set(list.filter((_, i) => statuses[i]?.status === 'blocking'));
    return (finding) => blocking.has(finding);
  };

  if (python.length > 0) {
    // cache.maxEntries 0 disables the cache: nothing is read or written.
    const cache = config.cache.maxEntries > 0 ? CacheStore.at(input.repo.commonDir, config.cache.maxEntries) : undefined;
    const { scanner, notices: scannerNotices } = await input.scanner();
    notices.push(...scannerNotices.map((message) => ({ message })));
    const results = new Map<string, BlobResult>();
    const misses = new Map<string, PythonFile>();
    const keyOf = CacheStore.keys(scanner.identity);
    const hits = cache?.getMany(
      python.map(({ target }) => keyOf(target.blob)),
      isBlobResult,
    );
    python.forEach((file, i) => {
      const hit = hits?.[i];
      if (hit) results.set(file.target.blob, hit);
      else if (!misses.has(file.target.blob)) misses.set(file.target.blob, file);
    });
    cached = python.filter(({ target }) => !misses.has(target.blob)).length;
    input.onProgress?.({ stage: 'scan', files: python.length, cached });
    if (misses.size > 0) {
      // Content is pulled by the scanner when it is ready for it: never the whole batch in memory.
      const filesFor = (read: (target: Target) => Promise<Buffer>): ScanFile[] =>
        [...misses.values()].map(({ target, content }) => ({
          path: target.path,
          blob: target.blob,
          read: async () => content ?? read(target),
        }));
      // The scan's reads leave the hash check of a loose object for later (BlobReader.readUnchecked), so that
      // node:crypto loads while Bandit runs: nothing it found is cached or judged before the check passes.
      const checked = async () => ((await source.checkUnchecked?.()) ?? []).length === 0;
      // Each part the scanner finishes is cached while it scans the rest: one add at a time, in order.
      // Pruning happens in these adds only, after new entries: a run that only hits never lists the cache.
      const stored = new Set<string>();
      let writes: Promise<Error | undefined> = Promise.resolve(undefined);
      const store = (part: Map<string, BlobResult>) => {
        const entries = [...part].filter(([blob]) => !stored.has(blob));
        for (const [blob] of entries) stored.add(blob);
        if (!cache || entries.length === 0) return;
        writes = writes.then(async (failed) => {
          // A run that met a tampered object caches nothing.
          if (!(await checked())) return failed;
          const error = await cache.add(entries.map(([blob, result]) => [keyOf(blob), result]));
          return failed ?? error;
        });
      };
      const scan = async (files: ScanFile[]) => {
        try {
          return await scanner.scan(files, undefined, store);
        } finally {
          // Even when the scan fails: no entry is left half-written by an exit.
          await writes;
        }
      };
      // A loose object's bytes that are not the object its id names: what was scanned may not be what is
      // committed. Scanned again from reads checked first, which find git's good copy or fail naming the
      // object (exit 3); so too when the scan failed (such bytes may be what made Bandit fail).
      const strictly = () => scan(filesFor((target) => source.read(target)));
      let fresh: Map<string, BlobResult> | undefined;
      try {
        fresh = await scan(filesFor((target) => source.readUnchecked?.(target) ?? source.read(target)));
      } catch (error) {
        if (await checked()) throw error;
      }
      if (fresh === undefined || !(await checked())) fresh = await strictly();
      for (const [blob, result] of fresh) results.set(blob, result);
      store(fresh);
      const failed = await writes;
      if (failed && cache) notices.push({ message: messages.cacheUnwritable(cache.dir, failed.message) });
    }
    // The whole run as one batch, for the next run of the same files (a no-op for small runs).
    if (cache && python.every(({ target }) => results.has(target.blob))) {
      await cache.addBatch(new Map(python.map(({ target }) => [keyOf(target.blob), results.get(target.blob)])));
    }
    const groups: FindingGroup[] = [];
    for (const { target } of python) {
      // A scanner that returns nothing for a file has not looked at it: never a pass.
      const result = results.get(target.blob) ?? {
        findings: [],
        unscanned: [
          { kind: 'unscanned' as const, id: 'parse-error' as const, severity: 'UNKNOWN' as const, line: 1, message: messages.noScanResult },
        ],
      };
      if (result.findings.length === 0 && result.unscanned.length === 0) continue;
      const own = [...result.findings, ...result.unscanned].map((finding) => withOrigin({ ...finding, path: target.path }, target));
      findings.push(...own);
      groups.push({ target, findings: own });
    }
    // New or inherited: the parent's versions of the files with findings, through the same cache.
    if (parents && groups.length > 0) {
      const scanParents = async (files: ScanFile[]) => {
        const found = new Map<string, BlobResult>();
        const known = cache?.getMany(
          files.map((file) => keyOf(file.blob)),
          isBlobResult,
        );
        const missing = files.filter((file, i) => {
          const hit = known?.[i];
          if (hit) found.set(file.blob, hit);
          return !hit;
        });
        if (missing.length === 0) return found;
        const fresh = await scanner.scan(missing);
        for (const [blob, result] of fresh) found.set(blob, result);
        await cache?.add([...fresh].map(([blob, result]) => [keyOf(blob), result]));
        return found;
      };
      const compared = toCompare(groups.flatMap((group) => group.findings));
      const worth = groups.filter((group) => group.findings.some(compared));
      await codeFacts(worth, parents, scanParents, facts, input.bypassed);
    }
  }

  let includeFiles = 0;
  if ((manifests.length > 0 || includes.length > 0) && config.deps.enabled) {
    // Changed includes alone say nothing until an includer is found: no "Auditing 0 manifests".
    if (manifests.length > 0) input.onProgress?.({ stage: 'audit', manifests: manifests.length });
    const { auditManifests } = await import('./deps/audit.js');
    let treeHasLinks: Promise<boolean> | undefined;
    // A push spanning commits audits each commit's manifests in that commit's tree (its includes); one database for all.
    let database: Promise<AdvisoryDatabase> | undefined;
    // The parent's manifests, audited as these are (change.ts): only when the change has dependency findings.
    const noAdvisories = async (): Promise<AdvisoryDatabase> => ({
      source: '',
      updated: input.now,
      advisories: 0,
      recordsFor: async () => new Map(),
      recordById: async () => undefined,
    });
    const auditTree: AuditTree = (manifests, readFile, advisories) =>
      auditManifests({
        manifests,
        readFile,
        listFiles: async () => [],
        config,
        root: input.repo.root,
        env: input.env,
        now: input.now,
        openDatabase: advisories
          ? (path, env) => (database ??= import('./deps/osv/database.js').then((osv) => osv.openDatabase(path, env)))
          : noAdvisories,
      });
    const audits = await mapLimit([...byTree([...manifests, ...includes])], AUDITS_AT_ONCE, async ([tree, group]) => ({
      group,
      audit: await auditManifests({
        manifests: await Promise.all(
          group
            .filter((target) => isManifest(target.path))
            .map(async (target) =>
              target.unreadable === undefined
                ? { path: target.path, content: await source.read(target) }
                : { path: target.path, content: Buffer.alloc(0), unreadable: target.unreadable },
            ),
        ),
        changed: group.filter((target) => !isManifest(target.path)).map((target) => target.path),
        readFile: (path) => source.readPath(path, tree),
        readsThrough: async (path) => {
          if (!(await (treeHasLinks ??= hasLinks(input.targets, source)))) return [];
          const resolved = await resolvePath(source.tree(tree), path).catch(() => undefined);
          return resolved ? [...resolved.through, ...(resolved.kind === 'file' ? [resolved.path] : [])] : [];
        },
        listFiles: async () => (await source.listPaths(tree)).filter(isManifest),
        config,
        root: input.repo.root,
        env: input.env,
        now: input.now,
        openDatabase: (path, env) => (database ??= import('./deps/osv/database.js').then((osv) => osv.openDatabase(path, env))),
      }),
    }));
    const seenNotices = new Set(notices.map((notice) => notice.message));
    // The same finding from several commits (a manifest edited again around an old pin) is one, named by the first.
    const seenFindings = new Map<string, Pick<GradedFinding, 'origin'>>();
    for (const { group, audit } of audits) {
      for (const notice of audit.notices) {
        if (!seenNotices.has(notice.message)) notices.push(notice);
        seenNotices.add(notice.message);
      }
      // Unchanged includers and the changed files they include are judged files too.
      includeFiles += audit.includers.length + audit.included.length;
      const byPath = new Map(group.map((target) => [target.path, target]));
      const fresh: Finding[] = [];
      for (const finding of audit.findings) {
        // An includer's own finding is named by the commit whose change re-audited it.
        const target = byPath.get(finding.path) ?? (group[0]?.tree === undefined ? undefined : group[0]);
        const graded: typeof finding & Pick<GradedFinding, 'origin'> = target ? withOrigin(finding, target) : finding;
        const key = JSON.stringify([
          finding.kind,
          finding.id,
          finding.path,
          finding.line,
          finding.package,
          'version' in finding ? finding.version : finding.requirement,
        ]);
        const seen = seenFindings.get(key);
        if (!seen) {
          seenFindings.set(key, graded);
          findings.push(graded);
          fresh.push(graded);
        } else if (seen.origin && graded.origin) {
          // A copy: the origin array is the target's, shared with its other findings.
          const known = seen.origin;
          seen.origin = [...known, ...graded.origin.filter((origin) => !known.some((o) => o.ref === origin.ref))];
        }
      }
      // New or inherited: the same manifests audited as the parent has them (with its includes).
      if (parents && fresh.some(toCompare(fresh))) {
        const audited = [...group.filter((target) => isManifest(target.path)).map((target) => target.path), ...audit.includers];
        // A finding in an unchanged includer is compared as part of the tree's change (its first target's parents).
        const targetOf = (finding: Finding) => byPath.get(finding.path) ?? (group[0] as Target);
        await dependencyFacts({ findings: fresh, manifests: [...new Set(audited)], targetOf }, parents, auditTree, facts, input.bypassed);
      }
    }
  }
  input.onProgress?.({ stage: 'done' });

  return evaluate(findings, config, {
    now: input.now,
    files: python.length + manifests.length + unscanned.length + includeFiles,
    cached,
    notices,
    ...(input.reportUnusedIgnores ? { reportUnusedIgnores: true } : {}),
    ...(glob ? { glob } : {}),
    ...(parents ? { regrade: regrade(facts, config, input.compareAll === true) } : {}),
  });
}
