import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

function close(server: Server): Promise<unknown> {
  return new Promise((done) => server.close(done));
}

/**
 * A real HTTP server on 127.0.0.1 (the only network a test may use), closed
 * after the test: the handler decides what a download gets. Gives the URL of
 * `path` on it and the paths requested so far.
 */
export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  path = '/PyPI/all.zip',
): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, requests };
}

/** A URL on a port nothing listens on: bound, then closed. */
export async function closedUrl(path = '/PyPI/all.zip'): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await close(server);
  return `http://127.0.0.1:${port}${path}`;
}
