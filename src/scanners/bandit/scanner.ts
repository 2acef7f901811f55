import { availableParallelism } from 'node:os';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { displayCommand } from '../../process/display-command.js';
import { spawnCollect } from '../../process/spawn.js';
import { withTempDir } from '../../process/temp.js';
import type { BlobResult, ScanFile, Scanner } from '../scanner.js';
import type { BanditCommand } from './discover.js';
import { honoursNosecComments, nosecLines, withoutNosec } from './nosec.js';
import { banditReportProblem, isOldBandit, parseBanditReport, reportShapeProblem, RETRACTED_CHECK, type BanditReport } from './parse.js';
import type { BanditSettings } from './settings.js';
// In the hooks' bundle (no ES module to load on a cold commit); node:net and node:crypto load only when it is used.
import { noteFallback, scanWithWorker, workerPlan, type WorkerPlan } from './worker/client.js';

/** Below this many files per process, another Bandit start (~70 ms) costs more than it saves. */
const FILES_PER_EXTRA_PROCESS = 12;
/** Keeps each command line far below the OS limit, whatever the path lengths. */
const MAX_ARG_BYTES = 64 * 1024;
/** Files read from git at once: enough to keep the pipe busy, few enough to keep memory flat. */
const READ_WINDOW = 16;
/** A path no file has: given to `--exclude` so Bandit's default excludes do not apply. */
const NO_EXCLUDE = '.secgate-excludes-nothing';

/** code.timeout's default: far beyond what a hook meets on real input, short of forever. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** Files larger than this are not given to Bandit: reported as unscanned, never passed. */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

/** Splits files into at most `parts` groups of similar total size, each under the argv limit. */
export function planBatches(paths: string[], sizes: number[], parts: number): string[][] {
  const groups = Array.from({ length: Math.max(1, parts) }, () => ({ files: [] as string[], bytes: 0 }));
  const order = paths.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0));
  for (const i of order) {
    const lightest = groups.reduce((best, group) => (group.bytes < best.bytes ? group : best));
    lightest.files.push(paths[i] ?? '');
    lightest.bytes += sizes[i] ?? 0;
  }
  const batches: string[][] = [];
  for (const { files } of groups) {
    let batch: string[] = [];
    let argBytes = 0;
    for (const file of files) {
      if (batch.length > 0 && argBytes + Buffer.byteLength(file) + 1 > MAX_ARG_BYTES) {
        batches.push(batch);
        batch = [];
        argBytes = 0;
      }
      batch.push(file);
      argBytes += Buffer.byteLength(file) + 1;
    }
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}

/** Runs `task` over `items` with at most `limit` at once, keeping order of results. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class BanditScanner implements Scanner {
  readonly name = 'bandit';
  readonly identity: string;
  /** Whether secgate, not Bandit, honours `# nosec` (see nosec.ts). */
  private readonly readsNosec: boolean;

  constructor(
    private readonly command: BanditCommand,
    version: string,
    private readonly settings: Pick<BanditSettings, 'args' | 'configFile' | 'digest'>,
    private readonly env: NodeJS.ProcessEnv,
    /** How long one Bandit process may take before it is stopped (code.timeout). */
    private readonly timeoutSeconds: number = DEFAULT_TIMEOUT_SECONDS,
    /** Use the resident worker (see worker/client.ts); `ran` is what runs (describeProgram). Undefined: one-shot only. */
    private readonly resident?: { ran: string },
  ) {
    this.version = version;
    this.dropsRetracted = isOldBandit(version);
    // Before 1.7.5 Bandit's own `# nosec` silences strings and whole blocks: secgate reads the comments instead.
    this.readsNosec = !honoursNosecComments(version);
    // Results cached before either change must not come back from the cache.
    this.identity = `bandit ${version} ${settings.digest}${this.readsNosec ? ' nosec-by-secgate-1' : ''}${this.dropsRetracted ? ` no-${RETRACTED_CHECK}` : ''}`;
  }

  private readonly dropsRetracted: boolean;
  private readonly version: string;
  /** The worker to ask, worked out once per run, on the first batch (undefined inside: this Bandit has none). */
  private plan?: Promise<WorkerPlan | undefined>;

  /**
   * Writes each distinct blob into a private temporary directory, at
   * `files/<blob id>/<repository path>` (Bandit's messages and path-based
   * config then read naturally, and each file is one blob's alone), runs
   * Bandit with no severity or confidence filter, one process per core when
   * the batch is big enough, and maps the reports back to blobs by file name.
   * Each process starts as soon as its files are written.
   */
  async scan(files: ScanFile[], signal?: AbortSignal): Promise<Map<string, BlobResult>> {
    const byBlob = new Map<string, ScanFile>();
    for (const file of files) if (!byBlob.has(file.blob)) byBlob.set(file.blob, file);
    if (byBlob.size === 0) return new Map();

    // One failed run fails the scan: the other Bandits are stopped now, not at their timeout.
    const failed = new AbortController();
    const stop = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
    return withTempDir(async (temp) => {
      const tree = join(temp, 'files');
      const results = new Map<string, BlobResult>();
      const pathToBlob = new Map<string, string>();
      /** The repository path of each file written, for messages. */
      const shown = new Map<string, string>();
      const nosec = new Map<string, Map<number, Set<string>>>();
      // Each folder is made once, not once per file in it: this is the wait before Bandit can start.
      const folders = new Map<string, Promise<unknown>>();
      const made = (folder: string) => folders.get(folder) ?? folders.set(folder, mkdir(folder, { recursive: true })).get(folder);
      // Bandit's config, from the tree: beside the files, outside the tree Bandit is given.
      const settingsArgs = [...this.settings.args];
      if (this.settings.configFile) {
        const path = join(temp, this.settings.configFile.name);
        await writeFile(path, this.settings.configFile.content);
        settingsArgs.push('-c', path);
      }
      const unique = [...byBlob.values()];
      const parts = Math.min(availableParallelism(), Math.max(1, Math.floor(unique.length / FILES_PER_EXTRA_PROCESS)));
      // Sizes are not known before reading; deal files round-robin, then cut each share below the argv limit.
      const shares = Array.from({ length: parts }, (_, part) => unique.filter((_, i) => i % parts === part));

      const runs: Promise<BanditReport>[] = [];
      for (const [part, share] of shares.entries()) {
        const written = await pool(share, READ_WINDOW, async (file) => {
          // One folder per blob: two blobs at one path (three pushed branches, or two
          // names that decode alike) never share a file, so a result names its blob.
          const folder = join(tree, file.blob);
          const target = resolve(folder, file.path);
          // Git paths never climb out, but explicit paths might try: stay inside.
          if (!/^[0-9a-f]+$/.test(file.blob) || !target.startsWith(folder + sep)) return undefined;
          const content = await file.read();
          if (content.length > MAX_SCAN_BYTES) {
            results.set(file.blob, {
              findings: [],
              unscanned: [
                {
                  kind: 'unscanned',
                  id: 'parse-error',
                  severity: 'UNKNOWN',
                  line: 1,
                  message: messages.tooLarge(content.length, MAX_SCAN_BYTES),
                },
              ],
            });
            return undefined;
          }
          await made(dirname(target));
          await writeFile(target, content);
          pathToBlob.set(target, file.blob);
          shown.set(target, file.path);
          // Byte for byte (latin1): the comment finder needs only the ASCII structure, and line ends stay put.
          if (this.readsNosec) nosec.set(file.blob, nosecLines(content.toString('latin1')));
          return target;
        });
        const paths = written.filter((path): path is string => path !== undefined);
        for (const [i, batch] of planBatches(paths, [], 1).entries()) {
          const names = batch.map((path) => shown.get(path) ?? path);
          const run = this.runOnce(batch, names, settingsArgs, join(temp, `report-${part}-${i}.json`), temp, stop);
          // Awaited below, after the other shares are written; a run that fails meanwhile is no unhandled rejection.
          run.catch(() => failed.abort());
          runs.push(run);
        }
      }
      const reports = await Promise.all(runs);

      const resolveFile = (name: string) => pathToBlob.get(isAbsolute(name) ? name : resolve(temp, name));
      for (const report of reports) {
        const { byFile, unknown, seen } = parseBanditReport(
          this.readsNosec ? withoutNosec(report, resolveFile, nosec) : report,
          resolveFile,
        );
        if (unknown.length > 0) throw new ToolError(messages.banditUnknownFile(unknown.join(', ')));
        for (const [blob, result] of byFile) {
          if (this.dropsRetracted) result.findings = result.findings.filter((finding) => finding.id !== RETRACTED_CHECK);
          results.set(blob, result);
        }
        for (const blob of seen) if (!results.has(blob)) results.set(blob, { findings: [], unscanned: [] });
      }
      // Given to Bandit but absent from its report (excluded by its config, say): not looked at, so not passed.
      const leftOut: BlobResult = {
        findings: [],
        unscanned: [{ kind: 'unscanned', id: 'parse-error', severity: 'UNKNOWN', line: 1, message: messages.banditLeftOut }],
      };
      for (const blob of pathToBlob.values()) if (!results.has(blob)) results.set(blob, leftOut);
      return results;
    }).catch((error: unknown) => {
      failed.abort();
      throw error;
    });
  }

  /**
   * Runs Bandit over one batch: in the resident worker when there is one,
   * else (and whenever the worker fails, times out or is gone) as a process
   * of its own. Either way the report is judged alike; a worker's fault is
   * never a result, only a reason to run Bandit again.
   */
  private async runOnce(
    files: string[],
    names: string[],
    settingsArgs: string[],
    output: string,
    cwd: string,
    signal?: AbortSignal,
  ): Promise<BanditReport> {
    // `--exclude` replaces Bandit's default excludes, which match by substring (`.git` excludes `.github/…`).
    const options = ['--exclude', join(cwd, NO_EXCLUDE), ...(this.readsNosec ? ['--ignore-nosec'] : []), ...settingsArgs];
    if (this.resident) {
      const report = await this.runResident(files, options, output, cwd, signal).catch(() => undefined);
      if (report) return report;
      // Whatever the worker left (or a scan it gave up on still writes) must not pass for the one-shot run's report.
      await rm(output, { force: true });
      return this.runProcess(files, names, options, output.replace(/(\.json)?$/, '.one-shot.json'), cwd, signal);
    }
    return this.runProcess(files, names, options, output, cwd, signal);
  }

  private async runResident(
    files: string[],
    options: string[],
    output: string,
    cwd: string,
    signal?: AbortSignal,
  ): Promise<BanditReport | undefined> {
    this.plan ??= workerPlan(this.command, this.version, this.resident?.ran ?? '', this.env);
    const plan = await this.plan;
    if (!plan) return undefined;
    const result = await scanWithWorker(plan, { cwd, output, options, files, timeoutSeconds: this.timeoutSeconds }, signal);
    if (!result) return undefined;
    return this.judge(result.status, null, result.stderr, output, () => `${this.command.display} (resident)`).catch((error: unknown) => {
      noteFallback(plan, (error as Error).message);
      throw error;
    });
  }

  private async runProcess(
    files: string[],
    names: string[],
    options: string[],
    output: string,
    cwd: string,
    signal?: AbortSignal,
  ): Promise<BanditReport> {
    const args = [...this.command.prefix, '--format', 'json', '--output', output, ...options, ...files];
    const shown = () => displayCommand([this.command.executable, ...args]);
    let result;
    try {
      // Its own process group: a hung Bandit, and whatever it started, is stopped whole at the timeout.
      result = await spawnCollect(this.command.executable, args, {
        cwd,
        env: this.env,
        group: true,
        timeoutMs: this.timeoutSeconds * 1000,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw new ToolError(messages.banditCrashed(shown(), (error as Error).message, ''), {
        remedy: messages.banditMissingRemedy,
        cause: error,
      });
    }
    if (result.timedOut) {
      throw new ToolError(messages.banditTimeout(this.timeoutSeconds, names), { remedy: messages.banditTimeoutRemedy });
    }
    return this.judge(result.status, result.signal, result.stderr, output, shown);
  }

  /** Reads and checks the report Bandit wrote: only a run that behaved as Bandit does is judged, and so cached. */
  private async judge(
    exit: number | null,
    killedBy: NodeJS.Signals | null,
    stderr: string,
    output: string,
    shown: () => string,
  ): Promise<BanditReport> {
    // Bandit exits 1 when it found something; anything else, or no report, is a crash.
    const status = killedBy ? `killed by ${killedBy}` : `exit ${String(exit)}`;
    const text = await readFile(output, 'utf8').catch(() => undefined);
    if ((exit !== 0 && exit !== 1) || text === undefined) {
      throw new ToolError(messages.banditCrashed(shown(), status, stderr), { remedy: messages.banditCrashedRemedy });
    }
    let report: unknown;
    try {
      report = JSON.parse(text);
    } catch (error) {
      throw new ToolError(messages.banditCrashed(shown(), `${status}, unreadable JSON report`, stderr), {
        remedy: messages.banditCrashedRemedy,
        cause: error,
      });
    }
    // A report of another shape is not read half-way: what it says about the files cannot be trusted.
    const shapeProblem = reportShapeProblem(report);
    if (shapeProblem !== undefined) {
      throw new ToolError(messages.banditBadReport(this.command.display, shapeProblem), { remedy: messages.banditBadReportRemedy });
    }
    const problem = banditReportProblem(report, exit);
    if (problem) throw new ToolError(messages.banditMisbehaved(this.command.display, problem), { remedy: messages.banditMisbehavedRemedy });
    return report as BanditReport;
  }
}
