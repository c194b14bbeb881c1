import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../adapters/slack/text.js';
import type { RecordedCall } from '../../bench/support/fakes/slack-api.js';
import { entryOf } from '../helpers/knowledge.js';
import {
  actionButton,
  blocksText,
  clickEphemeral,
  headerOf,
  type SlackStack,
  startSlackStack,
} from '../helpers/slack.js';
import { clickButton, sendEvent, slashCommand } from '../helpers/slack-sign.js';

/**
 * Follow-up questions and the language switch on Slack, over real HTTP: signed
 * events, commands and clicks to the adapter, Web API calls to a fake Slack.
 */

let stack: SlackStack;

beforeAll(async () => {
  stack = await startSlackStack();
});

afterAll(async () => {
  await stack?.close();
});

const entry = (id: string) => entryOf(stack.kb, id);
const about = (lang: 'ja' | 'en', id: string) =>
  escapeMrkdwn(stack.kb.ui.aboutTopic[lang].trim().replaceAll('{topic}', entry(id)[lang].title));

/** Sends a DM and returns the bot's reply to it. */
async function dm(user: string, channel: string, text: string): Promise<RecordedCall> {
  const seen = stack.fake.calls.length;
  const res = await sendEvent(stack.target, { type: 'message', channel_type: 'im', user, channel, text });
  expect(res.status).toBe(200);
  return stack.fake.nextCall('chat.postMessage', seen);
}

/** @mentions the bot in a channel, in a thread when `threadTs` is given, and returns the reply. */
async function mention(channel: string, text: string, ts: string, threadTs?: string): Promise<RecordedCall> {
  const seen = stack.fake.calls.length;
  const event = { type: 'app_mention', user: 'U-THREAD', text: `<@UBOT> ${text}`, channel, ts, event_ts: ts };
  const res = await sendEvent(stack.target, threadTs ? { ...event, thread_ts: threadTs } : event);
  expect(res.status).toBe(200);
  return stack.fake.nextCall('chat.postMessage', seen);
}

describe('follow-up questions on Slack', () => {
  it('reads 「合格率は?」 in a DM against the PMP question before it', async () => {
    stack.fake.setUser('U-DM-JA', { locale: 'ja-JP' });
    await dm('U-DM-JA', 'D-CONV-1', 'PMPの受験資格は?');
    const second = blocksText((await dm('U-DM-JA', 'D-CONV-1', '合格率は?')).body.blocks);
    expect(second).toContain(about('ja', 'cert-pmp'));
    expect(second).toContain(entry('cert-pmp').ja.title);
    expect(second).toMatch(/\*[^*]*合格率[^*]*\*/);
  });

  it('keeps the topic per thread: "and the manager?" in the thread, a fresh start outside it', async () => {
    const first = await mention('C-CONV', 'what does a PMO expert do?', '1700000500.000100');
    expect(first.body.thread_ts).toBe('1700000500.000100');
    const inThread = await mention('C-CONV', 'and the manager?', '1700000501.000100', '1700000500.000100');
    expect(inThread.body.thread_ts).toBe('1700000500.000100');
    expect(headerOf(inThread.body.blocks)).toBe(entry('pmo-manager').en.title);
    expect(blocksText(inThread.body.blocks)).toContain(about('en', 'pmo-manager'));
    const outside = await mention('C-CONV', 'and its history?', '1700000502.000100');
    expect(blocksText(outside.body.blocks)).not.toContain('About');
  });

  it('offers "ask about something else", which forgets the topic for that thread only', async () => {
    await dm('U-DM-EN', 'D-CONV-2', 'what are the requirements to take the PMP?');
    const followUp = await dm('U-DM-EN', 'D-CONV-2', 'and its fee?');
    expect(blocksText(followUp.body.blocks)).toContain(escapeMrkdwn(entry('cert-pmp').en.title));
    const fresh = actionButton(followUp.body.blocks, (a) => a.type === 'new-topic');
    const seen = stack.fake.calls.length;
    await clickButton(stack.target, { ...fresh, container: 'message', channel: 'D-CONV-2', user: 'U-DM-EN' });
    await stack.fake.nextCall('chat.postEphemeral', seen);
    const after = await dm('U-DM-EN', 'D-CONV-2', 'and its fee?');
    expect(blocksText(after.body.blocks)).not.toContain('About');
  });
});

describe('language switch on Slack', () => {
  it('replaces a bot message in place, and later answers come in the chosen language', async () => {
    const answer = await dm('U-SWITCH-1', 'D-SWITCH-1', 'what does a PMO expert do?');
    const posted = stack.fake.callsTo('chat.postMessage').length;
    const button = actionButton(answer.body.blocks, (a) => a.type === 'switch' && a.lang === 'ja');
    const seen = stack.fake.calls.length;
    const messageTs = '1700000600.000100';
    const res = await clickButton(stack.target, {
      ...button,
      container: 'message',
      channel: 'D-SWITCH-1',
      messageTs,
      user: 'U-SWITCH-1',
    });
    expect(res.status).toBe(200);
    const update = await stack.fake.nextCall('chat.update', seen);
    expect(update.body).toMatchObject({ channel: 'D-SWITCH-1', ts: messageTs });
    expect(headerOf(update.body.blocks)).toBe(entry('pmo-expert').ja.title);
    // The switched reply's buttons speak Japanese too, and offer English back.
    expect(blocksText(update.body.blocks)).toContain(entry('pmo-manager').ja.title);
    actionButton(update.body.blocks, (a) => a.type === 'switch' && a.lang === 'en');
    expect(stack.fake.callsTo('chat.postMessage')).toHaveLength(posted);
    // "PMP?" does not tell the language; the choice does (the workspace locale says English).
    const next = await dm('U-SWITCH-1', 'D-SWITCH-1', 'PMP?');
    expect(headerOf(next.body.blocks)).toBe(entry('cert-pmp').ja.title);
  });

  it('replaces an ephemeral /pmo reply through its response_url', async () => {
    const user = 'U-SWITCH-2';
    const first = await slashCommand(stack.target, 'cert pmp', user);
    const blocks = (first.json as { blocks: unknown[] }).blocks;
    const button = actionButton(blocks, (a) => a.type === 'switch' && a.lang === 'ja');
    const posted = stack.fake.callsTo('chat.postMessage').length;
    const replaced = await clickEphemeral(stack.fake, stack.target, { ...button, user, responseId: 'switch-eph' });
    expect(replaced.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(headerOf(replaced.body.blocks)).toBe(entry('cert-pmp').ja.title);
    expect(stack.fake.callsTo('chat.postMessage')).toHaveLength(posted);
    const again = await slashCommand(stack.target, 'role expert', user);
    expect(headerOf((again.json as { blocks: unknown[] }).blocks)).toBe(entry('pmo-expert').ja.title);
  });
});
