import { ExpressReceiver, type ExpressReceiverOptions } from '@slack/bolt';
import { type Request, type Response, Router } from 'express';
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

interface RawBodyRequest {
  rawBody?: Buffer;
}

/** Our checks first on the events route; Bolt appends its verifier and handler to the same router. */
function guardedRouter(endpoint: string, guards: ReceiverGuards): Router {
  const router = Router();
  router.post(endpoint, ...beforeVerification(guards.logger, BODY_LIMIT_BYTES));
  return router;
}

/**
 * ExpressReceiver verifies the signature (401 on a bad or stale one) and
 * parses the body (400 when malformed); a future timestamp is refused before
 * that (see guards.ts). A body that parses but is no Slack payload would
 * otherwise hang until Bolt's 3-second no-ack timeout and end as a 404; it is
 * refused at once with a 400 instead. A replayed slash command or click is
 * acknowledged with an empty 200 and not answered again.
 */
export class GuardedExpressReceiver extends ExpressReceiver {
  constructor(
    options: ExpressReceiverOptions & { endpoints: string },
    private readonly guards: ReceiverGuards,
  ) {
    super({ ...options, bodyLimit: BODY_LIMIT_BYTES, router: guardedRouter(options.endpoints, guards) });
  }

  override async requestHandler(req: Request, res: Response): Promise<void> {
    const verdict = classifyBody(req.body);
    if (verdict === 'reject') {
      res.status(400).send();
      return;
    }
    if (verdict === 'ignore' || !(await this.firstTime(req))) {
      res.status(200).send();
      return;
    }
    await super.requestHandler(req, res);
  }

  private firstTime(req: Request): Promise<boolean> {
    if (!needsReplayCheck(req.body as Record<string, unknown>)) return Promise.resolve(true);
    return firstDelivery(this.guards.deliveries, (req as RawBodyRequest).rawBody, this.guards.logger);
  }
}
