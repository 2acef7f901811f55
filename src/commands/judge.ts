import { rememberToolVersion } from '../cache/tool-version.js';
import type { LoadedConfig } from '../config/types.js';
import type { Verdict } from '../findings.js';
import type { Repo } from '../git/repo.js';
import type { ChangeParents } from '../git/parents.js';
import type { ContentSource } from '../git/source.js';
import { runPipeline, type ProgressEvent, type Target } from '../pipeline.js';
import { createBanditScanner } from '../scanners/bandit/index.js';
import type { CommandContext } from './context.js';

export interface JudgeInput {
  repo: Repo;
  targets: Target[];
  source: ContentSource;
  context: CommandContext;
  /** The config read from the same tree as the content (the caller knows which). */
  loaded: LoadedConfig;
  reportUnusedIgnores?: boolean;
  /** Passed to the pipeline as it is: the caller decides how (and whether) progress shows. */
  onProgress?: (event: ProgressEvent) => void;
  /** A change's run: what its findings are compared with (closed here, with the source). */
  parents?: ChangeParents;
  /** pre-push: blobs commits were bypassed with, blob id → reason. */
  bypassed?: ReadonlyMap<string, string>;
  /** Compare every finding with the parent, not only those that would block (scan's reports). */
  compareAll?: boolean;
}

/** Runs the pipeline with Bandit under the given config, and returns the verdict. */
export async function judge(input: JudgeInput): Promise<{ verdict: Verdict; loaded: LoadedConfig }> {
  const { repo, context } = input;
  const { loaded } = input;
  try {
    const verdict = await runPipeline({
      repo,
      config: loaded.config,
      env: context.env,
      now: new Date(),
      targets: input.targets,
      source: input.source,
      scanner: async () => {
        const setup = await createBanditScanner({
          root: repo.root,
          env: context.env,
          config: loaded.config.code,
          settings: loaded.bandit,
          rememberVersion: rememberToolVersion(repo.commonDir),
        });
        for (const note of setup.announce) context.stderr.write(`secgate: note: ${note}\n`);
        return setup;
      },
      ...(input.reportUnusedIgnores ? { reportUnusedIgnores: true } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      ...(input.parents ? { parents: input.parents } : {}),
      ...(input.bypassed ? { bypassed: input.bypassed } : {}),
      ...(input.compareAll ? { compareAll: true } : {}),
    });
    return { verdict, loaded };
  } finally {
    input.source.close();
    input.parents?.close();
  }
}
