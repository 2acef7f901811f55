import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm, unlink, writeFile } from '../../process/fs-async.js';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { builtin } from '../../process/builtin.js';
import { displayCommand } from '../../process/display-command.js';
import { privateDirProblem } from '../../process/private-dir.js';
import { spawnCollect } from '../../process/spawn.js';
import { withTempDir } from '../../process/temp.js';
import type { BlobResult, ScanFile, Scanner } from '../scanner.js';
import type { BanditCommand } from './discover.js';
import { honoursNosecComments, nosecLines, withoutNosec } from './nosec.js';
import { banditReportProblem, isOldBandit, parseBanditReport, reportShapeProblem, RETRACTED_CHECK, type BanditReport } from './parse.js';
import type { BanditSettings } from './settings.js';
// In the hooks' bundle (no ES module to load on a cold commit); node:net and node:crypto load only when it is used.
import { connectAhead, noteFallback, scanWithWorker, workerPlan, type Connection, type WorkerPlan } from './worker/client.js';

/** Below this many files per process, another Bandit start (~70 ms) costs more than it saves. */
const FILES_PER_EXTRA_PROCESS = 12;
/** From this many files a scan runs in two waves (planWaves). */
const WAVES_MIN_FILES = 400;
/** The share of the bytes the second wave scans. */
const LAST_WAVE_SHARE = 0.15;
/**
 * From this many files, with the resident worker running, a scan is a pipeline: many smaller
 * batches, each sent as soon as its copies are written, while the next ones are written. A batch
 * costs the worker a fork (milliseconds), not a Bandit start, so the first Bandits start after a
 * fraction of the copies instead of all of them.
 */
const PIPELINE_MIN_FILES = 100;
/** A pipelined batch holds at least this many files, and there are at most this many batches per core. */
const PIPELINE_BATCH_FILES = 25;
const PIPELINE_BATCHES_PER_PROCESS = 4;
/** Contents kept in memory between reading (for the sizes) and writing a pipelined scan's copies; past it, read again. */
const PIPELINE_KEPT_BYTES = 32 * 1024 * 1024;
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

/**
 * The batches of a scan, in the order they run (`parts` at a time). A big
 * scan runs in two waves: first most of the bytes, then the largest files
 * making up LAST_WAVE_SHARE of them, so that while the second wave runs the
 * first wave's results are cached and its copies removed, work that would
 * otherwise all come after the last Bandit ends (writing a cache entry costs
 * about as much as Bandit's time on a small file, so the few largest files
 * cover the most). Below WAVES_MIN_FILES files that work costs less than
 * the second wave's Bandit starts: one wave.
 */
export function planWaves(paths: string[], sizes: number[], parts: number): string[][] {
  if (paths.length < WAVES_MIN_FILES) return planBatches(paths, sizes, parts);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const order = paths.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0));
  const last = new Set<number>();
  let bytes = 0;
  for (const i of order) {
    if (bytes >= total * LAST_WAVE_SHARE) break;
    last.add(i);
    bytes += sizes[i] ?? 0;
  }
  const wave = (inLast: boolean) => {
    const picked = paths.map((_, i) => i).filter((i) => last.has(i) === inLast);
    return planBatches(
      picked.map((i) => paths[i] ?? ''),
      picked.map((i) => sizes[i] ?? 0),
      parts,
    );
  };
  return [...wave(false), ...wave(true)];
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

/** A scan's batches (copy paths), how many run at once, and when batch i's copies are all written. */
interface Staged {
  batches: string[][];
  parts: number;
  ready?: (index: number) => Promise<void>;
  /** Resolves once no copy is being written any more: the folder may be removed. */
  settled?: () => Promise<void>;
}

/** How many Bandits run at once for this many files: one per core, each with enough files to pay for its start. */
function processesFor(files: number): number {
  return Math.min(availableParallelism(), Math.max(1, Math.floor(files / FILES_PER_EXTRA_PROCESS)));
}

/** A file's content for Bandit, or undefined (its result set by `tooLarge`) when it is past MAX_SCAN_BYTES. */
async function readScannable(file: ScanFile, tooLarge: (file: ScanFile, size: number) => void): Promise<Buffer | undefined> {
  const content = await file.read();
  if (content.length <= MAX_SCAN_BYTES) return content;
  tooLarge(file, content.length);
  return undefined;
}

/** What a file in the way of another's copy makes mkdir or an exclusive create say. */
const IN_THE_WAY = new Set(['EEXIST', 'ENOTDIR', 'EISDIR']);

/**
 * The copies of a scan's blobs, at `files/<repository path>`: Bandit's
 * messages and path-based config read naturally, and only the repository's
 * own folders are made (and removed), not a tree per blob, which cost more
 * than the reads from git. A copy whose place is taken (two blobs at one path
 * from pushed branches, two names that decode alike, a file where another's
 * folder is, names equal on a case-insensitive disk) goes to the next layer
 * (`files-1/<path>`, …). Copies are created exclusively, so none ever replaces
 * another: each file is one blob's alone, and a result names its blob.
 */
export class TempCopies {
  /** Each folder made once (or the error making it gave), not once per file in it. */
  private readonly folders = new Map<string, Error | undefined>();
  /** The first layer worth trying for a path: a repeated path skips the layers it already fills. */
  private readonly nextLayer = new Map<string, number>();

  constructor(
    readonly root: string,
    /** As many layers as files: a file alone in a layer meets nothing in its way. */
    private readonly layers: number,
  ) {}

  /**
   * Where the copy went, or undefined for a path that would climb out of the layer. Synchronous: a
   * few small system calls each, where the thread pool's hand-offs for a thousand files cost more
   * CPU than the calls (taken from the Bandits running beside it) and delayed the first Bandit.
   */
  write(path: string, content: Buffer): string | undefined {
    for (let layer = this.nextLayer.get(path) ?? 0; layer <= this.layers; layer++) {
      const root = join(this.root, layer === 0 ? 'files' : `files-${String(layer)}`);
      const target = resolve(root, path);
      // Git paths never climb out, but explicit paths might try: stay inside.
      if (!target.startsWith(root + sep)) return undefined;
      this.nextLayer.set(path, layer + 1);
      try {
        this.folder(dirname(target));
        writeFileSync(target, content, { flag: 'wx' });
        return target;
      } catch (error) {
        if (!IN_THE_WAY.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      }
    }
    throw new Error(`no place for the copy of ${path}`);
  }

  /** Makes a folder (with its parents) once; a folder that cannot be made sends its files to the next layer. */
  private folder(path: string): void {
    if (!this.folders.has(path)) {
      try {
        mkdirSync(path, { recursive: true });
        this.folders.set(path, undefined);
      } catch (error) {
        this.folders.set(path, error as Error);
      }
    }
    const failed = this.folders.get(path);
    if (failed) throw failed;
  }
}

/**
 * Runs `task` on each batch, at most `limit` at once, in order: a slot that
 * frees takes the next batch. A task that fails calls `fail`, and no batch
 * starts once `stop` is aborted.
 */
async function eachBatch<T>(
  batches: T[],
  limit: number,
  stop: AbortSignal,
  fail: () => void,
  task: (batch: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < batches.length && !stop.aborted) {
      const index = next++;
      try {
        await task(batches[index] as T, index);
      } catch (error) {
        fail();
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, batches.length) }, worker));
}

/** Up to this many files, a scan connects to the resident worker before its files are written (connectAhead). */
const AHEAD_MAX_FILES = 8;

/** What a batch's run tells and takes: that its request is out (sent), the connection opened ahead for it (takeAhead). */
interface RunHooks {
  sent?: () => void;
  takeAhead?: () => Promise<Connection | undefined>;
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
  /** The worker to ask, worked out once per run when a scan starts (undefined inside: this Bandit has none). */
  private plan?: Promise<WorkerPlan | undefined>;

  /**
   * Writes each distinct blob into a private temporary directory at its
   * repository path (see TempCopies), runs Bandit with no severity or
   * confidence filter, one process per core when the batch is big enough,
   * each given an equal share of the bytes (in two waves for a big scan, see
   * planWaves), and maps each report back to blobs by file name as soon as
   * its process ends, handing that part to `onResults`.
   */
  async scan(
    files: ScanFile[],
    signal?: AbortSignal,
    onResults?: (results: Map<string, BlobResult>) => void,
  ): Promise<Map<string, BlobResult>> {
    const byBlob = new Map<string, ScanFile>();
    for (const file of files) if (!byBlob.has(file.blob)) byBlob.set(file.blob, file);
    if (byBlob.size === 0) return new Map();

    const failed = new AbortController();
    const stop = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
    // Worked out while the blobs are read and written, not after: on a one-file commit that is most of the wait.
    if (this.resident) this.plan ??= workerPlan(this.command, this.version, this.resident.ran, this.env).catch(() => undefined);
    // The first batch's connection, opened now (connectAhead); one no batch took is closed at the end. Only
    // for a few files, whose request follows in a few ms: the worker reads an accepted connection's request
    // before it accepts the next (other hooks wait meanwhile).
    let ahead =
      byBlob.size <= AHEAD_MAX_FILES
        ? this.plan?.then((plan) =>
            plan && privateDirProblem(plan.dir, true) === undefined && existsSync(plan.socket) ? connectAhead(plan.socket) : undefined,
          )
        : undefined;
    const takeAhead = async () => {
      const taken = ahead;
      ahead = undefined;
      return taken;
    };
    // Only a run that scans loads node:crypto (the findings' code digests): a warm commit never does, and a
    // cold one once its first request is out, while Bandit runs (so too a loose object's check, see pipeline.ts).
    let crypto: Promise<typeof import('node:crypto')> | undefined;
    const loadCrypto = () => (crypto ??= builtin('node:crypto', () => import('node:crypto')));
    const sent = () => void loadCrypto();
    return withTempDir(async (temp) => {
      const results = new Map<string, BlobResult>();
      const pathToBlob = new Map<string, string>();
      /** The repository path of each file written, for messages. */
      const shown = new Map<string, string>();
      const nosec = new Map<string, Map<number, Set<string>>>();
      // Bandit's config, from the tree: beside the files, outside the tree Bandit is given.
      const settingsArgs = [...this.settings.args];
      if (this.settings.configFile) {
        const path = join(temp, this.settings.configFile.name);
        await writeFile(path, this.settings.configFile.content);
        settingsArgs.push('-c', path);
      }
      const unique = [...byBlob.values()];
      const copies = new TempCopies(temp, unique.length);
      const tooLarge = (file: ScanFile, size: number) =>
        results.set(file.blob, {
          findings: [],
          unscanned: [
            { kind: 'unscanned', id: 'parse-error', severity: 'UNKNOWN', line: 1, message: messages.tooLarge(size, MAX_SCAN_BYTES) },
          ],
        });
      /** Writes one file's copy: its place, or undefined for a file not given to Bandit. */
      const place = (file: ScanFile, content: Buffer): string | undefined => {
        const target = copies.write(file.path, content);
        if (target === undefined) return undefined;
        pathToBlob.set(target, file.blob);
        shown.set(target, file.path);
        // Byte for byte (latin1): the comment finder needs only the ASCII structure, and line ends stay put.
        // A file without the bytes `nosec` has no nosec comment: most files skip the finder.
        if (this.readsNosec && content.includes('nosec')) nosec.set(file.blob, nosecLines(content.toString('latin1')));
        return target;
      };
      const plan = this.resident && unique.length >= PIPELINE_MIN_FILES ? await this.plan : undefined;
      // The pipeline only while the worker runs (its socket is there): one-shot, each batch would be a Bandit start.
      const staged =
        plan && existsSync(plan.socket)
          ? await this.pipelined(unique, copies, place, tooLarge, stop)
          : await this.writtenFirst(unique, place, tooLarge);
      const { batches, parts } = staged;
      // Given to Bandit but absent from its report (excluded by its config, say): not looked at, so not passed.
      const leftOut: BlobResult = {
        findings: [],
        unscanned: [{ kind: 'unscanned', id: 'parse-error', severity: 'UNKNOWN', line: 1, message: messages.banditLeftOut }],
      };
      // Each batch is judged, handed on (the caller caches it) and its copies removed as soon as its
      // Bandit ends, while the others still run: that work leaves the end of the scan.
      const removals: Promise<unknown>[] = [];
      let unfinished = batches.length;
      // One failed batch fails the scan: the other Bandits are stopped now, not at their timeout.
      const running = eachBatch(
        batches,
        parts,
        stop,
        () => failed.abort(),
        async (batch, i) => {
          await staged.ready?.(i);
          // Every file of a pipelined batch can be one not given to Bandit (a path climbing out).
          if (batch.length === 0) {
            unfinished--;
            return;
          }
          const names = batch.map((path) => shown.get(path) ?? path);
          const report = await this.runOnce(batch, names, settingsArgs, join(temp, `report-${String(i)}.json`), temp, stop, {
            sent,
            takeAhead,
          });
          const { createHash } = await loadCrypto();
          const digest = (code: string) => createHash('sha256').update(code).digest('hex').slice(0, 32);
          const given = new Set(batch);
          // A report names only the files its run was given.
          const resolveFile = (name: string) => {
            const path = isAbsolute(name) ? name : resolve(temp, name);
            return given.has(path) ? pathToBlob.get(path) : undefined;
          };
          const { byFile, unknown, seen } = parseBanditReport(
            this.readsNosec ? withoutNosec(report, resolveFile, nosec) : report,
            resolveFile,
            digest,
          );
          if (unknown.length > 0) throw new ToolError(messages.banditUnknownFile(unknown.join(', ')));
          const judged = new Map<string, BlobResult>();
          for (const [blob, result] of byFile) {
            if (this.dropsRetracted) result.findings = result.findings.filter((finding) => finding.id !== RETRACTED_CHECK);
            judged.set(blob, result);
          }
          for (const blob of seen) if (!judged.has(blob)) judged.set(blob, { findings: [], unscanned: [] });
          for (const path of batch) {
            const blob = pathToBlob.get(path);
            if (blob !== undefined && !judged.has(blob)) judged.set(blob, leftOut);
          }
          for (const [blob, result] of judged) results.set(blob, result);
          onResults?.(judged);
          // Removed while the other batches run; the last batch to end leaves its copies to the
          // folder's removal, which comes next anyway (a one-file commit waits for nothing more).
          if (--unfinished > 0) removals.push(pool(batch, READ_WINDOW, (path) => unlink(path).catch(() => undefined)));
        },
      );
      try {
        await running;
      } catch (error) {
        failed.abort();
        throw error;
      } finally {
        // No copy may still be in the writing when the folder is removed (it would make it again).
        await staged.settled?.();
      }
      await Promise.all(removals);
      return results;
    })
      .catch((error: unknown) => {
        failed.abort();
        throw error;
      })
      .finally(() => void takeAhead().then((conn) => conn?.destroy()));
  }

  /**
   * Every file written first (a fraction of Bandit's time): then the sizes are known and the
   * processes get equal bytes, Bandit's time being about proportional to them (planWaves).
   */
  private async writtenFirst(
    unique: ScanFile[],
    place: (file: ScanFile, content: Buffer) => string | undefined,
    tooLarge: (file: ScanFile, size: number) => void,
  ): Promise<Staged> {
    const written = await pool(unique, READ_WINDOW, async (file) => {
      const content = await readScannable(file, tooLarge);
      if (content === undefined) return undefined;
      const target = place(file, content);
      return target === undefined ? undefined : { target, size: content.length };
    });
    const placed = written.filter((copy): copy is { target: string; size: number } => copy !== undefined);
    const parts = processesFor(placed.length);
    const batches = planWaves(
      placed.map((copy) => copy.target),
      placed.map((copy) => copy.size),
      parts,
    );
    return { batches, parts };
  }

  /**
   * The resident worker's pipeline: the blobs are read (for their sizes), cut into batches of
   * equal bytes, several per core, and each batch's copies are written in turn, ahead of the
   * Bandits: batch i runs once `ready(i)` resolves, while the next ones are written. The batch
   * lists are filled as they are written (a copy's place is known only then).
   */
  private async pipelined(
    unique: ScanFile[],
    copies: TempCopies,
    place: (file: ScanFile, content: Buffer) => string | undefined,
    tooLarge: (file: ScanFile, size: number) => void,
    stop: AbortSignal,
  ): Promise<Staged> {
    let kept = 0;
    const read = await pool(unique, READ_WINDOW, async (file) => {
      const content = await readScannable(file, tooLarge);
      if (content === undefined) return undefined;
      // Kept for the write unless the scan is huge: then read again, one batch at a time.
      const keep = kept + content.length <= PIPELINE_KEPT_BYTES;
      if (keep) kept += content.length;
      return { file, size: content.length, content: keep ? content : undefined };
    });
    const sized = read.filter((entry) => entry !== undefined);
    const parts = processesFor(sized.length);
    const count = Math.max(1, Math.min(parts * PIPELINE_BATCHES_PER_PROCESS, Math.floor(sized.length / PIPELINE_BATCH_FILES)));
    // Keyed by index, each as long as its copy's path will be (and a little more): batches stay under the argv limit
    // a one-shot fallback meets.
    const root = join(copies.root, `files-${String(unique.length)}`);
    const groups = planBatches(
      sized.map((entry, i) => `${String(i)}:${join(root, entry.file.path)}`),
      sized.map((entry) => entry.size),
      count,
    ).map((group) => group.map((key) => sized[Number(key.slice(0, key.indexOf(':')))] as (typeof sized)[number]));
    const batches: string[][] = groups.map(() => []);
    const writes: Promise<void>[] = [];
    let previous: Promise<void> = Promise.resolve();
    for (const [i, group] of groups.entries()) {
      previous = previous.then(async () => {
        for (const entry of group) {
          // A failed or interrupted scan stops writing: its folder is about to be removed.
          if (stop.aborted) throw stop.reason instanceof Error ? stop.reason : new Error('scan stopped');
          const content = entry.content ?? (await entry.file.read());
          entry.content = undefined;
          const target = place(entry.file, content);
          if (target !== undefined) batches[i]?.push(target);
        }
      });
      writes.push(previous);
      // Awaited by the batch's run; a failure read there, never left unhandled if no run comes.
      previous.catch(() => undefined);
    }
    return {
      batches,
      parts,
      ready: (i) => writes[i] ?? Promise.resolve(),
      settled: async () => void (await Promise.allSettled(writes)),
    };
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
    hooks: RunHooks = {},
  ): Promise<BanditReport> {
    const { sent } = hooks;
    // `--exclude` replaces Bandit's default excludes, which match by substring (`.git` excludes `.github/…`).
    const options = ['--exclude', join(cwd, NO_EXCLUDE), ...(this.readsNosec ? ['--ignore-nosec'] : []), ...settingsArgs];
    if (this.resident) {
      const report = await this.runResident(files, options, output, cwd, signal, hooks).catch(() => undefined);
      if (report) return report;
      // Whatever the worker left (or a scan it gave up on still writes) must not pass for the one-shot run's report.
      await rm(output, { force: true });
      return this.runProcess(files, names, options, output.replace(/(\.json)?$/, '.one-shot.json'), cwd, signal, sent);
    }
    return this.runProcess(files, names, options, output, cwd, signal, sent);
  }

  private async runResident(
    files: string[],
    options: string[],
    output: string,
    cwd: string,
    signal?: AbortSignal,
    { sent, takeAhead }: RunHooks = {},
  ): Promise<BanditReport | undefined> {
    // Worked out at the start of scan(), beside the reads.
    const plan = await this.plan;
    const conn = await takeAhead?.();
    if (!plan) {
      conn?.destroy();
      return undefined;
    }
    const request = { cwd, output, options, files, timeoutSeconds: this.timeoutSeconds };
    const result = await scanWithWorker(plan, request, { signal, ...(sent ? { sent } : {}), conn });
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
    sent?: () => void,
  ): Promise<BanditReport> {
    const args = [...this.command.prefix, '--format', 'json', '--output', output, ...options, ...files];
    const shown = () => displayCommand([this.command.executable, ...args]);
    let result;
    try {
      // Its own process group: a hung Bandit, and whatever it started, is stopped whole at the timeout.
      const running = spawnCollect(this.command.executable, args, {
        cwd,
        env: this.env,
        group: true,
        timeoutMs: this.timeoutSeconds * 1000,
        ...(signal ? { signal } : {}),
      });
      // Started (spawn is synchronous): what waits for its end can be done now.
      sent?.();
      result = await running;
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
    // Read synchronously, as the copies are written: a one-file commit then starts no thread pool at all.
    let text: string | undefined;
    try {
      text = readFileSync(output, 'utf8');
    } catch {
      text = undefined;
    }
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
