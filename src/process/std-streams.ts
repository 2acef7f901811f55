import { fstatSync, writeSync } from 'node:fs';

/**
 * process.stdout or process.stderr, without building it. Node constructs those
 * streams on first touch, and for a pipe or a terminal that is a socket and
 * the net module: about 6 ms of a hook that prints a few lines. Writes go
 * straight to the descriptor instead. Anything else a caller asks of the
 * stream (listr2 on a terminal, `columns`) builds the real one, and from then
 * on the writes go through it too, so they keep their order.
 */
export function lazyStdStream(fd: number, real: () => NodeJS.WriteStream): NodeJS.WriteStream {
  let stream: NodeJS.WriteStream | undefined;
  let readerGone = false;

  function write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    if (stream) return (stream.write as (...args: unknown[]) => boolean)(chunk, ...rest);
    const done = rest.find((arg): arg is () => void => typeof arg === 'function');
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8') : chunk;
    try {
      while (bytes.length > 0 && !readerGone) bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The reader went away (`| head`): the rest has nowhere to go; the exit code still tells.
      if (code === 'EPIPE') readerGone = true;
      // A non-blocking pipe that is full: the stream knows how to wait for it.
      else if (code === 'EAGAIN') return (stream = real()).write(bytes, done);
      else throw error;
    }
    done?.();
    return true;
  }

  return new Proxy({} as NodeJS.WriteStream, {
    get(_target, property) {
      if (property === 'write') return write;
      stream ??= real();
      const value: unknown = Reflect.get(stream, property, stream);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(stream) : value;
    },
  });
}

/**
 * Whether a standard stream is a terminal, as `process.stderr.isTTY` says,
 * without building the stream for a pipe or a file (CI, GUI clients,
 * redirects): one stat answers those. A character device (a terminal, or
 * /dev/null) asks the real stream.
 */
export function isTerminal(fd: number, real: () => NodeJS.WriteStream): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return Boolean(real().isTTY);
}
