import { CacheStore } from './cache/store.js';
import type { Config } from './config/types.js';
import type { Finding, GradedFinding, Notice, Verdict } from './findings.js';
import { hasPythonExtension, hasPythonShebang, isManifest, mayBePythonScript } from './files/classify.js';
import { isRegularFile, type TreeEntry } from './git/parse.js';
import type { Repo } from './git/repo.js';
import type { ContentSource } from './git/source.js';
import { messages } from './messages.js';
import { evaluate } from './policy/evaluate.js';
import type { BlobResult, ScanFile, Scanner } from './scanners/scanner.js';

/** A file to judge, and (for pre-push) the refs and commits it arrived in. */
export type Target = TreeEntry & { origin?: { ref: string; commit: string }[] };

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
}

/** Whether any target could matter, decided on paths alone: the hook's fast path. */
export function mayNeedScan(targets: TreeEntry[]): boolean {
  return targets.some((t) => isRegularFile(t) && (hasPythonExtension(t.path) || mayBePythonScript(t.path) || isManifest(t.path)));
}

interface PythonFile {
  target: Target;
  /** Already read (extensionless scripts are read to see their shebang). */
  content?: Buffer;
}

/** Picks the Python files and the manifests among the targets. */
async function classify(targets: Target[], config: Config, source: ContentSource) {
  // picomatch is loaded only when there are globs to match.
  const excluded = config.code.exclude.length > 0 ? (await import('picomatch')).default(config.code.exclude, { dot: true }) : () => false;
  const python: PythonFile[] = [];
  const manifests: Target[] = [];
  for (const target of targets) {
    if (!isRegularFile(target)) continue;
    if (isManifest(target.path)) {
      manifests.push(target);
      continue;
    }
    if (!config.code.enabled || excluded(target.path)) continue;
    if (hasPythonExtension(target.path)) {
      python.push({ target });
    } else if (mayBePythonScript(target.path)) {
      const content = await source.read(target);
      if (hasPythonShebang(content)) python.push({ target, content });
    }
  }
  return { python, manifests };
}

function withOrigin<T extends Finding>(finding: T, target: Target): T & Pick<GradedFinding, 'origin'> {
  return target.origin ? { ...finding, origin: target.origin } : finding;
}

/**
 * Targets → cache → Bandit for the misses → dependency audit → policy.
 * Returns a verdict and prints nothing.
 */
export async function runPipeline(input: PipelineInput): Promise<Verdict> {
  const { config, source } = input;
  const { python, manifests } = await classify(input.targets, config, source);
  input.onProgress?.({ stage: 'collect', files: python.length + manifests.length });
  const findings: (Finding & Pick<GradedFinding, 'origin'>)[] = [];
  const notices: Notice[] = [];
  let cached = 0;

  if (python.length > 0) {
    const cache = CacheStore.at(input.repo.commonDir);
    const { scanner, notices: scannerNotices } = await input.scanner();
    notices.push(...scannerNotices.map((message) => ({ message })));
    const results = new Map<string, BlobResult>();
    const misses = new Map<string, ScanFile>();
    const keys = python.map(({ target }) => CacheStore.key(target.blob, scanner.identity));
    const hits = await Promise.all(keys.map((key) => cache.get<BlobResult>(key)));
    python.forEach(({ target, content }, i) => {
      const hit = hits[i];
      if (hit) results.set(target.blob, hit);
      else if (!misses.has(target.blob)) {
        // Content is pulled by the scanner when it is ready for it: never the whole batch in memory.
        misses.set(target.blob, { path: target.path, blob: target.blob, read: async () => content ?? source.read(target) });
      }
    });
    cached = python.filter(({ target }) => !misses.has(target.blob)).length;
    input.onProgress?.({ stage: 'scan', files: python.length, cached });
    if (misses.size > 0) {
      const fresh = await scanner.scan([...misses.values()]);
      await Promise.all(
        [...fresh].map(([blob, result]) => {
          results.set(blob, result);
          return cache.set(CacheStore.key(blob, scanner.identity), result);
        }),
      );
    }
    for (const { target } of python) {
      // A scanner that returns nothing for a file has not looked at it: never a pass.
      const result = results.get(target.blob) ?? {
        findings: [],
        unscanned: [
          { kind: 'unscanned' as const, id: 'parse-error' as const, severity: 'UNKNOWN' as const, line: 1, message: messages.noScanResult },
        ],
      };
      for (const finding of [...result.findings, ...result.unscanned]) findings.push(withOrigin({ ...finding, path: target.path }, target));
    }
  }

  if (manifests.length > 0 && config.deps.enabled) {
    input.onProgress?.({ stage: 'audit', manifests: manifests.length });
    const { auditManifests } = await import('./deps/audit.js');
    const byPath = new Map(manifests.map((target) => [target.path, target]));
    const audit = await auditManifests({
      manifests: await Promise.all(manifests.map(async (target) => ({ path: target.path, content: await source.read(target) }))),
      readFile: (path) => source.readPath(path),
      listFiles: async () => (await source.listPaths()).filter(isManifest),
      config,
      root: input.repo.root,
      env: input.env,
      now: input.now,
    });
    notices.push(...audit.notices);
    for (const finding of audit.findings) {
      const target = byPath.get(finding.path);
      findings.push(target ? withOrigin(finding, target) : finding);
    }
  }
  input.onProgress?.({ stage: 'done' });

  return evaluate(findings, config, {
    now: input.now,
    files: python.length + manifests.length,
    cached,
    notices,
    ...(input.reportUnusedIgnores ? { reportUnusedIgnores: true } : {}),
  });
}
