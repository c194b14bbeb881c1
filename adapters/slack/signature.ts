import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signature (v0): HMAC-SHA256 under the app's signing
 * secret over `v0:{X-Slack-Request-Timestamp}:{raw body}`, sent as
 * `v0={hex}` in X-Slack-Signature. Checked here rather than with Bolt's
 * verifySlackRequest, which compares through tsscmp: random bytes and two
 * more HMACs per request, the costliest step of a `/pmo` command before
 * Bolt even sees it. The rules are Bolt's: version v0 only, the lower-case
 * hex digest Slack sends, and a timestamp at most five minutes old.
 */

/** How old a signed request may be (Slack's and Bolt's bound); guards.ts bounds the future the same way. */
export const MAX_AGE_SECONDS = 5 * 60;

const SIGNATURE = /^v0=([0-9a-f]{64})$/;

export interface SignedRequest {
  /** X-Slack-Request-Timestamp as sent, digits only (guards.ts acceptableTimestamp checked it first). */
  timestamp: string;
  /** X-Slack-Signature as sent. */
  signature: unknown;
  /** The body as the bytes Slack signed. */
  raw: Buffer;
}

/**
 * The request's HMAC (hex) when the signature verifies, else undefined.
 * Only Slack (or whoever holds the secret) can produce it, and it covers
 * timestamp and body: two requests share it only when one replays the
 * other, which makes it the replay key (src/deliveries.ts) as it is.
 */
export function verifiedSignature(
  secret: string,
  request: SignedRequest,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | undefined {
  // Written so that a timestamp that is not a number (NaN) is refused here too, not only by the receiver's guard.
  if (!secret || !(Number(request.timestamp) >= nowSeconds - MAX_AGE_SECONDS)) return undefined;
  const sent = typeof request.signature === 'string' ? SIGNATURE.exec(request.signature)?.[1] : undefined;
  if (!sent) return undefined;
  const ours = createHmac('sha256', secret).update(`v0:${request.timestamp}:`).update(request.raw).digest();
  return timingSafeEqual(ours, Buffer.from(sent, 'hex')) ? sent : undefined;
}
