import type { Writable } from 'node:stream';
import type { ListrTask } from 'listr2';
import { messages } from '../messages.js';
import type { ProgressEvent } from '../pipeline.js';
import type { Progress } from './progress.js';

export type LoadListr = () => Promise<typeof import('listr2')>;

type Stage = ProgressEvent['stage'];
const ORDER: Record<Stage, number> = { collect: 0, scan: 1, audit: 2, done: 3 };

/**
 * What the pipeline has reported so far, and promises for what it will. The
 * task list may start late (after the delay) or never, so it reads the past
 * from here rather than from events it may have missed.
 */
export class StageTracker {
  private readonly seen = new Map<Stage, ProgressEvent>();
  private latest = -1;
  private waiters: (() => void)[] = [];
  /** Set by end(): the run is over, whatever stage it reached. */
  outcome: 'done' | 'failed' | undefined;

  record(event: ProgressEvent): void {
    this.seen.set(event.stage, event);
    this.latest = Math.max(this.latest, ORDER[event.stage]);
    this.wake();
  }

  end(outcome: 'done' | 'failed'): void {
    this.outcome = outcome;
    this.wake();
  }

  get<S extends Stage>(stage: S): Extract<ProgressEvent, { stage: S }> | undefined {
    return this.seen.get(stage) as Extract<ProgressEvent, { stage: S }> | undefined;
  }

  /** Resolves once the run has reached `stage` (or ended). */
  reached(stage: Stage): Promise<void> {
    return this.until(() => this.latest >= ORDER[stage]);
  }

  /** Resolves once the run has moved past `stage` (or ended): that stage's task is complete. */
  passed(stage: Stage): Promise<void> {
    return this.until(() => this.latest > ORDER[stage]);
  }

  private until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (condition() || this.outcome !== undefined ? resolve() : this.waiters.push(check));
      check();
    });
  }

  private wake(): void {
    for (const check of this.waiters.splice(0)) check();
  }
}

/**
 * The tasks, in pipeline order. Each completes when the pipeline moves past
 * its stage, so by the time listr2 asks whether the next one is enabled the
 * answer is known: a run without Python files shows no scanning task.
 */
function tasks(tracker: StageTracker): ListrTask[] {
  const failIfFailed = () => {
    if (tracker.outcome === 'failed') throw new Error('failed');
  };
  return [
    {
      title: messages.progressCollect,
      task: async (_context, task) => {
        await tracker.reached('collect');
        const collected = tracker.get('collect');
        if (collected) task.title = messages.progressCollected(collected.files);
        await tracker.passed('collect');
        failIfFailed();
      },
    },
    {
      // The title is fixed when the list is made; the task sets the counts when it starts.
      title: messages.progressScanStart,
      enabled: () => tracker.get('scan') !== undefined,
      task: async (_context, task) => {
        const scan = tracker.get('scan');
        if (scan) task.title = messages.progressScan(scan.files, scan.cached);
        await tracker.passed('scan');
        failIfFailed();
      },
    },
    {
      title: messages.progressAuditStart,
      enabled: () => tracker.get('audit') !== undefined,
      task: async (_context, task) => {
        const audit = tracker.get('audit');
        if (audit) task.title = messages.progressAudit(audit.manifests);
        await tracker.passed('audit');
        failIfFailed();
      },
    },
  ];
}

/**
 * The terminal's task list. listr2 is imported only when the delay has passed,
 * and the list draws on the given stream (stderr) alone: its ProcessOutput gets
 * that stream for both of its outputs, so stdout, which may carry a report, is
 * never written or hijacked. The list is cleared at the end; the report follows.
 */
export function liveProgress(tracker: StageTracker, stream: Writable, delayMs: number, load: LoadListr): Progress {
  let shown: Promise<void> | undefined;
  const show = async () => {
    const { Listr, ListrLogger, ProcessOutput } = await load();
    // The run may have ended while listr2 loaded: then there is nothing to show.
    if (tracker.outcome !== undefined) return;
    // A Writable given to a terminal command is the terminal's WriteStream (isTTY says so).
    const terminal = stream as NodeJS.WriteStream;
    const rendererOptions = {
      logger: new ListrLogger({ processOutput: new ProcessOutput(terminal, terminal) }),
      clearOutput: true,
      // A failed task keeps its title; the CLI prints the error itself.
      showErrorMessage: false,
    };
    const list = new Listr(tasks(tracker), {
      renderer: 'default',
      rendererOptions,
      // listr2 falls back to plain output when *stdout* is no terminal (`--format json > file`); we draw on stderr, which is.
      fallbackRenderer: 'default',
      fallbackRendererOptions: rendererOptions,
      // Ctrl-C stays the process's own business.
      registerSignalListeners: false,
    });
    // A failed run is reported by the CLI; the list only stops drawing.
    await list.run().catch(() => undefined);
  };
  const timer = setTimeout(() => {
    shown = show();
  }, delayMs);
  timer.unref();
  return {
    onProgress: (event) => tracker.record(event),
    async stop(outcome = 'done') {
      clearTimeout(timer);
      tracker.end(outcome);
      await shown;
    },
  };
}
