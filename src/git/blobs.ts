import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from '../errors.js';

/**
 * Reads blobs from the object store through one long-lived
 * `git cat-file --batch`, one at a time, so memory holds one file, not the
 * repository. Content never comes from the working tree.
 *
 * Protocol (https://git-scm.com/docs/git-cat-file#_batch_output):
 *
 *     <oid> SP <type> SP <size> LF <contents> LF
 *     <oid> SP missing LF
 */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private ended = false;
  private stderr = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(cwd: string) {
    this.child = spawn('git', ['--no-pager', 'cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.child.on('close', () => {
      this.ended = true;
      this.wake();
    });
    this.child.on('error', () => {
      this.ended = true;
      this.wake();
    });
    this.child.stdin.on('error', () => {});
  }

  /** The content of a blob. Calls are served in order. */
  read(oid: string): Promise<Buffer> {
    const next = this.queue.then(() => this.readNow(oid));
    this.queue = next.catch(() => {});
    return next;
  }

  close(): void {
    this.child.stdin.end();
  }

  private async readNow(oid: string): Promise<Buffer> {
    this.child.stdin.write(`${oid}\n`);
    const header = await this.take((buf) => {
      const newline = buf.indexOf(0x0a);
      return newline < 0 ? undefined : newline + 1;
    });
    const [, type, size] = header.toString('utf8').trim().split(' ');
    if (type === 'missing' || size === undefined) {
      throw new GitError(['cat-file', '--batch'], `object ${oid} is missing`, null);
    }
    const length = Number(size);
    const body = await this.take((buf) => (buf.length >= length + 1 ? length + 1 : undefined));
    return body.subarray(0, length);
  }

  /** Waits until `need` says how many buffered bytes make a unit, then removes and returns them. */
  private async take(need: (buf: Buffer) => number | undefined): Promise<Buffer> {
    for (;;) {
      const count = need(this.buffer);
      if (count !== undefined) {
        const unit = this.buffer.subarray(0, count);
        this.buffer = this.buffer.subarray(count);
        return unit;
      }
      if (this.ended) throw new GitError(['cat-file', '--batch'], this.stderr || 'ended early', this.child.exitCode);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  private wake(): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.();
  }
}
