import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isTerminal, lazyStdStream } from '../../../src/process/std-streams.js';

/** A stand-in for process.stdout that records what reaches it and whether it was built. */
function recordingStream() {
  const received: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk.toString('utf8'));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { columns: 120 });
  let built = 0;
  return {
    received,
    built: () => built,
    real: () => {
      built += 1;
      return stream;
    },
  };
}

const dirs: string[] = [];
function tempFile(): { path: string; fd: number } {
  const dir = mkdtempSync(join(tmpdir(), 'secgate-std-'));
  dirs.push(dir);
  const path = join(dir, 'out');
  return { path, fd: openSync(path, 'w') };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lazyStdStream', () => {
  it('writes straight to the descriptor, in order, and never builds the stream for writes alone', () => {
    const { path, fd } = tempFile();
    const fake = recordingStream();
    const out = lazyStdStream(fd, fake.real);
    let called = false;
    out.write('héllo ');
    out.write(Buffer.from('wörld\n'));
    out.write('done\n', () => (called = true));
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('héllo wörld\ndone\n');
    expect(called).toBe(true);
    expect(fake.built()).toBe(0);
  });

  it('builds the real stream when asked for anything else, and then writes through it to keep the order', () => {
    const { path, fd } = tempFile();
    const fake = recordingStream();
    const out = lazyStdStream(fd, fake.real);
    out.write('first\n');
    expect(out.columns).toBe(120);
    out.write('second\n');
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('first\n');
    expect(fake.received).toEqual(['second\n']);
    expect(fake.built()).toBe(1);
  });

  it('throws a write error other than a gone reader (EPIPE, see test/integration/gate/output.test.ts)', () => {
    const { fd } = tempFile();
    closeSync(fd);
    expect(() => lazyStdStream(fd, recordingStream().real).write('x')).toThrow(/EBADF/);
  });
});

describe('isTerminal', () => {
  it('answers a file from a stat, without building the stream', () => {
    const { fd } = tempFile();
    const fake = recordingStream();
    expect(isTerminal(fd, fake.real)).toBe(false);
    expect(fake.built()).toBe(0);
    closeSync(fd);
  });

  it('asks the real stream about a character device (here /dev/null, which is no terminal)', () => {
    const fd = openSync('/dev/null', 'w');
    const fake = recordingStream();
    expect(isTerminal(fd, fake.real)).toBe(false);
    expect(fake.built()).toBe(1);
    closeSync(fd);
  });
});
