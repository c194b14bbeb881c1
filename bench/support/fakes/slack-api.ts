import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FakeService, LoopbackService, MAX_REMEMBERED, readBody, sendJson } from './loopback.js';

/**
 * A loopback fake of the Slack Web API. Tests use FakeSlack, which records what
 * it is sent; the load bench starts it through startFakeSlackApi, which
 * remembers only a bounded few.
 */

export interface FakeSlackApi extends FakeService {
  /** What SLACK_API_URL should be: Slack's WebClient appends the method name to it. */
  readonly apiUrl: string;
  /** Slack Web API methods called, in order (bounded). */
  readonly methods: string[];
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
  /** Where apps.connections.open sends a Socket Mode client; unset, it answers without a URL. */
  socketModeUrl: string | undefined;

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
      case 'apps.connections.open':
        return this.socketModeUrl ? { ok: true, url: this.socketModeUrl } : { ok: true };
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

/** The v0 signature Slack puts on every request, computed as Slack documents it. */
export function slackSignatureHeaders(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}
