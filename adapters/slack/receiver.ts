import { parse as parseQuery } from 'node:querystring';
import {
  type App,
  type Logger as BoltLogger,
  HTTPModuleFunctions,
  HTTPResponseAck,
  type Receiver,
  type ReceiverEvent,
  verifySlackRequest,
} from '@slack/bolt';
import type { Request, RequestHandler, Response } from 'express';
import type { DeliveryClaims, Logger } from '../../src/index.js';
import { beforeVerification, firstDelivery, needsReplayCheck, plausibleWorkspaceIds } from './guards.js';

/** Interactive payload types this app receives (block_actions from our buttons). */
const INTERACTIVE_TYPES = new Set(['block_actions']);

/** Bolt's own default; the server's parsers stop at 1 MB before this is reached. */
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
  rawBody?: Buffer;
}

/** Slash commands and clicks come form-encoded (a click's JSON inside `payload`), events as JSON. */
function parseSlackBody(text: string, contentType: string | undefined): unknown {
  if (contentType?.split(';')[0]?.trim() !== 'application/x-www-form-urlencoded') return JSON.parse(text);
  const form = parseQuery(text);
  return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
}

/** Slack's checks of the request URL, answered as ExpressReceiver does: SSL check and URL verification. */
function answeredHandshake(body: unknown, res: Response): boolean {
  const { ssl_check: sslCheck, type, challenge } = (body ?? {}) as Record<string, unknown>;
  if (sslCheck) res.send();
  else if (type === 'url_verification') res.json({ challenge });
  else return false;
  return true;
}

/**
 * Bolt's request handling mounted as one route of the server's Express app:
 * no second Express app and router inside it (ExpressReceiver), which cost
 * more per request than the rest of the route. On POST /slack/events, in
 * order: a future timestamp is refused with 401 (guards.ts), the raw body is
 * read once, the signature is verified with Bolt's own check (401 on a bad
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

  /** The handlers of the events route, in order. */
  handlers(): RequestHandler[] {
    const verify: RequestHandler = (req, res, next) => this.verifyAndParse(req, res, next);
    const handle: RequestHandler = (req, res) => this.handle(req, res);
    return [...beforeVerification(this.guards.logger, BODY_LIMIT_BYTES), verify, handle];
  }

  private verifyAndParse(req: Request, res: Response, next: () => void): void {
    const text = (req as RawBodyRequest).rawBody?.toString() ?? '';
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const signature = String(req.headers['x-slack-signature'] ?? '');
    try {
      const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp };
      verifySlackRequest({ signingSecret: this.options.signingSecret, body: text, headers });
    } catch {
      this.guards.logger.warn({ status: 401 }, 'slack: refused a request whose signature does not verify');
      res.status(401).send();
      return;
    }
    try {
      req.body = parseSlackBody(text, req.headers['content-type']);
    } catch {
      res.status(400).send();
      return;
    }
    next();
  }

  private async handle(req: Request, res: Response): Promise<void> {
    if (answeredHandshake(req.body, res)) return;
    const verdict = classifyBody(req.body);
    if (verdict === 'reject') {
      res.status(400).send();
      return;
    }
    if (verdict === 'ignore' || !(await this.firstTime(req))) {
      res.status(200).send();
      return;
    }
    await this.dispatch(req, res);
  }

  private firstTime(req: Request): Promise<boolean> {
    if (!needsReplayCheck(req.body as Record<string, unknown>)) return Promise.resolve(true);
    return firstDelivery(this.guards.deliveries, (req as RawBodyRequest).rawBody, this.guards.logger);
  }

  /** ExpressReceiver.requestHandler: Bolt acks through the response (3 s without one is answered for it). */
  private async dispatch(req: Request, res: Response): Promise<void> {
    const logger = this.options.boltLogger;
    const ack = new HTTPResponseAck({ logger, processBeforeResponse: false, httpRequest: req, httpResponse: res });
    const event: ReceiverEvent = {
      body: req.body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      customProperties: {},
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
