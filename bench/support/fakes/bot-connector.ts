import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FakeService, LoopbackService, readBody, sendJson } from './loopback.js';

/**
 * A loopback fake of the Bot Framework Connector, plus the Teams activities
 * tests and the load bench post to the bot. Tests use FakeBotConnector, which
 * records what it is sent; the load bench starts it through startFakeConnector.
 */

export interface FakeConnector extends FakeService {
  /** Milliseconds every reply waits before it is acknowledged; change it between requests. */
  delayMs: number;
  /** Resolves on the next activity the bot sends (for tests that act while a reply is in flight). */
  nextActivity(): Promise<unknown>;
}

/** One activity the bot posted back to a conversation. */
export interface PostedActivity {
  conversationId: string;
  /** Set when the bot replied to a specific activity (`/activities/:replyToId`). */
  replyToId?: string;
  /** The Authorization header the bot sent, so tests can assert anonymous mode sends none. */
  authorization?: string;
  body: Record<string, unknown>;
}

export interface FakeBotConnectorOptions {
  /** Milliseconds every reply waits before it is acknowledged (see FakeConnector.delayMs). */
  delayMs?: number;
  /** Answer every post with this status, like a connector that rejects the bot (e.g. 403). */
  refuseWith?: number;
  /** How many posted activities to keep in `posted`; all by default. */
  remember?: number;
}

const ACTIVITIES_ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/**
 * A stand-in for the Bot Connector service (the `serviceUrl` Teams puts on
 * every activity). It accepts the two routes a bot uses to answer, records
 * what was posted (up to `remember` activities) and answers like the real
 * service, so tests exercise the adapter's real outbound HTTP instead of a
 * mocked TurnContext.
 */
export class FakeBotConnector extends LoopbackService implements FakeConnector {
  readonly posted: PostedActivity[] = [];
  /** Activities the bot replaced in place (PUT, the Bot Framework's updateActivity; replyToId is the one replaced), apart from new posts. */
  readonly updated: PostedActivity[] = [];
  delayMs: number;
  private received = 0;
  private acknowledged = 0;
  private waiters: ((activity: unknown) => void)[] = [];

  private constructor(private readonly options: FakeBotConnectorOptions) {
    super();
    this.delayMs = options.delayMs ?? 0;
  }

  static async start(options: FakeBotConnectorOptions = {}): Promise<FakeBotConnector> {
    const connector = new FakeBotConnector(options);
    await connector.listen();
    return connector;
  }

  /** The serviceUrl to put on incoming activities, with the trailing slash Teams sends. */
  get serviceUrl(): string {
    return `${this.url}/`;
  }

  /** Activities received so far, including those past `remember`. */
  get calls(): number {
    return this.received;
  }

  nextActivity(): Promise<unknown> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Activities posted to one conversation. */
  to(conversationId: string): PostedActivity[] {
    return this.posted.filter((p) => p.conversationId === conversationId);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = ACTIVITIES_ROUTE.exec(path);
    if (req.method === 'PUT' && match?.[1] && match[2]) {
      await this.update(req, res, match[1], match[2]);
      return;
    }
    if (req.method !== 'POST' || !match?.[1]) {
      sendJson(res, 404, { error: { code: 'NotFound', message: path } });
      return;
    }
    const raw = await readBody(req);
    // Parsed only when someone looks: the load bench sends thousands of replies nobody reads.
    const keep = this.posted.length < (this.options.remember ?? Number.POSITIVE_INFINITY);
    const body = keep || this.waiters.length > 0 ? (JSON.parse(raw || '{}') as Record<string, unknown>) : {};
    this.received += 1;
    if (keep) {
      const record: PostedActivity = { conversationId: decodeURIComponent(match[1]), body };
      if (match[2]) record.replyToId = decodeURIComponent(match[2]);
      if (typeof req.headers.authorization === 'string') record.authorization = req.headers.authorization;
      this.posted.push(record);
    }
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve(body);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.options.refuseWith) {
      sendJson(res, this.options.refuseWith, { error: { code: 'BotNotInConversationRoster' } });
      return;
    }
    this.acknowledged += 1;
    sendJson(res, 200, { id: `posted-${this.acknowledged}` });
  }

  /** `PUT …/activities/:id`: the bot replaced one of its messages. */
  private async update(req: IncomingMessage, res: ServerResponse, conversation: string, id: string): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    this.updated.push({ conversationId: decodeURIComponent(conversation), replyToId: decodeURIComponent(id), body });
    sendJson(res, 200, { id: decodeURIComponent(id) });
  }
}

/** The load bench's view of a FakeBotConnector: acknowledges replies after `delayMs`, counting them. */
export async function startFakeConnector(delayMs = 0): Promise<FakeConnector> {
  return FakeBotConnector.start({ delayMs, remember: 0 });
}

let sequence = 0;

/**
 * A Teams message activity as the Bot Connector posts it to /api/messages:
 * personal chat, with its own id and conversation each time unless `overrides`
 * say otherwise.
 */
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

export interface TeamsActivityOptions {
  serviceUrl: string;
  text: string;
  id?: string;
  locale?: string;
}

/** A personal-chat message from one fixed user in one fixed conversation, as the Emulator / Teams would post it. */
export function teamsMessageActivity(options: TeamsActivityOptions): Record<string, unknown> {
  return teamsActivity(options.serviceUrl, {
    id: options.id ?? `activity-${Math.random().toString(36).slice(2)}`,
    from: { id: '29:user-1', name: 'Test User', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: '28:pmo-guide', name: 'pmo-guide' },
    conversation: { id: 'a:conversation-1', conversationType: 'personal', tenantId: 'tenant-1' },
    locale: options.locale ?? 'en-US',
    text: options.text,
  });
}
