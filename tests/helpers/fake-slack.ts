import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { Telemetry } from '../../adapters/shared/telemetry.js';
import { mountSlack } from '../../adapters/slack/index.js';
import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { MemoryDeduper } from '../../src/dedupe.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/logger.js';
import type { SlackTarget } from './slack-sign.js';

/** One recorded Web API call (or response_url post) the adapter made. */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  authorization?: string | undefined;
}

export interface FakeUser {
  locale?: string;
  isBot?: boolean;
}

/**
 * A fake Slack Web API on 127.0.0.1: records every call with its parsed body
 * and answers `{ ok: true, ... }`. It also serves response_url posts at
 * /response/<id>, recorded as method "response_url".
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly failing = new Map<string, string>();
  private ts = 1_700_000_000;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const fake = new FakeSlack(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.origin}/response/${id}`;
  }

  setUser(id: string, user: FakeUser): void {
    this.users.set(id, user);
  }

  /** Makes a method answer `{ ok: false, error }` (a platform error) from now on. */
  fail(method: string, error = 'fake_failure'): void {
    this.failing.set(method, error);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async waitFor(method: string, match: (c: RecordedCall) => boolean = () => true, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.calls.find((c) => c.method === method && match(c));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no ${method} call within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    const url = req.url ?? '';
    const method = url.startsWith('/response/') ? 'response_url' : url.replace(/^\/api\//, '').split('?')[0] || url;
    this.calls.push({ method, body, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(this.answer(method, body)));
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const failure = this.failing.get(method);
    if (failure) return { ok: false, error: failure };
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'pmo-guide' };
      case 'users.info': {
        const id = String(body.user);
        const user = this.users.get(id) ?? {};
        return { ok: true, user: { id, locale: user.locale ?? 'en-US', is_bot: user.isBot ?? false } };
      }
      case 'chat.postMessage':
        this.ts += 1;
        return { ok: true, channel: body.channel, ts: `${this.ts}.000100` };
      default:
        return { ok: true };
    }
  }
}

/** Form fields holding JSON (blocks, view) are parsed back so tests can look inside. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

export const TEST_BOT_TOKEN = 'xoxb-test-0000-secret-token';
export const TEST_SIGNING_SECRET = 'test-signing-secret-8f3a1c';

/** The pieces of a running test server with the Slack adapter mounted. */
export interface SlackStack {
  fake: FakeSlack;
  kb: KnowledgeBase;
  /** POST target: http://127.0.0.1:PORT/slack/events */
  eventsUrl: string;
  /** For the request builders in slack-sign.ts. */
  target: SlackTarget;
  /** Every pino line written so far, parsed. */
  logLines: () => Record<string, unknown>[];
  rawLog: () => string;
  close: () => Promise<void>;
}

export interface StackOptions {
  /**
   * Read bodies before the adapter, as the production server does (it keeps
   * `req.rawBody` for Bolt); otherwise Bolt reads the request stream itself.
   */
  preParse?: boolean;
}

function keepRawBody(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
}

/** An Express app with the real knowledge, Bot, Telemetry and deduper, and mountSlack on it. */
export async function startSlackStack(options: StackOptions = {}): Promise<SlackStack> {
  const fake = await FakeSlack.start();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const kb = loadKnowledge(defaultKnowledgeDir());
  const app = express();
  if (options.preParse) {
    app.use(express.json({ verify: keepRawBody }), express.urlencoded({ extended: false, verify: keepRawBody }));
  }
  const mounted = await mountSlack(
    { app, bot: new Bot({ kb, logger }), logger, telemetry: new Telemetry(logger), dedupe: new MemoryDeduper() },
    { botToken: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, apiUrl: fake.apiUrl },
  );
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    fake,
    kb,
    eventsUrl,
    target: { eventsUrl, secret: TEST_SIGNING_SECRET, responseUrl: (id) => fake.responseUrl(id) },
    logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    rawLog: () => lines.join('\n'),
    close: async () => {
      await mounted.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}

/** All text in a block list (sections, headers, context, button labels), for `toContain` checks. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}

export interface RenderedButton {
  action_id: string;
  value?: string;
  text: { text: string };
}

export function buttonsOf(blocks: unknown): RenderedButton[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((b: { type?: string; elements?: RenderedButton[] }) =>
    b.type === 'actions' ? (b.elements ?? []) : [],
  );
}

/** The per-request telemetry lines (msg "request") logged so far. */
export function requestLines(stack: SlackStack): Record<string, unknown>[] {
  return stack.logLines().filter((l) => l.msg === 'request');
}
