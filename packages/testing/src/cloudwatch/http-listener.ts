// A node:http listener that can stop refusing connections and listen again on the same port.
// It keeps every socket so that stopping also cuts keep-alive and hanging connections.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

export class HttpListener {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly onRequest: RequestListener) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  /** Listens on `host:port` and returns the port bound (useful with port 0). */
  async listen(port: number, host: string): Promise<number> {
    if (this.server !== undefined) throw new Error('the local CloudWatch Logs server is already listening');
    const server = createServer(this.onRequest);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // A malformed request line or header must not crash the process: answer 400 and close.
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** Stops accepting connections and destroys the open ones; resolves once the port is free. */
  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}
