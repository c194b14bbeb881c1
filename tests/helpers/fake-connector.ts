import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Telemetry } from '../../adapters/shared/telemetry.js';
import { mountTeams } from '../../adapters/teams/index.js';
import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import type { TeamsConfig } from '../../src/config.js';
import { MemoryDeduper } from '../../src/dedupe.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/logger.js';

/** One activity the bot posted back to the channel. */
export interface PostedActivity {
  conversationId: string;
  /** Set when the bot replied to a specific activity (`/activities/:replyToId`). */
  replyToId?: string;
  /** The Authorization header the bot sent, so tests can assert anonymous mode sends none. */
  authorization?: string;
  body: Record<string, unknown>;
}

/**
 * A stand-in for the Bot Connector service (the `serviceUrl` Teams puts on
 * every activity). It accepts the two routes a bot uses to answer, records
 * what was posted and answers like the real service, so tests exercise the
 * adapter's real outbound HTTP instead of a mocked TurnContext.
 */
export class FakeConnector {
  readonly posted: PostedActivity[] = [];
  private readonly server: Server = createServer((req, res) => {
    void this.onRequest(req).then(
      ([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
  private waiters: { count: number; resolve: () => void }[] = [];
  private counter = 0;

  /** `refuseWith`: answer every post with this status, like a connector that rejects the bot (e.g. 403). */
  constructor(private readonly options: { refuseWith?: number } = {}) {}

  /** Starts on 127.0.0.1 with an OS-chosen port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The serviceUrl to put on incoming activities. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  /** Resolves once at least `count` activities have been posted in total. */
  waitFor(count: number, timeoutMs = 5000): Promise<PostedActivity[]> {
    if (this.posted.length >= count) return Promise.resolve(this.posted);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connector saw ${this.posted.length} of ${count}`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.posted);
        },
      });
    });
  }

  /** Activities posted to one conversation. */
  to(conversationId: string): PostedActivity[] {
    return this.posted.filter((p) => p.conversationId === conversationId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage): Promise<[number, unknown]> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(path);
    if (req.method !== 'POST' || !match?.[1]) return [404, { error: { code: 'NotFound', message: path } }];
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    const record: PostedActivity = { conversationId: decodeURIComponent(match[1]), body };
    if (match[2]) record.replyToId = decodeURIComponent(match[2]);
    if (typeof req.headers.authorization === 'string') record.authorization = req.headers.authorization;
    this.posted.push(record);
    this.notify();
    if (this.options.refuseWith) return [this.options.refuseWith, { error: { code: 'BotNotInConversationRoster' } }];
    this.counter += 1;
    return [200, { id: `posted-${this.counter}` }];
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => this.posted.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.posted.length < w.count);
    for (const w of ready) w.resolve();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A real Express server with the Teams adapter mounted, on a loopback port, with captured log lines. */
export interface TeamsServer {
  url: string;
  kb: KnowledgeBase;
  /** Every raw JSON log line written so far. */
  logLines: string[];
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** `appJson: false` leaves body parsing to the adapter's own route parser. */
export async function startTeamsServer(
  config: TeamsConfig,
  { appJson = true, logLines = [] }: { appJson?: boolean; logLines?: string[] } = {},
): Promise<TeamsServer> {
  const kb = loadKnowledge(defaultKnowledgeDir());
  const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
  const app = express();
  if (appJson) app.use(express.json());
  mountTeams(
    { app, bot: new Bot({ kb, logger }), logger, telemetry: new Telemetry(logger), dedupe: new MemoryDeduper() },
    config,
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  return {
    url,
    kb,
    logLines,
    async post(body, headers = {}) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: raw,
      });
      const text = await res.text();
      return { status: res.status, body: text ? safeJson(text) : undefined };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let sequence = 0;

/** A Teams message activity as the Bot Connector posts it, personal chat by default. */
export function teamsActivity(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'message',
    id: `act-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user-1', aadObjectId: 'aad-user-1', name: 'Taro' },
    recipient: { id: '28:bot-1', name: 'pmo-guide' },
    conversation: { id: `a:personal-${sequence}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'en-US',
    ...overrides,
  };
}

type Json = Record<string, unknown>;

/** The Adaptive Card attached to a posted activity. */
export function cardOf(activity: Json): Json {
  const [attachment] = (activity.attachments as Json[] | undefined) ?? [];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error('no adaptive card');
  return attachment.content as Json;
}

/** All TextBlock text in a card, in order, one block per line. */
export function cardText(card: Json): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'TextBlock' && typeof n.text === 'string') texts.push(n.text);
      for (const value of Object.values(n)) walk(value);
    }
  };
  walk(card.body);
  return texts.join('\n');
}

/** Every Action.Submit in a card: its title and data. */
export function cardSubmits(card: Json): { title: string; data: Json }[] {
  const found: { title: string; data: Json }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'Action.Submit') found.push({ title: String(n.title), data: n.data as Json });
      for (const value of Object.values(n)) walk(value);
    }
  };
  walk(card.body);
  return found;
}
