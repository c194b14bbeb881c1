import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback stand-ins for the two services the adapters call out to — the
 * Slack Web API and the Bot Framework Connector — so tests and the load
 * bench exercise the real reply path without the internet. Not used by the
 * server itself.
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

async function listenLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

function slackResponse(method: string): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://fake.slack.test/',
        team: 'Fake',
        team_id: 'T0FAKE',
        user: 'pmo-guide',
        user_id: 'U0BOT',
        bot_id: 'B0BOT',
      };
    case 'users.info':
      return {
        ok: true,
        user: { id: 'U0USER', name: 'tester', real_name: 'Test User', locale: 'en-US', tz: 'Asia/Tokyo' },
      };
    default:
      // chat.postMessage, chat.postEphemeral, views.publish, response_url posts …
      return { ok: true, channel: 'C0FAKE', ts: `${(Date.now() / 1000).toFixed(6)}` };
  }
}

/** Answers every Web API method (and response_url posts) with a plausible `ok: true` payload. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const methods: string[] = [];
  let calls = 0;
  const server = createServer(async (req, res) => {
    await readBody(req);
    calls += 1;
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    if (methods.length < MAX_REMEMBERED) methods.push(method);
    sendJson(res, 200, slackResponse(method));
  });
  const url = await listenLoopback(server);
  return {
    url,
    apiUrl: `${url}/api/`,
    methods,
    get calls() {
      return calls;
    },
    close: closer(server),
  };
}

/** Acknowledges replies sent to `serviceUrl/v3/conversations/...` after `delayMs`. */
export async function startFakeConnector(delayMs = 0): Promise<FakeConnector> {
  let calls = 0;
  let waiters: ((activity: unknown) => void)[] = [];
  const connector: FakeConnector = {
    url: '',
    delayMs,
    get calls() {
      return calls;
    },
    nextActivity: () => new Promise((resolve) => waiters.push(resolve)),
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    calls += 1;
    const notify = waiters;
    waiters = [];
    for (const resolve of notify) resolve(body ? JSON.parse(body) : undefined);
    if (connector.delayMs > 0) await new Promise((r) => setTimeout(r, connector.delayMs));
    sendJson(res, 200, { id: `reply-${calls}` });
  });
  Object.assign(connector, { url: await listenLoopback(server), close: closer(server) });
  return connector;
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

export interface TeamsActivityOptions {
  serviceUrl: string;
  text: string;
  id?: string;
  locale?: string;
}

/** A personal-chat message activity as the Emulator / Teams would post it to /api/messages. */
export function teamsMessageActivity(options: TeamsActivityOptions): Record<string, unknown> {
  return {
    type: 'message',
    id: options.id ?? `activity-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from: { id: '29:user-1', name: 'Test User', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: '28:pmo-guide', name: 'pmo-guide' },
    conversation: { id: 'a:conversation-1', conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: options.locale ?? 'en-US',
    text: options.text,
  };
}
