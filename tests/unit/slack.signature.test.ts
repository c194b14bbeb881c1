import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_AGE_SECONDS, verifiedSignature } from '../../adapters/slack/signature.js';
import { slackSignatureHeaders } from '../../bench/support/fakes/slack-api.js';

const SECRET = 'signing-secret';
const NOW = 1_700_000_000;
const BODY = 'team_id=T1&user_id=U1&command=%2Fpmo&text=cert+pmp&trigger_id=1.2';

/** A request as Slack signs it (the fakes' own signer), with `change` applied on top. */
function request(change: { body?: string; timestamp?: number; signature?: unknown } = {}) {
  const headers = slackSignatureHeaders(SECRET, BODY, NOW);
  return {
    timestamp: String(change.timestamp ?? headers['x-slack-request-timestamp']),
    signature: 'signature' in change ? change.signature : headers['x-slack-signature'],
    raw: Buffer.from(change.body ?? BODY),
  };
}

describe('Slack request signatures', () => {
  it("accepts Slack's signature and returns its digest, the same for a replay and different for another request", () => {
    const digest = verifiedSignature(SECRET, request(), NOW);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(`v0=${digest}`).toBe(slackSignatureHeaders(SECRET, BODY, NOW)['x-slack-signature']);
    expect(verifiedSignature(SECRET, request(), NOW + 60)).toBe(digest);
    const other = `${BODY}3`;
    const otherSigned = slackSignatureHeaders(SECRET, other, NOW)['x-slack-signature'];
    expect(verifiedSignature(SECRET, request({ body: other, signature: otherSigned }), NOW)).not.toBe(digest);
  });

  it('refuses a changed body, timestamp or secret', () => {
    expect(verifiedSignature(SECRET, request({ body: `${BODY}x` }), NOW)).toBeUndefined();
    expect(verifiedSignature(SECRET, request({ timestamp: NOW - 1 }), NOW)).toBeUndefined();
    expect(verifiedSignature('another-secret', request(), NOW)).toBeUndefined();
    expect(verifiedSignature('', request(), NOW)).toBeUndefined();
  });

  it('refuses a request signed more than five minutes ago, as Bolt does', () => {
    expect(verifiedSignature(SECRET, request(), NOW + MAX_AGE_SECONDS)).toBeDefined();
    expect(verifiedSignature(SECRET, request(), NOW + MAX_AGE_SECONDS + 1)).toBeUndefined();
  });

  it('refuses a timestamp that is not a number even when the signature covers it', () => {
    const timestamp = 'soon';
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${BODY}`).digest('hex')}`;
    expect(verifiedSignature(SECRET, { timestamp, signature, raw: Buffer.from(BODY) }, NOW)).toBeUndefined();
  });

  it('refuses any other form of the signature header: upper case, another version, a list, nothing', () => {
    const sent = String(request().signature);
    for (const signature of [
      `v0=${sent.slice(3).toUpperCase()}`,
      sent.replace('v0=', 'V0='),
      sent.replace('v0=', 'v1='),
      `${sent}0`,
    ]) {
      expect(verifiedSignature(SECRET, request({ signature }), NOW)).toBeUndefined();
    }
    for (const signature of [[sent], undefined, '', 'v0=']) {
      expect(verifiedSignature(SECRET, request({ signature }), NOW)).toBeUndefined();
    }
  });
});
