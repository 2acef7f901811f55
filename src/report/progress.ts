import type { Writable } from 'node:stream';
import { messages } from '../messages.js';
import type { ProgressEvent } from '../pipeline.js';
import { StageTracker, liveProgress, type LoadListr } from './progress-live.js';
import { wantsEscapes } from './terminal.js';

/**
 * Progress shows only once a run has taken this long: a quick commit prints
 * nothing extra, and a hook never loads listr2 (about 17 ms) for it.
 */
export const PROGRESS_DELAY_MS = 250;

export interface Progress {
  /** Give to the pipeline (through judge). */
  onProgress: (event: ProgressEvent) => void;
  /** Ends the display (`failed` when the run threw); nothing more is written once it resolves. */
  stop: (outcome?: 'done' | 'failed') => Promise<void>;
}

export interface ProgressOptions {
  /** Where progress goes: stderr, never the stream that carries a JSON or SARIF report. */
  stream: Writable;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  delayMs?: number;
  /** How listr2 is loaded; tests count the loads. */
  loadListr?: LoadListr;
}

/** The plain line for a stage, or none for a stage not worth a line of its own. */
function plainLine(event: ProgressEvent | undefined): string | undefined {
  switch (event?.stage) {
    case undefined:
      return messages.progressCollect;
    case 'scan':
      return messages.progressScan(event.files, event.cached);
    case 'audit':
      return messages.progressAudit(event.manifests);
    default:
      return undefined;
  }
}

/**
 * For logs and pipes (CI, a hook without a terminal, NO_COLOR): once the delay
 * has passed, one line for the stage the run is in and one for each stage
 * after it. No escape codes, nothing redrawn.
 */
function plainProgress(stream: Writable, delayMs: number): Progress {
  let latest: ProgressEvent | undefined;
  let showing = false;
  const write = (line: string | undefined) => {
    if (line !== undefined) stream.write(`secgate: ${line}...\n`);
  };
  const timer = setTimeout(() => {
    showing = true;
    // The stage the run is in now; a stage without a line of its own (collected, done) says nothing.
    write(plainLine(latest));
  }, delayMs);
  // Progress never keeps the process alive.
  timer.unref();
  return {
    onProgress(event) {
      latest = event;
      if (showing) write(plainLine(event));
    },
    async stop() {
      clearTimeout(timer);
    },
  };
}

/**
 * Progress for a run: on a terminal a listr2 task list (collecting, scanning,
 * auditing), elsewhere plain lines, and for runs shorter than the delay
 * nothing at all in either case.
 */
export function createProgress(options: ProgressOptions): Progress {
  const delayMs = options.delayMs ?? PROGRESS_DELAY_MS;
  // A terminal that reports no width (a bare pseudo-terminal) cannot be redrawn in place: it gets lines too.
  // wantsEscapes first: asking a stream for its columns builds it (see process/std-streams.ts).
  if (!wantsEscapes(options) || ((options.stream as { columns?: number }).columns ?? 0) <= 0) return plainProgress(options.stream, delayMs);
  return liveProgress(new StageTracker(), options.stream, delayMs, options.loadListr ?? (() => import('listr2')));
}
