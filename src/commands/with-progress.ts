import type { Verdict } from '../findings.js';
import type { ProgressEvent } from '../pipeline.js';
import { createProgress } from '../report/progress.js';
import type { CommandContext } from './context.js';

/** Runs a judgement with progress on stderr (shown only when it takes a while). */
export async function withProgress(
  context: CommandContext,
  task: (onProgress: (event: ProgressEvent) => void) => Promise<{ verdict: Verdict }>,
): Promise<Verdict> {
  const progress = createProgress({ stream: context.stderr, isTTY: context.isTTY, env: context.env });
  try {
    const { verdict } = await task(progress.onProgress);
    await progress.stop();
    return verdict;
  } catch (error) {
    await progress.stop('failed');
    throw error;
  }
}
