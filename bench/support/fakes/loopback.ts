import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the loopback fakes have in common. The fakes stand in for the two
 * services the adapters call out to — the Slack Web API (slack-api.ts) and the
 * Bot Framework Connector (bot-connector.ts) — so tests and the load bench
 * exercise the real reply path without the internet. Test and bench code only:
 * nothing under src/ or adapters/ imports them.
 */

export interface FakeService {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  readonly url: string;
  /** Calls received so far (counted, not stored, so a long load run stays flat in memory). */
  readonly calls: number;
  close(): Promise<void>;
}

/** How many calls the load bench's views of the fakes remember. */
export const MAX_REMEMBERED = 200;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A server on an OS-chosen 127.0.0.1 port, answering with `handle` (500 if it throws); the fakes below are these. */
export abstract class LoopbackService {
  private readonly server: Server = createServer((req, res) => {
    this.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  protected listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** Base URL, e.g. http://127.0.0.1:1234 */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
