import { describe, expect, it } from 'vitest';
import { Bot, MAX_QUESTION_CHARS } from '../../src/bot/bot.js';
import { parseCommand } from '../../src/bot/commands.js';
import { listedBy } from '../../src/bot/run-command.js';
import type { IncomingMessage } from '../../src/message.js';
import { realKnowledge } from '../helpers/knowledge.js';

const kb = realKnowledge();
const bot = new Bot({ kb });
const user = { platform: 'slack', workspaceId: 'T1', userId: 'U1' } as const;
const command = (
  text: string,
  locale?: string,
): Promise<ReturnType<Bot['handle']> extends Promise<infer R> ? R : never> =>
  bot.handle({ kind: 'command', text, ...user, ...(locale ? { locale } : {}) });
const say = (text: string, locale?: string) =>
  bot.handle({ kind: 'text', text, ...user, ...(locale ? { locale } : {}) });

describe('command topics', () => {
  it('come from the knowledge: every listing command has entries', () => {
    for (const name of ['cert', 'role', 'skills', 'career'] as const) {
      expect(listedBy(kb, name).length, name).toBeGreaterThan(0);
    }
  });
});

describe('parseCommand', () => {
  it('keeps free chat that merely starts with a command word a question', () => {
    expect(parseCommand('career path for PMO?', 'strict').name).toBe('question');
    expect(parseCommand('skills pm', 'strict')).toEqual({ name: 'skills', arg: 'pm' });
  });

  it('turns a near-miss slash command into an unknown command with a suggestion', () => {
    expect(parseCommand('crt', 'lenient')).toEqual({ name: 'unknown', word: 'crt', suggestion: 'cert' });
    expect(parseCommand('crt', 'strict').name).toBe('question');
  });
});

describe('commands through the bot', () => {
  it('`cert` lists all four certifications with a button each', async () => {
    const reply = await command('cert');
    const buttons = reply.actions.map((a) => (a.action.type === 'ask' ? a.action.entryId : null));
    expect(buttons).toEqual(['cert-ipa-pm', 'cert-pmp', 'cert-pjm-a', 'cert-pmo-s']);
  });

  it.each([
    ['pmp', 'cert-pmp'],
    ['ipa', 'cert-ipa-pm'],
    ['pjm-a', 'cert-pjm-a'],
    ['pmos', 'cert-pmo-s'],
    ['PMOスペシャリスト', 'cert-pmo-s'],
    ['プロマネ試験', 'cert-ipa-pm'],
  ])('`cert %s` answers %s', async (name, id) => {
    const reply = await command(`cert ${name}`);
    expect(reply.intent).toBe(id);
  });

  it.each([
    ['pm', 'pm-role'],
    ['pmo', 'pmo-role'],
    ['admin', 'pmo-administrator'],
    ['expert', 'pmo-expert'],
    ['manager', 'pmo-manager'],
  ])('`role %s` answers %s', async (role, id) => {
    expect((await command(`role ${role}`)).intent).toBe(id);
  });

  it('`skills pmo` and `career pm` answer the matching entries', async () => {
    expect((await command('skills pmo')).intent).toBe('overview-pmo-skills');
    expect((await command('career pm')).intent).toBe('career-pm');
  });

  it('`skills` without an argument covers both PM and PMO', async () => {
    const reply = await command('skills');
    expect(reply.text).toContain(kb.byId.get('overview-pm-skills')?.en.answer.trim());
    expect(reply.text).toContain(kb.byId.get('overview-pmo-skills')?.en.answer.trim());
  });

  it('answers anything else as a question', async () => {
    expect((await command('what does a PMO expert do?')).intent).toBe('pmo-expert');
  });

  it('shows help with a suggestion for an unknown subcommand', async () => {
    const reply = await command('hepl');
    expect(reply.kind).toBe('help');
    expect(reply.text).toContain('help');
  });

  it('uses the locale for a command whose text is language-neutral', async () => {
    const reply = await command('cert pmp', 'ja-JP');
    expect(reply.lang).toBe('ja');
    expect(reply.title).toBe(kb.byId.get('cert-pmp')?.ja.title);
  });

  it('recognises typed commands in chat text (Teams)', async () => {
    expect((await say('cert pmp')).intent).toBe('cert-pmp');
    expect((await say('help')).kind).toBe('help');
  });
});

describe('messages the bot must handle gracefully', () => {
  it('greets back', async () => {
    expect((await say('こんにちは')).kind).toBe('greeting');
    expect((await say('hello!')).lang).toBe('en');
  });

  it('asks for a question when the text is empty', async () => {
    const reply = await say('   ', 'ja');
    expect(reply.text).toBe(kb.ui.empty.ja.trim());
  });

  it('politely refuses a 40,000-character message', async () => {
    const reply = await say('PMP '.repeat(10_000));
    expect(reply.kind).toBe('notice');
    expect(reply.text).toContain(String(MAX_QUESTION_CHARS));
  });

  it('answers a follow-up button in the language it was shown in', async () => {
    const reply = await bot.handle({
      kind: 'action',
      action: { type: 'ask', entryId: 'cert-pmp', lang: 'ja' },
      ...user,
    });
    expect(reply.title).toBe(kb.byId.get('cert-pmp')?.ja.title);
  });

  it('acknowledges feedback', async () => {
    const reply = await bot.handle({
      kind: 'action',
      action: { type: 'feedback', entryId: 'cert-pmp', helpful: true, lang: 'en' },
      ...user,
    });
    expect(reply.text).toBe(kb.ui.feedbackThanks.en.trim());
  });

  it('does not crash on a message that fails validation', async () => {
    const bogus = { kind: 'text', text: 42, ...user } as unknown as IncomingMessage;
    const reply = await bot.handle(bogus);
    expect(reply.kind).toBe('notice');
  });
});

describe('/pmo stats', () => {
  it('tells an admin about a bad --since instead of failing', async () => {
    const { StoreAnalytics } = await import('../../src/analytics/recorder.js');
    const { openSqliteStore } = await import('../../src/store/sqlite.js');
    const store = await openSqliteStore(':memory:');
    const analytics = new StoreAnalytics({ kb, store, admins: [{ platform: 'slack', userId: 'U1' }] });
    const admin = new Bot({ kb, analytics });
    const reply = await admin.handle({ kind: 'command', text: 'stats yesterday-ish', ...user });
    expect(reply.kind).toBe('notice');
    expect(reply.text).toContain('--since');
    await store.close();
  });
});
