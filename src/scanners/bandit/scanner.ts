import { availableParallelism } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { spawnCollect } from '../../process/spawn.js';
import { withTempDir } from '../../process/temp.js';
import type { BlobResult, ScanFile, Scanner } from '../scanner.js';
import type { BanditCommand } from './discover.js';
import { parseBanditReport, type BanditReport } from './parse.js';

/** Below this many files per process, another Bandit start costs more than it saves. */
const FILES_PER_EXTRA_PROCESS = 12;
/** Keeps each command line far below the OS limit, whatever the path lengths. */
const MAX_ARG_BYTES = 64 * 1024;

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
      if (batch.length > 0 && argBytes + file.length + 1 > MAX_ARG_BYTES) {
        batches.push(batch);
        batch = [];
        argBytes = 0;
      }
      batch.push(file);
      argBytes += file.length + 1;
    }
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}

export class BanditScanner implements Scanner {
  readonly name = 'bandit';
  readonly identity: string;

  constructor(
    private readonly command: BanditCommand,
    version: string,
    private readonly settingsArgs: string[],
    settingsDigest: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.identity = `bandit ${version} ${settingsDigest}`;
  }

  /**
   * Writes each distinct blob into a private temporary directory that mirrors
   * the repository path (Bandit's messages and path-based config then read
   * naturally), runs Bandit on the batch with no severity or confidence
   * filter, and maps the report back to blobs.
   */
  async scan(files: ScanFile[], signal?: AbortSignal): Promise<Map<string, BlobResult>> {
    const byBlob = new Map<string, ScanFile>();
    for (const file of files) if (!byBlob.has(file.blob)) byBlob.set(file.blob, file);
    if (byBlob.size === 0) return new Map();

    return withTempDir(async (temp) => {
      const tree = join(temp, 'files');
      const pathToBlob = new Map<string, string>();
      const sizes: number[] = [];
      for (const file of byBlob.values()) {
        const target = resolve(tree, file.path);
        // Git paths never climb out, but a scan of explicit paths might try: stay inside.
        if (!target.startsWith(tree + sep)) continue;
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.content);
        pathToBlob.set(target, file.blob);
        sizes.push(file.content.length);
      }

      const paths = [...pathToBlob.keys()];
      const parallel = Math.min(availableParallelism(), Math.max(1, Math.floor(paths.length / FILES_PER_EXTRA_PROCESS)));
      const batches = planBatches(paths, sizes, parallel);
      const reports = await Promise.all(batches.map((batch, i) => this.runOnce(batch, join(temp, `report-${i}.json`), temp, signal)));

      const results = new Map<string, BlobResult>();
      const resolveFile = (name: string) => {
        const absolute = isAbsolute(name) ? name : resolve(temp, name);
        return pathToBlob.get(absolute) ?? pathToBlob.get(resolve(tree, relative(tree, absolute)));
      };
      for (const report of reports) {
        const { byFile, unknown } = parseBanditReport(report, resolveFile);
        if (unknown.length > 0) throw new ToolError(messages.banditUnknownFile(unknown.join(', ')));
        for (const [blob, result] of byFile) results.set(blob, result);
      }
      for (const blob of pathToBlob.values()) if (!results.has(blob)) results.set(blob, { findings: [], unscanned: [] });
      return results;
    });
  }

  private async runOnce(files: string[], output: string, cwd: string, signal?: AbortSignal): Promise<BanditReport> {
    const args = [...this.command.prefix, '--format', 'json', '--output', output, ...this.settingsArgs, ...files];
    let result;
    try {
      result = await spawnCollect(this.command.executable, args, { cwd, env: this.env, ...(signal ? { signal } : {}) });
    } catch (error) {
      throw new ToolError(messages.banditCrashed(this.command.display, (error as Error).message, ''), {
        remedy: messages.banditMissingRemedy,
        cause: error,
      });
    }
    // Bandit exits 1 when it found something; anything else, or no report, is a crash.
    const status = result.signal ? `killed by ${result.signal}` : `exit ${String(result.status)}`;
    let text: string | undefined;
    try {
      text = await readFile(output, 'utf8');
    } catch {
      text = undefined;
    }
    if ((result.status !== 0 && result.status !== 1) || text === undefined) {
      throw new ToolError(messages.banditCrashed(this.command.display, status, result.stderr), { remedy: messages.banditCrashedRemedy });
    }
    try {
      return JSON.parse(text) as BanditReport;
    } catch (error) {
      throw new ToolError(messages.banditCrashed(this.command.display, `${status}, unreadable JSON report`, result.stderr), {
        remedy: messages.banditCrashedRemedy,
        cause: error,
      });
    }
  }
}
