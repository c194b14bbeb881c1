import { slackSignatureHeaders } from '../../bench/support/fakes/slack-api.js';

/**
 * Test requests as Slack sends them, signed the way Slack does (v0
 * HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the app's signing secret).
 */

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export interface SignedPostOptions {
  secret: string;
  contentType?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (to test a forged one). */
  signature?: string;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function postSigned(url: string, rawBody: string, options: SignedPostOptions): Promise<PostResult> {
  const timestamp = options.timestamp ?? nowSeconds();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? JSON_TYPE,
      ...slackSignatureHeaders(options.secret, rawBody, timestamp),
      ...(options.signature === undefined ? {} : { 'x-slack-signature': options.signature }),
      ...options.headers,
    },
    body: rawBody,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A slash command or interactivity body, form-encoded as Slack sends it. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interactivity payload (block_actions) the way Slack posts it: form field `payload` holding JSON. */
export function payloadBody(payload: unknown): string {
  return formBody({ payload: JSON.stringify(payload) });
}

/** Where signed test requests go: the adapter's URL, and a response_url the fake Slack serves. */
export interface SlackTarget {
  eventsUrl: string;
  secret: string;
  responseUrl: (id: string) => string;
}

let eventSeq = 0;
let triggerSeq = 0;

/** Slack gives every slash command and click its own trigger_id; the server treats a repeated body as a replay. */
function triggerId(): string {
  triggerSeq += 1;
  return `${nowSeconds()}.${triggerSeq}.${process.pid}`;
}

/** The body of an Events API delivery (event_callback) for `event`, with a fresh event_id unless given. */
export function eventCallback(event: Record<string, unknown>, options: { eventId?: string } = {}): string {
  eventSeq += 1;
  const ts = `${1_700_000_000 + eventSeq}.000100`;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${eventSeq}-${Date.now()}`,
    event_time: nowSeconds(),
    event: { ts, event_ts: ts, ...event },
  });
}

/** An Events API delivery (event_callback) for `event`, with a fresh event_id unless given. */
export async function sendEvent(
  target: SlackTarget,
  event: Record<string, unknown>,
  options: { eventId?: string; headers?: Record<string, string> } = {},
): Promise<PostResult> {
  const body = eventCallback(event, options);
  return postSigned(target.eventsUrl, body, { secret: target.secret, headers: options.headers ?? {} });
}

/** `/pmo <text>` as Slack posts it. */
export async function slashCommand(target: SlackTarget, text: string, user = 'U1'): Promise<PostResult> {
  const body = formBody({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C-CMD',
    channel_name: 'general',
    user_id: user,
    user_name: 'someone',
    command: '/pmo',
    text,
    api_app_id: 'A1',
    response_url: target.responseUrl(`cmd-${user}`),
    trigger_id: triggerId(),
  });
  return postSigned(target.eventsUrl, body, { secret: target.secret, contentType: FORM });
}

export interface ClickOptions {
  actionId: string;
  value: string;
  channel?: string;
  /** Where the button was: an ephemeral message, a normal message, or App Home. */
  container: 'ephemeral' | 'message' | 'home';
  messageTs?: string;
  threadTs?: string;
  user?: string;
  responseId?: string;
}

/** A block_actions click on one of our buttons. */
export async function clickButton(target: SlackTarget, click: ClickOptions): Promise<PostResult> {
  const channel = click.channel ?? 'C-CLICK';
  const messageTs = click.messageTs ?? '1700000100.000100';
  const inView = click.container === 'home';
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: click.user ?? 'U1', username: 'someone', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: triggerId(),
    container: inView
      ? { type: 'view', view_id: 'V1' }
      : { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: click.container === 'ephemeral' },
    ...(inView ? { view: { id: 'V1', type: 'home' } } : { channel: { id: channel, name: 'general' } }),
    ...(click.container === 'message'
      ? { message: { type: 'message', ts: messageTs, ...(click.threadTs ? { thread_ts: click.threadTs } : {}) } }
      : {}),
    ...(inView ? {} : { response_url: target.responseUrl(click.responseId ?? 'click') }),
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: 'b1',
        value: click.value,
        action_ts: String(nowSeconds()),
      },
    ],
  };
  return postSigned(target.eventsUrl, payloadBody(payload), { secret: target.secret, contentType: FORM });
}
