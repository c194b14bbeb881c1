import { ExpressReceiver } from '@slack/bolt';
import type { Request, Response } from 'express';

/** Interactive payload types this app receives (block_actions from our buttons). */
const INTERACTIVE_TYPES = new Set(['block_actions']);

type Verdict = 'process' | 'ignore' | 'reject';

/** What to do with a verified, parsed body before Bolt sees it. */
export function classifyBody(body: unknown): Verdict {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'reject';
  const { type, command } = body as { type?: unknown; command?: unknown };
  if (typeof command === 'string') return 'process';
  if (type === 'event_callback' || (typeof type === 'string' && INTERACTIVE_TYPES.has(type))) return 'process';
  // Slack tells us it is dropping events; it only needs a 200.
  if (type === 'app_rate_limited') return 'ignore';
  return 'reject';
}

/**
 * ExpressReceiver verifies the signature (401 on a bad or stale one) and
 * parses the body (400 when malformed). A body that parses but is no Slack
 * payload would otherwise hang until Bolt's 3-second no-ack timeout and end
 * as a 404; it is refused at once with a 400 instead.
 */
export class GuardedExpressReceiver extends ExpressReceiver {
  override async requestHandler(req: Request, res: Response): Promise<void> {
    const verdict = classifyBody(req.body);
    if (verdict === 'reject') {
      res.status(400).send();
      return;
    }
    if (verdict === 'ignore') {
      res.status(200).send();
      return;
    }
    await super.requestHandler(req, res);
  }
}
