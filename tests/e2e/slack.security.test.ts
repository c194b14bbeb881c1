import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptableTimestamp } from '../../adapters/slack/guards.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import type { ReplyAction } from '../../src/reply.js';
import { realKnowledge } from '../helpers/knowledge.js';
import type { TestServer } from '../helpers/server.js';
import { blocksText, type SlackStack, startSlackServer, startSlackStack } from '../helpers/slack.js';
import {
  FORM,
  formBody,
  nowSeconds,
  type PostResult,
  payloadBody,
  postSigned,
  type SlackTarget,
} from '../helpers/slack-sign.js';

/**
 * What Bolt does not check on a signed Slack request: a timestamp in the
 * future, a replay of a slash command or click (they carry no event id), and
 * workspace ids that collide with Object.prototype keys. Over real HTTP
 * against the whole server, with the Slack Web API faked on loopback.
 */

const kb = realKnowledge();
let fake: FakeSlack;
let running: TestServer & { target: SlackTarget };

beforeAll(async () => {
  fake = await FakeSlack.start();
  running = await startSlackServer(fake);
});

afterAll(async () => {
  await running?.server.close();
  await fake?.close();
});

let trigger = 0;

/** A `/pmo` body exactly as Slack would sign it, with its own trigger_id. */
function commandBody(target: SlackTarget, text: string, fields: Record<string, string> = {}): string {
  trigger += 1;
  return formBody({
    team_id: 'T1',
    channel_id: 'C-SEC',
    user_id: 'U1',
    command: '/pmo',
    text,
    response_url: target.responseUrl('sec'),
    trigger_id: `sec.${trigger}.${Date.now()}`,
    ...fields,
  });
}

/** A click on one of our buttons in an ephemeral message, with its own trigger_id. */
function clickBody(target: SlackTarget, action: ReplyAction): string {
  trigger += 1;
  return payloadBody({
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: 'U1', team_id: 'T1' },
    trigger_id: `click.${trigger}.${Date.now()}`,
    container: { type: 'message', message_ts: '1.1', channel_id: 'C-SEC', is_ephemeral: true },
    channel: { id: 'C-SEC' },
    response_url: target.responseUrl('click'),
    actions: [
      {
        type: 'button',
        action_id: 'pmo:0',
        block_id: 'b',
        value: JSON.stringify(action),
        action_ts: `${nowSeconds()}`,
      },
    ],
  });
}

const send = (target: SlackTarget, body: string, timestamp?: number): Promise<PostResult> =>
  postSigned(target.eventsUrl, body, {
    secret: target.secret,
    contentType: FORM,
    ...(timestamp === undefined ? {} : { timestamp }),
  });

/**
 * A captured request sent twice: the same bytes under the same signed
 * timestamp. Signing each copy afresh would make a second copy that crosses
 * a second boundary a new, genuinely signed request, which is answered.
 */
async function sendWithReplay(target: SlackTarget, body: string): Promise<[PostResult, PostResult]> {
  const timestamp = nowSeconds();
  const first = await send(target, body, timestamp);
  return [first, await send(target, body, timestamp)];
}

describe('Slack request timestamps', () => {
  it('refuses a validly signed request dated an hour or ten years ahead with 401', async () => {
    for (const ahead of [60 * 60, 10 * 365 * 86_400]) {
      const res = await send(running.target, commandBody(running.target, 'cert pmp'), nowSeconds() + ahead);
      expect(res.status).toBe(401);
    }
  });

  it('still answers a request from a clock a minute ahead', async () => {
    const res = await send(running.target, commandBody(running.target, 'cert pmp'), nowSeconds() + 60);
    expect(res.status).toBe(200);
    expect(blocksText((res.json as { blocks: unknown }).blocks)).toContain('PMP');
  });

  it('accepts only plain seconds as a timestamp', () => {
    const now = 1_700_000_000;
    expect(acceptableTimestamp(String(now), now)).toBe(true);
    for (const bad of ['Infinity', '1e12', '-1', ' 1700000000', '1700000000.5', '', undefined, ['1']]) {
      expect(acceptableTimestamp(bad, now)).toBe(false);
    }
  });
});

describe('replayed slash commands and clicks', () => {
  it('answers a replayed slash command once', async () => {
    const body = commandBody(running.target, 'cert pmp');
    const [first, replay] = await sendWithReplay(running.target, body);
    expect(first.status).toBe(200);
    expect(blocksText((first.json as { blocks: unknown }).blocks)).toContain('PMP');
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('');
  });

  it('answers a replayed button click once', async () => {
    const seen = fake.calls.length;
    const replayed = clickBody(running.target, { type: 'command', command: 'cert pmp', lang: 'en' });
    const [first, replay] = await sendWithReplay(running.target, replayed);
    expect([first.status, replay.status]).toEqual([200, 200]);
    // Clicks are answered through response_url after the ack: wait for the one answer, then
    // a later click (👍) marks the end: once its thanks arrived, a second PMP answer would be there too.
    expect(blocksText((await fake.nextCall('response_url', seen, 15_000)).body.blocks)).toContain('PMP');
    const marker = clickBody(running.target, { type: 'feedback', entryId: 'cert-pmp', helpful: true, lang: 'en' });
    expect((await send(running.target, marker)).status).toBe(200);
    const thanks = kb.ui.feedbackThanks.en.trim().slice(0, 10);
    await fake.waitFor('response_url', (c) => blocksText(c.body.blocks).includes(thanks), 15_000);
    const answers = fake.calls
      .slice(seen)
      .filter((c) => c.method === 'response_url' && blocksText(c.body.blocks).includes('PMP'));
    expect(answers).toHaveLength(1);
  });
});

describe('workspace ids Bolt would look up on a plain object', () => {
  it('refuses __proto__, toString and constructor with 400 and keeps serving', async () => {
    for (const team of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      const res = await send(running.target, commandBody(running.target, 'cert pmp', { team_id: team }));
      expect(res.status).toBe(400);
      const click = payloadBody({
        type: 'block_actions',
        team: { id: team },
        user: { id: 'U1', team_id: team },
        actions: [{ type: 'button', action_id: 'pmo:x', value: '{}' }],
      });
      expect((await send(running.target, click)).status).toBe(400);
    }
    expect((await send(running.target, commandBody(running.target, 'cert pmp'))).status).toBe(200);
  });
});

describe('replay check without a shared store', () => {
  let stack: SlackStack;
  let down: { server: TestServer; target: SlackTarget } | undefined;

  beforeAll(async () => {
    stack = await startSlackStack();
  });

  afterAll(async () => {
    await stack?.close();
    await down?.server.server.close();
  });

  it('answers a replay once when Bolt reads the body itself', async () => {
    const body = commandBody(stack.target, 'cert pmp');
    const [first, replay] = await sendWithReplay(stack.target, body);
    expect(blocksText((first.json as { blocks: unknown }).blocks)).toContain('PMP');
    expect(replay.text).toBe('');
  });

  it('answers a replay once while the database is down (in-memory fallback)', async () => {
    // Nothing listens on port 1 of loopback: every store call fails at once.
    const server = await startSlackServer(
      fake,
      { DATABASE_URL: 'postgres://pmo:pmo@127.0.0.1:1/pmo' },
      { log: 'silent' },
    );
    down = { server, target: server.target };
    const body = commandBody(server.target, 'cert pmp');
    const [first, replay] = await sendWithReplay(server.target, body);
    expect(blocksText((first.json as { blocks: unknown }).blocks)).toContain('PMP');
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('');
  });
});
