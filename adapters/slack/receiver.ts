import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type App,
  type Logger as BoltLogger,
  HTTPModuleFunctions,
  HTTPResponseAck,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import getRawBody from 'raw-body';
import type { DeliveryClaims, Logger } from '../../src/index.js';
import { acceptableTimestamp, firstDelivery, needsReplayCheck, plausibleWorkspaceIds } from './guards.js';
import { type SignedRequest, verifiedSignature } from './signature.js';

/** Interactive payload types this app receives (block_actions from our buttons). */
const INTERACTIVE_TYPES = new Set(['block_actions']);

/** Bolt's own default, and the server's limit for every body. */
const BODY_LIMIT_BYTES = 1024 * 1024;

type Verdict = 'process' | 'ignore' | 'reject';

/** What to do with a verified, parsed body before Bolt sees it. */
export function classifyBody(body: unknown): Verdict {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'reject';
  const { type, command } = body as { type?: unknown; command?: unknown };
  if (!plausibleWorkspaceIds(body as Record<string, unknown>)) return 'reject';
  if (typeof command === 'string') return 'process';
  if (type === 'event_callback' || (typeof type === 'string' && INTERACTIVE_TYPES.has(type))) return 'process';
  // Slack tells us it is dropping events; it only needs a 200.
  if (type === 'app_rate_limited') return 'ignore';
  return 'reject';
}

export interface ReceiverGuards {
  /** The server's duplicate-delivery check (src/deliveries.ts). */
  deliveries: DeliveryClaims;
  logger: Logger;
}

export interface RouteReceiverOptions {
  signingSecret: string;
  /** Bolt's logger (our pino underneath), for what Bolt's own handlers log. */
  boltLogger: BoltLogger;
}

interface RawBodyRequest {
  /** Set when something before this route read the body already (a test app's parsers). */
  rawBody?: Buffer;
}

/** An error the server's error handler answers as a client mistake, as it does body-parser's. */
function clientError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type });
}

/**
 * The body as the bytes Slack signed, read once, up to the limit. Compressed
 * bodies are refused (inflating would let a small upload expand past the
 * limit); a read that fails (too large, aborted, shorter than declared)
 * throws an error carrying its 4xx status.
 */
async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const kept = (req as RawBodyRequest).rawBody;
  if (kept) return kept;
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw clientError(415, 'encoding.unsupported', 'content encoding unsupported');
  return getRawBody(req, { length: req.headers['content-length'], limit: BODY_LIMIT_BYTES });
}

function answer(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.end();
}

const serializedAcks = new WeakMap<object, Buffer>();

/**
 * A frozen ack body (deeply: a shared `/pmo` reply, see interactions.ts)
 * cannot change, so it is serialized once and kept as UTF-8 bytes. Bolt
 * takes only a string or an object, and re-encoding a ~3 KB answer holding
 * Japanese text or an emoji cost each command ~6 µs; so these bytes are
 * written here, as Bolt writes an object (200, JSON content type), with the
 * length known in advance (no chunked framing).
 */
function frozenAckBytes(body: unknown): Buffer | undefined {
  if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return undefined;
  let bytes = serializedAcks.get(body);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(body));
    serializedAcks.set(body, bytes);
  }
  return bytes;
}

/**
 * Bolt's ack, except that a frozen body's kept bytes are written directly.
 * Bolt's own `ack()` still runs first: it stops the no-ack timer and marks
 * the request acknowledged, so a second ack fails in Bolt as before.
 */
function ackWithKeptBytes(ack: HTTPResponseAck, res: ServerResponse): ReceiverEvent['ack'] {
  const boltAck = ack.bind();
  let acked = false;
  return (response) => {
    const bytes = acked || res.headersSent ? undefined : frozenAckBytes(response);
    acked = true;
    if (bytes === undefined) return boltAck(response);
    ack.ack();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
    res.end(bytes);
    return Promise.resolve();
  };
}

/** Slash commands and clicks come form-encoded (a click's JSON inside `payload`), events as JSON. */
function parseSlackBody(text: string, contentType: string | undefined): unknown {
  if (contentType?.split(';')[0]?.trim() !== 'application/x-www-form-urlencoded') return JSON.parse(text);
  const form = parseQuery(text);
  return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
}

/** Slack's checks of the request URL, answered as ExpressReceiver does: SSL check and URL verification. */
function answeredHandshake(body: unknown, res: ServerResponse): boolean {
  const { ssl_check: sslCheck, type, challenge } = (body ?? {}) as Record<string, unknown>;
  if (sslCheck) answer(res, 200);
  else if (type === 'url_verification') {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ challenge }));
  } else return false;
  return true;
}

/**
 * Bolt's request handling as the server's POST /slack/events, on plain
 * node:http objects: no second Express app and router inside it
 * (ExpressReceiver), which cost more per request than the rest of the route.
 * In order: a future timestamp is refused with 401 (guards.ts), the raw body
 * is read once, the signature is verified with Bolt's own check (401 on a bad
 * or stale one) and the body parsed (400 when malformed). A body that parses
 * but is no Slack payload would otherwise hang until Bolt's 3-second no-ack
 * timeout and end as a 404; it is refused at once with a 400 instead. A
 * replayed slash command or click is acknowledged with an empty 200 and not
 * answered again. What is left runs as in ExpressReceiver.
 */
export class SlackRouteReceiver implements Receiver {
  private bolt: App | undefined;

  constructor(
    private readonly options: RouteReceiverOptions,
    private readonly guards: ReceiverGuards,
  ) {}

  init(app: App): void {
    this.bolt = app;
  }

  /** The server listens, not Bolt: nothing to start or stop. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The events route: always answers, or throws an error for the server's error handler. */
  readonly serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const timestamp = req.headers['x-slack-request-timestamp'];
    if (!acceptableTimestamp(timestamp)) {
      this.guards.logger.warn(
        { status: 401 },
        'slack: refused a request whose timestamp is in the future or not a number',
      );
      return answer(res, 401);
    }
    const raw = await readRawBody(req);
    const verified = this.verifiedBody(req, { timestamp, signature: req.headers['x-slack-signature'], raw });
    if (typeof verified === 'number') return answer(res, verified);
    const { body, signature } = verified;
    if (answeredHandshake(body, res)) return;
    const verdict = classifyBody(body);
    if (verdict === 'reject') return answer(res, 400);
    if (verdict === 'ignore' || !(await this.firstTime(body as Record<string, unknown>, signature))) {
      return answer(res, 200);
    }
    await this.dispatch(req, res, body);
  };

  /**
   * The parsed body and its verified signature, or the status refusing it:
   * 401 when the signature does not verify (or is stale), 400 when malformed.
   */
  private verifiedBody(req: IncomingMessage, signed: SignedRequest): { body: unknown; signature: string } | number {
    const signature = verifiedSignature(this.options.signingSecret, signed);
    if (signature === undefined) {
      this.guards.logger.warn({ status: 401 }, 'slack: refused a request whose signature does not verify');
      return 401;
    }
    try {
      return { body: parseSlackBody(signed.raw.toString(), req.headers['content-type']), signature };
    } catch {
      return 400;
    }
  }

  private firstTime(body: Record<string, unknown>, signature: string): Promise<boolean> {
    if (!needsReplayCheck(body)) return Promise.resolve(true);
    return firstDelivery(this.guards.deliveries, signature, this.guards.logger);
  }

  /** ExpressReceiver.requestHandler: Bolt acks through the response (3 s without one is answered for it). */
  private async dispatch(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const logger = this.options.boltLogger;
    const ack = new HTTPResponseAck({ logger, processBeforeResponse: false, httpRequest: req, httpResponse: res });
    const event: ReceiverEvent = {
      body: body as ReceiverEvent['body'],
      ack: ackWithKeptBytes(ack, res),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
    };
    try {
      await this.bolt?.processEvent(event);
      if (ack.storedResponse !== undefined) HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
    } catch (error) {
      const args = { error: error as Error, logger, request: req, response: res, storedResponse: ack.storedResponse };
      if (await HTTPModuleFunctions.defaultProcessEventErrorHandler(args)) ack.ack();
    }
  }
}
