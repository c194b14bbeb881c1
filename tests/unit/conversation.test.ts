import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { Conversations } from '../../src/bot/conversation.js';
import { StoreError } from '../../src/errors.js';
import type { Lang } from '../../src/knowledge/schema.js';
import type { IncomingMessage } from '../../src/message.js';
import { OnboardingFlow } from '../../src/onboarding/flow.js';
import type { Reply, ReplyAction } from '../../src/reply.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { PROFILE_RECHECK_MS } from '../../src/store/sqlite-profiles.js';
import type { Store } from '../../src/store/store.js';
import { entryOf, realKnowledge } from '../helpers/knowledge.js';

/** The conversation features in the core: follow-ups, the language switch, `why`. */

const kb = realKnowledge();
const entry = (id: string) => entryOf(kb, id);
const sender = (userId: string, conversation = `conv-${userId}`) =>
  ({ platform: 'teams', workspaceId: 'tenant-1', userId, conversation, locale: 'en-US' }) as const;
const aboutLine = (lang: Lang, id: string) =>
  kb.ui.aboutTopic[lang].trim().replaceAll('{topic}', entry(id)[lang].title);

function chat(bot: Bot, userId: string) {
  const from = sender(userId);
  return {
    say: (text: string) => bot.handle({ kind: 'text', text, ...from }),
    click: (action: ReplyAction) => bot.handle({ kind: 'action', action, ...from }),
  };
}

const switchOf = (reply: Reply) => {
  const action = reply.languageSwitch?.action;
  if (action?.type !== 'switch') throw new Error(`no language switch on ${reply.kind}`);
  return action;
};

describe('follow-ups in context', () => {
  const bot = new Bot({ kb });

  it('reads 「合格率は?」 after PMP as PMP’s pass rate, led by that sentence', async () => {
    const c = chat(bot, 'u-pass-rate');
    await c.say('PMPの受験資格は?');
    const reply = await c.say('合格率は?');
    expect(reply).toMatchObject({ kind: 'answer', intent: 'cert-pmp', lang: 'ja' });
    expect(reply.short).toContain('合格率');
    expect(reply.context).toEqual({ intent: 'cert-pmp', line: aboutLine('ja', 'cert-pmp') });
    expect(reply.actions.some((a) => a.action.type === 'new-topic')).toBe(true);
  });

  it('says "not covered" for the topic when the follow-up asks what it does not hold', async () => {
    const c = chat(bot, 'u-fee');
    await c.say('what do I need to qualify for the PMP?');
    const reply = await c.say('and its fee?');
    expect(reply).toMatchObject({ matched: false, reason: 'not-covered' });
    expect(reply.text).toContain(entry('cert-pmp').en.title);
    expect(reply.suggestions[0]?.action).toMatchObject({ type: 'ask', entryId: 'cert-pmp' });
  });

  it.each([
    ['what does a PMO expert do?', 'and the manager?', 'pmo-manager'],
    ['IPAのプロジェクトマネージャ試験について', 'それの難易度は?', 'cert-ipa-pm'],
    ['what’s the PMP pass rate?', 'what about IPA?', 'cert-ipa-pm'],
    ['what’s the career path for a PM?', 'how about for a PMO?', 'career-pmo'],
    ['PMに必要なスキルは?', 'PMOだとどう?', 'overview-pmo-skills'],
  ])('after "%s", reads "%s" as about %s', async (first, second, expected) => {
    const c = chat(bot, `u-${expected}-${second.length}`);
    await c.say(first);
    const reply = await c.say(second);
    expect(reply.intent).toBe(expected);
    expect(reply.context?.intent).toBe(expected);
  });

  it('keeps the pass rate when switching topic: "what about IPA?" gives IPA’s pass-rate line', async () => {
    const c = chat(bot, 'u-keep-question');
    await c.say('what’s the PMP pass rate?');
    expect((await c.say('what about IPA?')).short).toMatch(/14/);
  });

  it('never bends a message that names its own topic', async () => {
    const c = chat(bot, 'u-own-topic');
    await c.say('PMPの受験資格は?');
    const reply = await c.say('PMOエキスパートって何をする人?');
    expect(reply.intent).toBe('pmo-expert');
    expect(reply.context).toBeUndefined();
    expect(
      (await bot.handle({ kind: 'text', text: 'PMOエキスパートって何をする人?', ...sender('u-alone') })).intent,
    ).toBe('pmo-expert');
  });

  it('keeps the topic across small talk, forgets it on "ask about something else"', async () => {
    const c = chat(bot, 'u-fresh');
    await c.say('プロジェクトマネージャ試験について');
    await c.say('ありがとう');
    const followUp = await c.say('合格率は?');
    expect(followUp.intent).toBe('cert-ipa-pm');
    const fresh = followUp.actions.find((a) => a.action.type === 'new-topic');
    expect((await c.click(fresh?.action as ReplyAction)).kind).toBe('notice');
    expect((await c.say('合格率は?')).context).toBeUndefined();
  });

  it('forgets a topic after CONTEXT_TTL (30 minutes by default)', async () => {
    let now = new Date('2025-05-01T10:00:00Z');
    const timed = new Bot({ kb, conversations: new Conversations({ now: () => now }) });
    const c = chat(timed, 'u-ttl');
    await c.say('PMPの受験資格は?');
    now = new Date(now.getTime() + 29 * 60_000);
    expect((await c.say('合格率は?')).intent).toBe('cert-pmp');
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await c.say('合格率は?')).context).toBeUndefined();
  });

  it('answers follow-ups from memory while the store fails', async () => {
    const failing = new Proxy({} as Store, {
      get: () => async () => {
        throw new StoreError('database unavailable');
      },
    });
    const c = chat(new Bot({ kb, conversations: new Conversations({ store: failing }) }), 'u-store-down');
    await c.say('PMPの受験資格は?');
    expect((await c.say('合格率は?')).intent).toBe('cert-pmp');
  });
});

describe('language switch', () => {
  const bot = new Bot({ kb });

  it('draws an answer again in the other language, same lead, buttons in that language', async () => {
    const c = chat(bot, 'u-switch');
    await c.say('PMPの受験資格は?');
    const ja = await c.say('合格率は?');
    const en = await c.click(switchOf(ja));
    expect(en).toMatchObject({ kind: 'answer', intent: 'cert-pmp', lang: 'en', title: entry('cert-pmp').en.title });
    expect(en.short).toMatch(/pass rate/i);
    expect(en.context?.line).toBe(aboutLine('en', 'cert-pmp'));
    expect(en.followUps.map((b) => b.label)).toEqual(entry('cert-pmp').related.map((id) => entry(id).en.title));
    expect(switchOf(en).lang).toBe('ja');
  });

  it('switches comparisons and not-covered replies too', async () => {
    const c = chat(bot, 'u-switch-2');
    const comparison = await c.say('PMPとIPAの違いは?');
    const enComparison = await c.click(switchOf(comparison));
    expect(enComparison).toMatchObject({ kind: 'comparison', lang: 'en', intents: comparison.intents });
    const notCovered = await c.say('PMPの受験料は?');
    const enNotCovered = await c.click(switchOf(notCovered));
    expect(enNotCovered).toMatchObject({ reason: 'not-covered', lang: 'en' });
    expect(enNotCovered.text).toContain(entry('cert-pmp').en.title);
  });

  it('switches a command’s combined reply by running the command again', async () => {
    const c = chat(bot, 'u-switch-cmd');
    const both = await bot.handle({ kind: 'command', text: 'skills', ...sender('u-switch-cmd') });
    const ja = await c.click(switchOf(both));
    expect(ja.lang).toBe('ja');
    for (const id of ['overview-pm-skills', 'overview-pmo-skills']) expect(ja.title).toContain(entry(id).ja.title);
  });

  it('remembers the choice for text that does not decide the language', async () => {
    const c = chat(bot, 'u-prefers-ja');
    expect((await c.say('PMP?')).lang).toBe('en');
    await c.click(switchOf(await c.say('what is PMP?')));
    expect((await c.say('PMP?')).lang).toBe('ja');
    // Writing in the other language still wins.
    expect((await c.say('what is PMP?')).lang).toBe('en');
  });
});

describe('onboarding and why', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmo-conv-'));
    store = await openSqliteStore(dir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches an onboarding step without moving it', async () => {
    const path = kb.onboarding;
    if (!path) throw new Error('knowledge has no onboarding path');
    const bot = new Bot({ kb, onboarding: new OnboardingFlow({ kb, path, store }) });
    const c = chat(bot, 'u-onboard');
    const step = await c.say('onboard');
    const ja = await c.click(switchOf(step));
    expect(ja).toMatchObject({ kind: 'onboarding', lang: 'ja' });
    expect(ja.title).toContain(path.steps[0]?.ja.title);
  });

  it('explains an admin’s last question, and only to admins', async () => {
    const admins = [{ platform: 'teams' as const, userId: 'u-admin' }];
    const bot = new Bot({ kb, admins, conversations: new Conversations({ store }) });
    const admin = chat(bot, 'u-admin');
    await admin.say('PMPの受験資格は?');
    await admin.say('合格率は?');
    const why = await admin.say('why');
    expect(why.kind).toBe('explain');
    expect(why.text).toContain('合格率');
    expect(why.text).toContain('cert-pmp');
    const someone: IncomingMessage = { kind: 'text', text: 'why', ...sender('u-not-admin') };
    expect((await bot.handle(someone)).kind).toBe('notice');
    expect((await store.getProfile({ ...sender('u-not-admin') })).lastQuestion).toBeNull();
  });
});

describe('the preferred language on the command path', () => {
  let dir: string;
  const stores: Store[] = [];
  const open = async () => {
    const store = await openSqliteStore(dir);
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmo-lang-'));
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const command = (bot: Bot, text: string) => bot.handle({ kind: 'command', text, ...sender('u-cmd') });

  it('answers `cert pmp` in the chosen language, reading the profile once per message', async () => {
    const store = await open();
    const bot = new Bot({ kb, conversations: new Conversations({ store }) });
    const en = await command(bot, 'cert pmp');
    expect(en.lang).toBe('en');
    await bot.handle({ kind: 'action', action: switchOf(en), ...sender('u-cmd') });
    // SQLite answers on the spot (getProfileNow); either way is one read.
    const spies = [vi.spyOn(store, 'getProfile'), vi.spyOn(store, 'getProfileNow')];
    const reads = () => spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
    const ja = await command(bot, 'cert pmp');
    expect(ja.lang).toBe('ja');
    expect(ja.title).toContain(entry('cert-pmp').ja.title);
    // Neither "cert pmp" nor its argument tells the language: one read serves both.
    expect(reads()).toBe(1);
    // Text that tells the language needs no read at all, and still wins over the choice.
    expect((await command(bot, 'what is PMP?')).lang).toBe('en');
    expect(reads()).toBe(1);
  });

  it('sees a choice made by another process on the same data once the profile recheck interval passed', async () => {
    const [here, there] = [await open(), await open()];
    const bot = new Bot({ kb, conversations: new Conversations({ store: here }) });
    const other = new Bot({ kb, conversations: new Conversations({ store: there }) });
    const pastRecheck = () => new Promise((resolve) => setTimeout(resolve, PROFILE_RECHECK_MS + 5));
    const en = await command(bot, 'cert pmp');
    expect(en.lang).toBe('en');
    await other.handle({ kind: 'action', action: switchOf(en), ...sender('u-cmd') });
    await pastRecheck();
    expect((await command(bot, 'cert pmp')).lang).toBe('ja');
    await other.handle({ kind: 'action', action: switchOf(await command(other, 'cert pmp')), ...sender('u-cmd') });
    await pastRecheck();
    expect((await command(bot, 'cert pmp')).lang).toBe('en');
  });
});
