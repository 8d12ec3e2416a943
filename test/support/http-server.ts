// Real servers for request-logging tests: bound to 127.0.0.1 on port 0, closed after each test,
// plus raw-socket clients for what supertest cannot do (aborting mid-response, hostile bytes).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import type { CapturedRecord, MemoryTransport } from '@cloudlog/core';

export interface Served {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts `handler` (an Express app or a request listener) on 127.0.0.1, port 0. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends raw bytes (a whole request, hostile headers included) and resolves with the raw response. */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`raw request: no response within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.end(bytes);
  });
}

/** Opens a connection and sends a request without waiting for the response; the test decides when to destroy it. */
export function openRequest(port: number, path: string, headers: Record<string, string> = {}): Socket {
  const socket = connect(port, '127.0.0.1');
  const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  socket.on('error', () => {});
  socket.resume(); // read (and drop) the response, so 'end' and 'close' are seen
  return socket;
}

/** Resolves once `socket` has received at least one byte of response. */
export function firstBytes(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once('data', () => resolve()));
}

/** Resolves when `socket` is closed (by either side). */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

/** A promise and its resolver: lets a handler tell the test "I am running now". */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Access lines are the records carrying an `outcome` (with the default field names). */
export function accessLines(mem: MemoryTransport): CapturedRecord[] {
  return mem.records.filter((r) => r.outcome !== undefined);
}

/** Waits for the access line of the request whose path is `path`. */
export function accessLineFor(mem: MemoryTransport, path: string, timeoutMs = 5_000): Promise<CapturedRecord> {
  return mem.waitFor((r) => r.outcome !== undefined && r.path === path, timeoutMs);
}
