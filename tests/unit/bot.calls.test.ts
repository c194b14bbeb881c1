import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import type { Reply } from '../../src/reply.js';
import type { Sender } from '../../src/user.js';
import { entryOf, realKnowledge } from '../helpers/knowledge.js';

/**
 * The calls adapters make besides handle(): the core picks the language and
 * every action a reply offers (share, 👍/👎), so a renderer only draws them.
 */

const kb = realKnowledge();
const japanese: Sender = { platform: 'slack', workspaceId: 'T1', userId: 'U-ja', locale: 'ja-JP' };
const english: Sender = { platform: 'teams', workspaceId: 'tenant', userId: 'aad-en', locale: 'en-US' };
const categories = Object.keys(kb.ui.categories);
const firstOf = (category: string) => kb.entries.find((e) => e.category === category);

const ask = (bot: Bot, text: string, sender: Sender = english) => bot.handle({ kind: 'command', text, ...sender });

describe('welcome, help and home for a sender', () => {
  it('greets in the language of the sender: the one they chose, else their locale', async () => {
    const bot = new Bot({ kb });
    const welcome = await bot.welcome(japanese);
    expect(welcome).toMatchObject({ kind: 'greeting', lang: 'ja', text: kb.ui.welcome.ja.trim() });
    expect(welcome.actions.map((b) => b.action)).toEqual([{ type: 'onboard', op: 'start', lang: 'ja' }]);
    expect((await bot.welcome(english)).lang).toBe('en');
    // The switch button makes English the user's language from now on, whatever the locale says.
    const answer = await bot.handle({ kind: 'text', text: 'PMPとは', ...japanese });
    const toEnglish = answer.languageSwitch?.action;
    if (toEnglish?.type !== 'switch') throw new Error('a Japanese answer offers the switch to English');
    await bot.handle({ kind: 'action', action: toEnglish, ...japanese });
    expect((await bot.welcome(japanese)).lang).toBe('en');
    expect((await bot.home(japanese)).lang).toBe('en');
  });

  it('lists the commands for a click it cannot read, in the sender’s language', async () => {
    const help = await new Bot({ kb }).help(japanese);
    expect(help).toMatchObject({ kind: 'help', lang: 'ja', text: kb.ui.help.ja.trim() });
  });

  it('answers a sender the core cannot accept in English instead of failing', async () => {
    const stranger = { platform: 'fax', workspaceId: '', userId: 'x' } as unknown as Sender;
    const bot = new Bot({ kb });
    expect((await bot.welcome(stranger)).lang).toBe('en');
    expect((await bot.home(stranger)).progress).toBeNull();
    expect(await bot.search('PMP', stranger)).not.toHaveLength(0);
  });

  it('shows the home tab in the sender’s language with an ask button per entry, by category', async () => {
    const home = await new Bot({ kb }).home(japanese);
    expect(home.lang).toBe('ja');
    expect(home.sections.map((s) => s.category)).toEqual(categories);
    const basics = home.sections[0];
    const first = entryOf(kb, firstOf('basics')?.id ?? '');
    expect(basics?.title).toBe(kb.ui.categories.basics?.ja);
    expect(basics?.entries[0]).toEqual({
      label: first.ja.title,
      action: { type: 'ask', entryId: first.id, lang: 'ja' },
    });
    expect(home.sections.flatMap((s) => s.entries)).toHaveLength(kb.entries.length);
  });
});

describe('entries by id and the search box', () => {
  it('draws one entry whole by its id, and nothing for an id the knowledge lacks', () => {
    const bot = new Bot({ kb });
    const pmp = entryOf(kb, 'cert-pmp');
    const reply = bot.entry('cert-pmp', 'en');
    expect(reply).toMatchObject({ kind: 'answer', intent: 'cert-pmp', title: pmp.en.title, confidence: 1 });
    expect(reply?.text).toBe(pmp.en.answer.trim());
    expect(bot.entry('no-such-entry', 'en')).toBeUndefined();
  });

  it('offers one entry per category before anything is typed, in the sender’s language', async () => {
    const replies = await new Bot({ kb }).search('', japanese, 5);
    const expected = categories.flatMap((c) => firstOf(c)?.id ?? []).slice(0, 5);
    expect(replies.map((r) => r.intent)).toEqual(expected);
    expect(replies.every((r) => r.lang === 'ja')).toBe(true);
  });

  it('searches in the language the query is written in, whatever the locale', async () => {
    const replies = await new Bot({ kb }).search('PMPの受験資格', english, 3);
    expect(replies[0]).toMatchObject({ intent: 'cert-pmp', lang: 'ja' });
    expect(replies.length).toBeLessThanOrEqual(3);
  });
});

describe('share and 👍/👎 decided by the core', () => {
  const bot = new Bot({ kb });
  const votes = (reply: Reply) => [reply.feedback?.up, reply.feedback?.down];

  it('shares an entry answer by its id and lets both votes name it in the reply’s language', async () => {
    const reply = await ask(bot, 'PMPの受験資格は?');
    expect(reply.share).toEqual({ type: 'ask', entryId: 'cert-pmp', lang: 'ja' });
    expect(votes(reply)).toEqual([
      { type: 'feedback', entryId: 'cert-pmp', helpful: true, lang: 'ja' },
      { type: 'feedback', entryId: 'cert-pmp', helpful: false, lang: 'ja' },
    ]);
  });

  it('shares a reply made of several entries, or a list, by the command that made it', async () => {
    const skills = await ask(bot, 'skills');
    expect(skills.share).toEqual({ type: 'command', command: 'skills', lang: 'en' });
    const certs = await ask(bot, 'cert');
    expect(certs).toMatchObject({ kind: 'list', share: { type: 'command', command: 'cert', lang: 'en' } });
    expect(certs.feedback).toBeUndefined();
  });

  it('offers neither share nor votes on help, greetings, no-answers or comparisons', async () => {
    const replies = await Promise.all(
      ['help', 'hello', 'what is the weather tomorrow?', 'PJM-A or PMP for a beginner?'].map((t) => ask(bot, t)),
    );
    expect(replies.map((r) => r.kind)).toEqual(['help', 'greeting', 'fallback', 'comparison']);
    for (const reply of replies) expect([reply.share, reply.feedback]).toEqual([undefined, undefined]);
  });

  it('keeps share and votes when the reply is drawn again in the other language', async () => {
    const reply = await ask(bot, 'PMPの受験資格は?');
    if (reply.languageSwitch?.action.type !== 'switch') throw new Error('an answer offers the switch');
    const switched = await bot.handle({ kind: 'action', action: reply.languageSwitch.action, ...english });
    expect(switched.share).toEqual({ type: 'ask', entryId: 'cert-pmp', lang: 'en' });
    expect(switched.feedback?.up).toEqual({ type: 'feedback', entryId: 'cert-pmp', helpful: true, lang: 'en' });
  });
});
