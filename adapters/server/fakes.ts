import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback stand-ins for the two services the adapters call out to — the
 * Slack Web API and the Bot Framework Connector — so tests and the load
 * bench exercise the real reply path without the internet. Not used by the
 * server itself. Tests use the FakeSlack and FakeBotConnector classes, which
 * record what they are sent; the load bench starts the same fakes through
 * startFakeSlackApi / startFakeConnector, which remember only a bounded few.
 */

export interface FakeService {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  readonly url: string;
  /** Calls received so far (counted, not stored, so a long load run stays flat in memory). */
  readonly calls: number;
  close(): Promise<void>;
}

export interface FakeSlackApi extends FakeService {
  /** What SLACK_API_URL should be: Slack's WebClient appends the method name to it. */
  readonly apiUrl: string;
  /** Slack Web API methods called, in order (bounded). */
  readonly methods: string[];
}

export interface FakeConnector extends FakeService {
  /** Milliseconds every reply waits before it is acknowledged; change it between requests. */
  delayMs: number;
  /** Resolves on the next activity the bot sends (for tests that act while a reply is in flight). */
  nextActivity(): Promise<unknown>;
}

const MAX_REMEMBERED = 200;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A server on an OS-chosen 127.0.0.1 port, answering with `handle` (500 if it throws); the fakes below are these. */
abstract class LoopbackService {
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

/** One recorded Web API call (or response_url post). */
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
 * A fake Slack Web API on 127.0.0.1 that answers every method with a
 * plausible `{ ok: true, ... }` payload. It also serves response_url posts at
 * /response/<id>, recorded as method "response_url". Every call is recorded
 * in `calls` with its parsed body, up to `remember` of them.
 */
export class FakeSlack extends LoopbackService {
  readonly calls: RecordedCall[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly failing = new Map<string, string>();
  private ts = 1_700_000_000;
  private received = 0;

  private constructor(private readonly remember: number) {
    super();
  }

  static async start({ remember = Number.POSITIVE_INFINITY }: { remember?: number } = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(remember);
    await fake.listen();
    return fake;
  }

  /** What SLACK_API_URL should be. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Every call received, including those past `remember`. */
  get callCount(): number {
    return this.received;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
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

  /** The first call to `method` that `match`es, waiting for it if need be. */
  waitFor(method: string, match: (c: RecordedCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    return this.poll(method, timeoutMs, () => this.calls.find((c) => c.method === method && match(c)));
  }

  /** The first call to `method` made after the first `seen` calls, waiting for it if need be. */
  nextCall(method: string, seen: number, timeoutMs = 5000): Promise<RecordedCall> {
    return this.poll(method, timeoutMs, () => this.calls.slice(seen).find((c) => c.method === method));
  }

  private async poll(method: string, timeoutMs: number, find: () => RecordedCall | undefined): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = find();
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no ${method} call within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? '';
    const method = url.startsWith('/response/') ? 'response_url' : url.replace(/^\/api\//, '').split('?')[0] || url;
    // Parsed only when needed: the load bench posts thousands of answers it never looks at.
    let parsed: Record<string, unknown> | undefined;
    const body = () => {
      parsed ??= parseBody(raw, req.headers['content-type']);
      return parsed;
    };
    this.received += 1;
    if (this.calls.length < this.remember) {
      this.calls.push({ method, body: body(), authorization: req.headers.authorization });
    }
    sendJson(res, 200, this.answer(method, body));
  }

  private answer(method: string, body: () => Record<string, unknown>): Record<string, unknown> {
    const failure = this.failing.get(method);
    if (failure) return { ok: false, error: failure };
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'pmo-guide' };
      case 'users.info': {
        const id = String(body().user);
        const user = this.users.get(id) ?? {};
        return { ok: true, user: { id, locale: user.locale ?? 'en-US', is_bot: user.isBot ?? false } };
      }
      case 'chat.postMessage':
        this.ts += 1;
        return { ok: true, channel: body().channel, ts: `${this.ts}.000100` };
      default:
        // chat.postEphemeral, views.publish, response_url posts …
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

/** The load bench's view of a FakeSlack: counts every call, remembers the first few methods. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const fake = await FakeSlack.start({ remember: MAX_REMEMBERED });
  return {
    url: fake.url,
    apiUrl: fake.apiUrl,
    get methods() {
      return fake.calls.map((c) => c.method);
    },
    get calls() {
      return fake.callCount;
    },
    close: () => fake.close(),
  };
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

/** The v0 signature Slack puts on every request, computed as Slack documents it. */
export function slackSignatureHeaders(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
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
