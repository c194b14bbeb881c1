import { type DeliveryClaims, deliveryKey, type Logger } from '../../src/index.js';

/**
 * Checks Bolt does not make on a Slack request: a signature dated in the
 * future, workspace ids that collide with Object.prototype keys, and replays
 * of payloads that carry no event id. Slack's own documents bound a genuine
 * request's age at five minutes; the same bound applies forwards.
 */

/** How far a request timestamp may lie in the future (clock skew) before it is refused. */
export const MAX_FUTURE_SECONDS = 5 * 60;

/** Seconds since the epoch, as Slack writes them: digits only, so `Infinity`, `1e12` or `-1` never pass. */
const TIMESTAMP = /^\d{1,12}$/;

/** True when X-Slack-Request-Timestamp is a plain number of seconds not more than five minutes ahead. */
export function acceptableTimestamp(header: unknown, nowSeconds = Math.floor(Date.now() / 1000)): header is string {
  if (typeof header !== 'string' || !TIMESTAMP.test(header)) return false;
  return Number(header) <= nowSeconds + MAX_FUTURE_SECONDS;
}

/** Where Bolt looks for a workspace or enterprise id (App.buildSource) to pick a cached client. */
function workspaceIds(body: Record<string, unknown>): unknown[] {
  const at = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const auth = Array.isArray(body.authorizations) ? body.authorizations[0] : undefined;
  return [
    body.team_id,
    body.enterprise_id,
    at(auth, 'team_id'),
    at(auth, 'enterprise_id'),
    at(body.team, 'id'),
    at(body.team, 'enterprise_id'),
    at(body.enterprise, 'id'),
    at(body.user, 'team_id'),
    at(body.view, 'app_installed_team_id'),
  ];
}

/** Slack team and enterprise ids are upper-case letters and digits (T0123ABC, E0456DEF). */
const SLACK_ID = /^[A-Z0-9]{1,64}$/;

/**
 * Bolt keeps one client pool per workspace in a plain object keyed by the
 * payload's team id, so `__proto__`, `toString` or `constructor` reach
 * Object.prototype and end as a 500. Anything that is not shaped like a
 * Slack id is refused before Bolt sees it.
 */
export function plausibleWorkspaceIds(body: Record<string, unknown>): boolean {
  return workspaceIds(body).every(
    (id) => id === undefined || id === null || (typeof id === 'string' && SLACK_ID.test(id)),
  );
}

/** Slash commands and button clicks: what a replay of the same signed request would post a second time. */
export function needsReplayCheck(body: Record<string, unknown>): boolean {
  return typeof body.command === 'string' || body.type === 'block_actions';
}

/**
 * Slack retries carry an event id and are deduped on it; slash commands and
 * clicks carry none, and a captured request stays validly signed for the
 * whole replay window, so its verified signature is the key (signature.ts).
 */
export async function firstDelivery(deliveries: DeliveryClaims, signature: string, logger: Logger): Promise<boolean> {
  const first = await deliveries.firstDelivery(deliveryKey.slackRequest(signature));
  if (!first) logger.warn({ status: 200 }, 'slack: ignored a replayed slash command or click');
  return first;
}
