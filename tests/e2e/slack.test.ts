import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMrkdwn } from '../../adapters/slack/text.js';
import { entryOf } from '../helpers/knowledge.js';
import {
  blocksText,
  buttonsOf,
  requestLines,
  type SlackStack,
  startSlackStack,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../helpers/slack.js';
import { FORM, formBody, nowSeconds, postSigned, sendEvent, slashCommand } from '../helpers/slack-sign.js';

/**
 * The Slack adapter end to end over real HTTP: signed requests are POSTed to
 * /slack/events, and every Web API call the adapter makes goes to a fake
 * Slack on 127.0.0.1 that records it.
 */

let stack: SlackStack;

beforeAll(async () => {
  stack = await startSlackStack();
});

afterAll(async () => {
  await stack?.close();
});

const entry = (id: string) => entryOf(stack.kb, id);

describe('slash command /pmo', () => {
  it('answers `cert pmp` ephemerally with the PMP facts and a share button', async () => {
    const before = requestLines(stack).length;
    const res = await slashCommand(stack.target, 'cert pmp');
    expect(res.status).toBe(200);
    const body = res.json as { response_type: string; blocks: unknown[]; text: string };
    expect(body.response_type).toBe('ephemeral');
    const pmp = entry('cert-pmp');
    const text = blocksText(body.blocks);
    expect(text).toContain(pmp.en.title);
    for (const fact of ['PMI', '180']) {
      expect(pmp.en.answer).toContain(fact);
      expect(text).toContain(fact);
    }
    expect(text).toMatch(/Source: .+ · confidence \d+%/);
    expect(body.text).toContain(pmp.en.title);
    const share = buttonsOf(body.blocks).find((b) => b.action_id === 'pmo:share');
    expect(JSON.parse(share?.value ?? '{}')).toEqual({ type: 'ask', entryId: 'cert-pmp', lang: 'en' });
    expect(buttonsOf(body.blocks).map((b) => b.action_id)).toEqual(
      expect.arrayContaining(['pmo:feedback:up', 'pmo:feedback:down']),
    );
    // One telemetry line for the request, with what was answered.
    const lines = requestLines(stack).slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ platform: 'slack', kind: 'command', intent: 'cert-pmp', matched: true });
    expect(typeof lines[0]?.ms).toBe('number');
  });

  it('sends a repeated command answer as the same JSON, with its declared length and Japanese text intact', async () => {
    const first = await slashCommand(stack.target, 'cert pmp');
    const again = await slashCommand(stack.target, 'cert pmp');
    for (const res of [first, again]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
    }
    expect(again.text).toBe(first.text);
    // The source line names the article's section in Japanese: multi-byte characters, counted in bytes.
    expect(blocksText((first.json as { blocks: unknown[] }).blocks)).toMatch(/Source: .*[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(Buffer.byteLength(first.text)).toBeGreaterThan(first.text.length);
  });

  it('shows help for a bare `/pmo`', async () => {
    const res = await slashCommand(stack.target, '');
    const text = blocksText((res.json as { blocks: unknown[] }).blocks);
    const firstLine = toMrkdwn(stack.kb.ui.help.en.trim()).split('\n')[0] ?? '';
    expect(text).toContain(firstLine);
    expect(text).toContain('• ');
  });

  it('suggests `cert` for `/pmo crt`', async () => {
    const res = await slashCommand(stack.target, 'crt');
    const text = blocksText((res.json as { blocks: unknown[] }).blocks);
    const unknown = stack.kb.ui.unknownCommand.en.replaceAll('{command}', 'crt').replaceAll('{suggestion}', 'cert');
    expect(text).toContain(toMrkdwn(unknown));
  });

  it('answers a question typed after /pmo', async () => {
    const res = await slashCommand(stack.target, 'what does a PMO expert do?');
    const text = blocksText((res.json as { blocks: unknown[] }).blocks);
    expect(text).toContain(entry('pmo-expert').en.title);
  });
});

describe('Events API', () => {
  it('answers an @mention in a thread under the message', async () => {
    const before = requestLines(stack).length;
    const res = await sendEvent(stack.target, {
      type: 'app_mention',
      user: 'U1',
      text: '<@UBOT> what does a PMO expert do?',
      channel: 'C-MENTION',
      ts: '1700000001.000100',
      event_ts: '1700000001.000100',
    });
    expect(res.status).toBe(200);
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'C-MENTION');
    expect(post.body.thread_ts).toBe('1700000001.000100');
    expect(blocksText(post.body.blocks)).toContain(entry('pmo-expert').en.title);
    await expect
      .poll(() =>
        requestLines(stack)
          .slice(before)
          .map((l) => l.kind),
      )
      .toEqual(['mention']);
  });

  it('keeps answering in the thread a mention was made in', async () => {
    await sendEvent(stack.target, {
      type: 'app_mention',
      user: 'U1',
      text: '<@UBOT> PMP?',
      channel: 'C-THREAD',
      ts: '1700000002.000200',
      thread_ts: '1700000000.000001',
    });
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'C-THREAD');
    expect(post.body.thread_ts).toBe('1700000000.000001');
  });

  it('answers a DM in the DM', async () => {
    await sendEvent(stack.target, {
      type: 'message',
      channel_type: 'im',
      channel: 'D-DM',
      user: 'U1',
      text: 'cert pmp',
    });
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'D-DM');
    expect(post.body.thread_ts).toBeUndefined();
    expect(blocksText(post.body.blocks)).toContain(entry('cert-pmp').en.title);
  });

  it('ignores bot messages and edits in DMs', async () => {
    await sendEvent(stack.target, {
      type: 'message',
      channel_type: 'im',
      channel: 'D-BOT',
      bot_id: 'B9',
      text: 'PMP?',
    });
    await sendEvent(stack.target, {
      type: 'message',
      subtype: 'message_changed',
      channel_type: 'im',
      channel: 'D-BOT',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(stack.fake.calls.filter((c) => c.body.channel === 'D-BOT')).toHaveLength(0);
  });

  it('answers a retried event only once', async () => {
    const event = { type: 'message', channel_type: 'im', channel: 'D-RETRY', user: 'U1', text: 'PMP?' };
    expect((await sendEvent(stack.target, event, { eventId: 'Ev-RETRY' })).status).toBe(200);
    await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'D-RETRY');
    const retry = await sendEvent(stack.target, event, { eventId: 'Ev-RETRY', headers: { 'x-slack-retry-num': '1' } });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(stack.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'D-RETRY')).toHaveLength(1);
  });

  it('answers a Japanese-locale user in Japanese when the text could be either', async () => {
    stack.fake.setUser('U-JA', { locale: 'ja-JP' });
    await sendEvent(stack.target, { type: 'message', channel_type: 'im', channel: 'D-JA', user: 'U-JA', text: 'PMP?' });
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'D-JA');
    const text = blocksText(post.body.blocks);
    expect(text).toContain(entry('cert-pmp').ja.title);
    expect(text).toMatch(/出典: .+ · 確信度 \d+%/);
    const info = stack.fake.callsTo('users.info').find((c) => c.body.user === 'U-JA');
    expect(info?.body.include_locale).toBe('true');
  });

  it('publishes App Home with the categories', async () => {
    await sendEvent(stack.target, { type: 'app_home_opened', user: 'U-HOME', channel: 'D-HOME', tab: 'home' });
    const publish = await stack.fake.waitFor('views.publish', (c) => c.body.user_id === 'U-HOME');
    const view = publish.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = blocksText(view.blocks);
    for (const category of Object.values(stack.kb.ui.categories)) expect(text).toContain(category.en);
    const ask = buttonsOf(view.blocks).map((b) => JSON.parse(b.value ?? '{}') as { type: string; entryId: string });
    expect(ask.map((a) => a.entryId)).toEqual(expect.arrayContaining(['cert-pmp', 'pmo-expert']));
  });

  it('welcomes a new channel member ephemerally in their language', async () => {
    stack.fake.setUser('U-NEW', { locale: 'ja-JP' });
    await sendEvent(stack.target, {
      type: 'member_joined_channel',
      user: 'U-NEW',
      channel: 'C-JOIN',
      channel_type: 'C',
    });
    const post = await stack.fake.waitFor('chat.postEphemeral', (c) => c.body.channel === 'C-JOIN');
    expect(post.body.user).toBe('U-NEW');
    expect(blocksText(post.body.blocks)).toContain(toMrkdwn(stack.kb.ui.welcome.ja.trim()));
  });

  it('does not welcome itself when added to a channel', async () => {
    await sendEvent(stack.target, {
      type: 'member_joined_channel',
      user: 'UBOT',
      channel: 'C-SELF',
      channel_type: 'C',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(stack.fake.callsTo('chat.postEphemeral').filter((c) => c.body.channel === 'C-SELF')).toHaveLength(0);
  });
});

describe('request verification and robustness', () => {
  it('refuses a bad signature with 401', async () => {
    const body = formBody({ command: '/pmo', text: 'cert', user_id: 'U1', team_id: 'T1' });
    const res = await postSigned(stack.eventsUrl, body, { secret: 'wrong-secret', contentType: FORM });
    expect(res.status).toBe(401);
  });

  it('refuses a stale timestamp (> 5 min) with 401', async () => {
    const body = formBody({ command: '/pmo', text: 'cert', user_id: 'U1', team_id: 'T1' });
    const timestamp = nowSeconds() - 6 * 60;
    const res = await postSigned(stack.eventsUrl, body, { secret: TEST_SIGNING_SECRET, contentType: FORM, timestamp });
    expect(res.status).toBe(401);
  });

  it('answers malformed bodies with 4xx and keeps serving', async () => {
    const secret = TEST_SIGNING_SECRET;
    const bad = [
      await postSigned(stack.eventsUrl, '{"type": "event_callback", ', { secret }),
      await postSigned(stack.eventsUrl, 'payload=%7Bnot-json', { secret, contentType: FORM }),
      await postSigned(stack.eventsUrl, 'hello=world', { secret, contentType: FORM }),
      await postSigned(stack.eventsUrl, '[1,2,3]', { secret }),
    ];
    for (const res of bad) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await slashCommand(stack.target, 'cert pmp')).status).toBe(200);
  });

  it('answers the URL verification challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const res = await postSigned(stack.eventsUrl, body, { secret: TEST_SIGNING_SECRET });
    expect(res.json).toEqual({ challenge: 'abc123' });
  });

  it('keeps tokens and the signing secret out of every log line', () => {
    const log = stack.rawLog();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(TEST_BOT_TOKEN);
    expect(log).not.toContain(TEST_SIGNING_SECRET);
    expect(log).not.toMatch(/xox[abp]-/);
  });
});
