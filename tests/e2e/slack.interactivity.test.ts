import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMrkdwn } from '../../adapters/slack/text.js';
import { entryOf } from '../helpers/knowledge.js';
import { blocksText, buttonsOf, requestLines, type SlackStack, startSlackStack } from '../helpers/slack.js';
import { clickButton, sendEvent, slashCommand } from '../helpers/slack-sign.js';

/**
 * Buttons end to end: block_actions payloads are POSTed to /slack/events the
 * way Slack sends them (form field `payload`), and the answers are read back
 * from the fake Web API and the fake response_url. The stack reads bodies
 * before the adapter, as the production server does.
 */

let stack: SlackStack;

beforeAll(async () => {
  stack = await startSlackStack({ preParse: true });
});

afterAll(async () => {
  await stack?.close();
});

const entry = (id: string) => entryOf(stack.kb, id);

const ask = (entryId: string, lang = 'en') => JSON.stringify({ type: 'ask', entryId, lang });

describe('buttons', () => {
  it('answers a follow-up click in the thread of the clicked message', async () => {
    const before = requestLines(stack).length;
    const res = await clickButton(stack.target, {
      actionId: 'pmo:btn:0',
      value: ask('career-pm'),
      container: 'message',
      channel: 'C-FOLLOW',
      messageTs: '1700000200.000100',
    });
    expect(res.status).toBe(200);
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'C-FOLLOW');
    expect(post.body.thread_ts).toBe('1700000200.000100');
    expect(blocksText(post.body.blocks)).toContain(entry('career-pm').en.title);
    await expect
      .poll(() =>
        requestLines(stack)
          .slice(before)
          .map((l) => [l.kind, l.intent]),
      )
      .toEqual([['action', 'career-pm']]);
  });

  it('answers a click on an ephemeral answer privately through response_url, with its own share button', async () => {
    await clickButton(stack.target, {
      actionId: 'pmo:btn:1',
      value: ask('pmo-expert', 'ja'),
      container: 'ephemeral',
      channel: 'C-EPH',
      responseId: 'eph-1',
    });
    const response = await stack.fake.waitFor('response_url', (c) => c.body.response_type === 'ephemeral');
    expect(response.body.replace_original).toBe(false);
    expect(blocksText(response.body.blocks)).toContain(entry('pmo-expert').ja.title);
    const share = buttonsOf(response.body.blocks).find((b) => b.action_id === 'pmo:share');
    expect(JSON.parse(share?.value ?? '{}')).toEqual({ type: 'ask', entryId: 'pmo-expert', lang: 'ja' });
    expect(stack.fake.calls.filter((c) => c.body.channel === 'C-EPH')).toHaveLength(0);
  });

  it('acknowledges feedback privately to the person who clicked', async () => {
    const value = JSON.stringify({ type: 'feedback', entryId: 'cert-pmp', helpful: true, lang: 'en' });
    await clickButton(stack.target, {
      actionId: 'pmo:feedback:up',
      value,
      container: 'message',
      channel: 'C-FEEDBACK',
      user: 'U-FB',
      threadTs: '1700000300.000100',
    });
    const post = await stack.fake.waitFor('chat.postEphemeral', (c) => c.body.channel === 'C-FEEDBACK');
    expect(post.body.user).toBe('U-FB');
    expect(post.body.thread_ts).toBe('1700000300.000100');
    expect(blocksText(post.body.blocks)).toContain(toMrkdwn(stack.kb.ui.feedbackThanks.en));
    expect(stack.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C-FEEDBACK')).toHaveLength(0);
  });

  it('shares the answer of a /pmo reply to the channel and removes the private copy', async () => {
    const command = await slashCommand(stack.target, 'cert pmp');
    const blocks = (command.json as { blocks: unknown[] }).blocks;
    const share = buttonsOf(blocks).find((b) => b.action_id === 'pmo:share');
    expect(share?.value).toBeDefined();
    await clickButton(stack.target, {
      actionId: 'pmo:share',
      value: share?.value ?? '',
      container: 'ephemeral',
      channel: 'C-SHARE',
      responseId: 'share-1',
    });
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'C-SHARE');
    const text = blocksText(post.body.blocks);
    expect(text).toContain(entry('cert-pmp').en.title);
    // The public copy has feedback buttons but no share button of its own.
    expect(buttonsOf(post.body.blocks).map((b) => b.action_id)).not.toContain('pmo:share');
    const removal = await stack.fake.waitFor('response_url', (c) => c.body.delete_original === true);
    expect(removal).toBeDefined();
    await expect.poll(() => requestLines(stack).some((l) => l.kind === 'share')).toBe(true);
  });

  it('shares a certification list by re-running its command', async () => {
    const command = await slashCommand(stack.target, 'cert');
    const share = buttonsOf((command.json as { blocks: unknown[] }).blocks).find((b) => b.action_id === 'pmo:share');
    expect(JSON.parse(share?.value ?? '{}')).toEqual({ type: 'command', command: 'cert', lang: 'en' });
  });

  it('answers a click in App Home in the app DM', async () => {
    await clickButton(stack.target, {
      actionId: 'pmo:btn:3',
      value: ask('pm-role'),
      container: 'home',
      user: 'U-HOMECLICK',
    });
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'U-HOMECLICK');
    expect(blocksText(post.body.blocks)).toContain(entry('pm-role').en.title);
  });

  it('runs a command button from help', async () => {
    const value = JSON.stringify({ type: 'command', command: 'cert', lang: 'en' });
    await clickButton(stack.target, { actionId: 'pmo:btn:0', value, container: 'ephemeral', responseId: 'cmd-btn' });
    const response = await stack.fake.waitFor('response_url', (c) => blocksText(c.body.blocks).includes('PMP'));
    expect(blocksText(response.body.blocks)).toContain(stack.kb.ui.certList.en);
  });

  it.each([
    ['not JSON', 'not-json'],
    ['an unknown action type', JSON.stringify({ type: 'delete_everything' })],
    ['extra fields', JSON.stringify({ type: 'ask', entryId: 'pm-role', sneaky: true })],
  ])('refuses a button value that is %s, with a warning and no answer', async (_name, value) => {
    const before = stack.fake.calls.length;
    const res = await clickButton(stack.target, {
      actionId: 'pmo:btn:9',
      value,
      container: 'message',
      channel: 'C-BAD',
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() => stack.logLines().filter((l) => String(l.msg).includes('not a valid action')).length)
      .toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(stack.fake.calls.slice(before).filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });
});

describe('users.info', () => {
  it('looks a user up once and reuses the cached locale', async () => {
    stack.fake.setUser('U-CACHE', { locale: 'ja-JP' });
    await slashCommand(stack.target, 'cert pmp', 'U-CACHE');
    const second = await slashCommand(stack.target, 'cert pmp', 'U-CACHE');
    expect(blocksText((second.json as { blocks: unknown[] }).blocks)).toContain(entry('cert-pmp').ja.title);
    expect(stack.fake.callsTo('users.info').filter((c) => c.body.user === 'U-CACHE')).toHaveLength(1);
  });

  it('answers without a locale when users.info fails', async () => {
    stack.fake.fail('users.info');
    await sendEvent(stack.target, {
      type: 'message',
      channel_type: 'im',
      channel: 'D-NOINFO',
      user: 'U-NOINFO',
      text: 'PMP?',
    });
    const post = await stack.fake.waitFor('chat.postMessage', (c) => c.body.channel === 'D-NOINFO');
    expect(blocksText(post.body.blocks)).toContain(entry('cert-pmp').en.title);
    expect(stack.logLines().some((l) => String(l.msg).includes('users.info failed'))).toBe(true);
  });
});
