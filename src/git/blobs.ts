import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from '../errors.js';
import { messages } from '../messages.js';
import { GIT_FIXED_FLAGS, gitEnv } from './exec.js';

/** git answered that an object is not in this repository (a partial clone's blob, a path a tree does not have). */
export class ObjectMissing extends GitError {
  /** Checked instead of instanceof: the hooks' bundle and the lazy modules each hold a copy of this class. */
  readonly objectMissing = true;

  constructor(readonly object: string) {
    super(['cat-file', '--batch'], `object ${object} is missing`, null, { remedy: messages.objectNotHereRemedy(object) });
  }
}

export function isObjectMissing(error: unknown): error is ObjectMissing {
  return typeof error === 'object' && error !== null && (error as { objectMissing?: unknown }).objectMissing === true;
}

interface Pending {
  oid: string;
  resolve: (content: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * Reads blobs from the object store through one long-lived
 * `git cat-file --batch`. Requests are written at once (git answers them in
 * order), so reads pipeline; callers bound how many they have in flight, so
 * memory holds a few files, not the repository. Content never comes from the
 * working tree.
 *
 * Protocol (https://git-scm.com/docs/git-cat-file#_batch_output):
 *
 *     <oid> SP <type> SP <size> LF <contents> LF
 *     <oid> SP missing LF
 */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Size of the blob whose header has been read, or undefined while waiting for a header. */
  private bodySize: number | undefined;
  private stderr = '';
  /** Set once git is gone (exited, killed, failed to start) or closed by us: every read after it rejects with this. */
  private gone: Error | undefined;

  constructor(cwd: string) {
    // The same flags and environment as every other git call (no replace refs, no lazy fetch).
    this.child = spawn('git', [...GIT_FIXED_FLAGS, 'cat-file', '--batch'], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.drain();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    // A child killed by a signal has exitCode null: reads waiting on it would wait forever and
    // the event loop would drain into exit 0. Every way git can go fails what waits, and what comes.
    const fail = (reason: string, status: number | null = null) => {
      // git 2.43 and older die on a partial clone's missing object when the fetch is refused: name it and what to do.
      const promised = /could not fetch (\S+) from promisor remote/.exec(this.stderr)?.[1];
      const remedy = promised === undefined ? {} : { remedy: messages.objectNotHereRemedy(promised) };
      this.failAll(new GitError(['cat-file', '--batch'], this.stderr || reason, status, remedy));
    };
    this.child.on('exit', (code, signal) => {
      if (signal) fail(messages.childKilled(signal));
      else if (code !== 0) fail('git cat-file ended early', code);
      // Exit 0 (our close): answers still in the pipe arrive before 'close', which fails the rest.
    });
    this.child.on('close', (code) => fail('git cat-file ended early', code));
    this.child.on('error', (error) => fail(error.message));
    this.child.stdout.on('error', (error) => fail(error.message));
    // A write to a git that is gone (EPIPE): 'exit' says why.
    this.child.stdin.on('error', () => {});
  }

  /** The content of an object (`<oid>`, `:<path>` for the index, `<commit>:<path>`). */
  read(oid: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.gone) {
        reject(this.gone);
        return;
      }
      this.pending.push({ oid, resolve, reject });
      this.child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
    this.gone ??= new GitError(['cat-file', '--batch'], 'read after the reader was closed', null);
    this.child.stdin.end();
  }

  private take(count: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    const unit = all.subarray(0, count);
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return unit;
  }

  /** Answers as many pending reads as the buffered output allows. */
  private drain(): void {
    for (;;) {
      const request = this.pending[0];
      if (!request) return;
      if (this.bodySize === undefined) {
        const newline = this.chunks.length === 0 ? -1 : this.peekNewline();
        if (newline < 0) return;
        const [, type, size] = this.take(newline + 1)
          .toString('utf8')
          .trim()
          .split(' ');
        if (type === 'missing' || type === 'ambiguous' || size === undefined) {
          this.pending.shift();
          request.reject(new ObjectMissing(request.oid));
          continue;
        }
        this.bodySize = Number(size);
      }
      if (this.buffered < this.bodySize + 1) return;
      const body = this.take(this.bodySize + 1).subarray(0, this.bodySize);
      this.bodySize = undefined;
      this.pending.shift();
      // Copy out of the shared stream buffer so the caller owns exactly its bytes.
      request.resolve(Buffer.from(body));
    }
  }

  private peekNewline(): number {
    let offset = 0;
    for (const chunk of this.chunks) {
      const index = chunk.indexOf(0x0a);
      if (index >= 0) return offset + index;
      offset += chunk.length;
    }
    return -1;
  }

  private failAll(error: Error): void {
    this.gone ??= error;
    for (const request of this.pending.splice(0)) request.reject(error);
  }
}
