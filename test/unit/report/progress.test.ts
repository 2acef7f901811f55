import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress, type ProgressOptions } from '../../../src/report/progress.js';
import { isCI, wantsEscapes } from '../../../src/report/terminal.js';

const ESCAPE = '\u001b';

/** A stream that records what is written; `tty` makes it look like a terminal to listr2 and log-update. */
function capture(tty = false) {
  const stream = new PassThrough();
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  if (tty) Object.assign(stream, { isTTY: true, columns: 100, rows: 40 });
  return { stream, text: () => written };
}

/** A loader that records that it was called, then loads the real listr2. */
function countingLoader() {
  const load = vi.fn(() => import('listr2'));
  return load satisfies NonNullable<ProgressOptions['loadListr']>;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('isCI and wantsEscapes', () => {
  it('takes CI as set unless it is empty, "false" or "0"', () => {
    expect([undefined, '', 'false', 'FALSE', '0', 'true', '1', 'yes'].map((CI) => isCI({ CI }))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('allows escape codes only on a terminal, without NO_COLOR, outside CI', () => {
    expect(wantsEscapes({ isTTY: true, env: {} })).toBe(true);
    expect(wantsEscapes({ isTTY: false, env: {} })).toBe(false);
    expect(wantsEscapes({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(wantsEscapes({ isTTY: true, env: { CI: 'true' } })).toBe(false);
    expect(wantsEscapes({ isTTY: true, env: { CI: 'false', NO_COLOR: '' } })).toBe(true);
  });
});

describe('plain progress (no terminal, CI, NO_COLOR)', () => {
  it('says nothing for a run shorter than the delay', async () => {
    vi.useFakeTimers();
    const out = capture();
    const progress = createProgress({ stream: out.stream, isTTY: false, env: {}, delayMs: 250 });
    progress.onProgress({ stage: 'collect', files: 2 });
    progress.onProgress({ stage: 'scan', files: 2, cached: 1 });
    progress.onProgress({ stage: 'done' });
    await progress.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(out.text()).toBe('');
  });

  it('after the delay prints the current stage, then a line per stage, with no escape codes', async () => {
    vi.useFakeTimers();
    const out = capture(true);
    // A terminal, but in CI: plain lines all the same.
    const progress = createProgress({ stream: out.stream, isTTY: true, env: { CI: 'true' }, delayMs: 250 });
    progress.onProgress({ stage: 'collect', files: 3 });
    progress.onProgress({ stage: 'scan', files: 2, cached: 1 });
    await vi.advanceTimersByTimeAsync(250);
    progress.onProgress({ stage: 'audit', manifests: 1 });
    progress.onProgress({ stage: 'done' });
    await progress.stop();
    expect(out.text()).toBe('secgate: Scanning 2 files (1 from cache)...\nsecgate: Auditing 1 manifest...\n');
  });

  it('says what it is doing even before the first event', async () => {
    vi.useFakeTimers();
    const out = capture();
    const progress = createProgress({ stream: out.stream, isTTY: false, env: {}, delayMs: 250 });
    await vi.advanceTimersByTimeAsync(250);
    await progress.stop();
    expect(out.text()).toBe('secgate: Collecting files...\n');
  });

  it('is what a terminal that reports no width gets', async () => {
    vi.useFakeTimers();
    const load = countingLoader();
    const out = capture(true);
    Object.assign(out.stream, { columns: 0 });
    const progress = createProgress({ stream: out.stream, isTTY: true, env: {}, delayMs: 250, loadListr: load });
    await vi.advanceTimersByTimeAsync(250);
    await progress.stop();
    expect(out.text()).toBe('secgate: Collecting files...\n');
    expect(load).not.toHaveBeenCalled();
  });

  it('never loads listr2', async () => {
    vi.useFakeTimers();
    const load = countingLoader();
    const progress = createProgress({ stream: capture().stream, isTTY: false, env: {}, delayMs: 250, loadListr: load });
    await vi.advanceTimersByTimeAsync(1000);
    await progress.stop();
    expect(load).not.toHaveBeenCalled();
  });
});

describe('live progress (a terminal)', () => {
  it('does not load listr2 or write anything for a run shorter than the delay', async () => {
    vi.useFakeTimers();
    const load = countingLoader();
    const out = capture(true);
    const progress = createProgress({ stream: out.stream, isTTY: true, env: {}, delayMs: 250, loadListr: load });
    progress.onProgress({ stage: 'collect', files: 1 });
    progress.onProgress({ stage: 'done' });
    await progress.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(load).not.toHaveBeenCalled();
    expect(out.text()).toBe('');
  });

  it('draws the task list on its stream, never on stdout, and tells the stages apart', async () => {
    const load = countingLoader();
    const out = capture(true);
    const stdoutWrite = vi.spyOn(process.stdout, 'write');
    try {
      const progress = createProgress({ stream: out.stream, isTTY: true, env: {}, delayMs: 0, loadListr: load });
      await vi.waitFor(() => expect(out.text()).toContain('Collecting files'));
      progress.onProgress({ stage: 'collect', files: 3 });
      progress.onProgress({ stage: 'scan', files: 2, cached: 1 });
      await vi.waitFor(() => expect(out.text()).toContain('Scanning 2 files (1 from cache)'));
      progress.onProgress({ stage: 'audit', manifests: 1 });
      await vi.waitFor(() => expect(out.text()).toContain('Auditing 1 manifest'));
      progress.onProgress({ stage: 'done' });
      await progress.stop();
      expect(load).toHaveBeenCalledTimes(1);
      expect(out.text()).toContain('Collected 3 files');
      expect(out.text()).toContain(ESCAPE);
      expect(stdoutWrite).not.toHaveBeenCalled();
    } finally {
      stdoutWrite.mockRestore();
    }
  });

  it('shows no scanning task for a run without Python files', async () => {
    const out = capture(true);
    const progress = createProgress({ stream: out.stream, isTTY: true, env: {}, delayMs: 0 });
    await vi.waitFor(() => expect(out.text()).toContain('Collecting files'));
    progress.onProgress({ stage: 'collect', files: 1 });
    progress.onProgress({ stage: 'audit', manifests: 1 });
    await vi.waitFor(() => expect(out.text()).toContain('Auditing 1 manifest'));
    progress.onProgress({ stage: 'done' });
    await progress.stop();
    expect(out.text()).not.toContain('Scanning');
  });

  it('stops drawing when the run fails, and stop() resolves', async () => {
    const out = capture(true);
    const progress = createProgress({ stream: out.stream, isTTY: true, env: {}, delayMs: 0 });
    await vi.waitFor(() => expect(out.text()).toContain('Collecting files'));
    await progress.stop('failed');
    const length = out.text().length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(out.text().length).toBe(length);
  });
});
