import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { GitError } from '../errors.js';
import { messages } from '../messages.js';
import { GIT_FIXED_FLAGS, gitEnv } from './exec.js';
import { isFullId, looseHash, readLoose, readLooseUnchecked, type LooseObjects } from './loose.js';

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

/** What readUnchecked keeps, inflated, for a check to come; past it, reads check at once (a large scan gains nothing). */
const UNCHECKED_BYTES = 8 * 1024 * 1024;

interface Pending {
  oid: string;
  resolve: (content: Buffer) => void;
  reject: (error: Error) => void;
}

export interface BlobReaderOptions {
  /** Read full-length ids from their loose object file first (see loose.ts); without it, cat-file answers everything. */
  loose?: LooseObjects | undefined;
}

/**
 * Reads blobs from the object store. A full-length id filed as a loose object
 * (a file just staged) is read from that file and verified; everything else
 * goes through one long-lived `git cat-file --batch`, started on the first
 * read that needs it (a cold one-file commit then starts no git for it).
 * cat-file requests are written at once (git answers them in order), so reads
 * pipeline; callers bound how many they have in flight, so memory holds a few
 * files, not the repository. Content never comes from the working tree.
 *
 * Protocol (https://git-scm.com/docs/git-cat-file#_batch_output):
 *
 *     <oid> SP <type> SP <size> LF <contents> LF
 *     <oid> SP missing LF
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Size of the blob whose header has been read, or undefined while waiting for a header. */
  private bodySize: number | undefined;
  private stderr = '';
  /** Set once git is gone (exited, killed, failed to start) or closed by us: every read after it rejects with this. */
  private gone: Error | undefined;
  private readonly loose: LooseObjects | undefined;
  /** Loose blobs readUnchecked returned, their hash not yet compared with their id (checkUnchecked). */
  private unchecked: { oid: string; inflated: Buffer }[] = [];
  private uncheckedBytes = 0;
  /** Loaded by the first check: from then on every read checks at once, as there is nothing left to save. */
  private hash: ((bytes: Buffer) => string) | undefined;
  /** Ids whose loose file did not hash to its name when checked late: read the strict way from then on. */
  private readonly mismatched = new Set<string>();
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly cwd: string,
    options: BlobReaderOptions = {},
  ) {
    this.loose = options.loose;
  }

  /** Whether `git cat-file --batch` was started (a read it answered, or one that needed it). */
  get spawned(): boolean {
    return this.child !== undefined;
  }

  /** The content of an object (`<oid>`, `:<path>` for the index, `<commit>:<path>`). */
  read(oid: string): Promise<Buffer> {
    if (this.gone) return Promise.reject(this.gone);
    const loose = this.loose;
    if (loose && isFullId(oid, loose.format)) return this.readLooseFirst(loose, oid);
    return this.ask(oid);
  }

  /**
   * Like read, but a loose blob is returned before its hash is compared with its id: the comparison,
   * and node:crypto's load with it (about 3 ms), waits for checkUnchecked, which the caller awaits
   * before it uses anything made of the content. A cold commit's scan then loads node:crypto while
   * Bandit runs, not before. Anything but a plain loose blob is read as read() does.
   */
  async readUnchecked(oid: string): Promise<Buffer> {
    const loose = this.loose;
    const strict =
      this.gone || !loose || !isFullId(oid, loose.format) || this.hash || this.mismatched.has(oid) || this.uncheckedBytes > UNCHECKED_BYTES;
    if (strict) return this.read(oid);
    const found = await readLooseUnchecked(loose, oid);
    if (!found) return this.read(oid);
    this.unchecked.push({ oid, inflated: found.inflated });
    this.uncheckedBytes += found.inflated.length;
    return found.content;
  }

  /**
   * Compares the hash of every blob readUnchecked returned with its id. Returns the ids that did not
   * match, of this call and every earlier one: their content was not the object named, and whatever
   * was made of it must be made again from read(), which finds git's good copy or fails (exit 3).
   */
  checkUnchecked(): Promise<string[]> {
    // One check at a time, each after the last: a call never answers while an earlier one still hashes.
    this.checking = this.checking.then(async () => {
      if (this.unchecked.length === 0 || !this.loose) return;
      const hash = (this.hash ??= await looseHash(this.loose.format));
      for (const { oid, inflated } of this.unchecked.splice(0)) if (hash(inflated) !== oid) this.mismatched.add(oid);
      this.uncheckedBytes = 0;
    });
    return this.checking.then(() => [...this.mismatched]);
  }

  close(): void {
    this.gone ??= new GitError(['cat-file', '--batch'], 'read after the reader was closed', null);
    this.child?.stdin.end();
  }

  private async readLooseFirst(loose: LooseObjects, oid: string): Promise<Buffer> {
    const found = await readLoose(loose, oid);
    if (found?.kind === 'blob') return found.content;
    const content = await this.ask(oid);
    // git prefers a packed copy to a loose one, and hands out a loose object's bytes unchecked: what
    // it answers for a loose file that did not verify is trusted only if it is the object named.
    // (A corrupt object is rare: the id's module loads only then.)
    if (found?.kind === 'mismatch' && (await import('./blob-id.js')).blobId(content, loose.format) !== oid) {
      const file = join(loose.dir, oid.slice(0, 2), oid.slice(2));
      throw new GitError(['cat-file', '--batch'], messages.objectCorrupt(oid, file), null, { remedy: messages.objectCorruptRemedy });
    }
    return content;
  }

  /** Asks cat-file, starting it if this is the first read that needs it. */
  private ask(oid: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.gone) {
        reject(this.gone);
        return;
      }
      const child = (this.child ??= this.start());
      this.pending.push({ oid, resolve, reject });
      child.stdin.write(`${oid}\n`);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    // The same flags and environment as every other git call (no replace refs, no lazy fetch).
    const child = spawn('git', [...GIT_FIXED_FLAGS, 'cat-file', '--batch'], {
      cwd: this.cwd,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.drain();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    // A child killed by a signal has exitCode null: reads waiting on it would wait forever and
    // the event loop would drain into exit 0. Every way git can go fails what waits, and what comes.
    const fail = (reason: string, status: number | null = null) => {
      // git 2.43 and older die on a partial clone's missing object when the fetch is refused: name it and what to do.
      const promised = /could not fetch (\S+) from promisor remote/.exec(this.stderr)?.[1];
      const remedy = promised === undefined ? {} : { remedy: messages.objectNotHereRemedy(promised) };
      this.failAll(new GitError(['cat-file', '--batch'], this.stderr || reason, status, remedy));
    };
    child.on('exit', (code, signal) => {
      if (signal) fail(messages.childKilled(signal));
      else if (code !== 0) fail('git cat-file ended early', code);
      // Exit 0 (our close): answers still in the pipe arrive before 'close', which fails the rest.
    });
    child.on('close', (code) => fail('git cat-file ended early', code));
    child.on('error', (error) => fail(error.message));
    child.stdout.on('error', (error) => fail(error.message));
    // A write to a git that is gone (EPIPE): 'exit' says why.
    child.stdin.on('error', () => {});
    return child;
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
