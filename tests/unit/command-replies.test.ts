import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { Conversations } from '../../src/bot/conversation.js';
import { knowledgeWithUi, realKnowledge } from '../helpers/knowledge.js';

/**
 * A knowledge command's reply is made once per knowledge and shared between
 * requests (src/bot/bot.ts knowledgeReply): what each user sees must still
 * follow their own language, and a reload must show the new knowledge.
 */

const alice = { platform: 'slack', workspaceId: 'T1', userId: 'U1' } as const;
const bob = { platform: 'slack', workspaceId: 'T1', userId: 'U2' } as const;

describe('shared knowledge command replies', () => {
  it('answers each user in their own language, request after request', async () => {
    const conversations = new Conversations();
    const bot = new Bot({ kb: realKnowledge(), conversations });
    await conversations.setPreferredLanguage(alice, 'ja');
    for (let round = 0; round < 3; round++) {
      const forAlice = await bot.handle({ kind: 'command', text: 'cert pmp', ...alice });
      const forBob = await bot.handle({ kind: 'command', text: 'cert pmp', ...bob });
      expect(forAlice.lang).toBe('ja');
      expect(forBob.lang).toBe('en');
      expect(forAlice.title).toContain('PMP');
      expect(forBob.title).toContain('PMP');
    }
    await conversations.setPreferredLanguage(bob, 'ja');
    expect((await bot.handle({ kind: 'command', text: 'cert pmp', ...bob })).lang).toBe('ja');
  });

  it('cannot be changed by one caller for the next', async () => {
    const bot = new Bot({ kb: realKnowledge() });
    const first = await bot.handle({ kind: 'command', text: 'help', ...alice });
    const text = first.text;
    expect(() => {
      (first as { text: string }).text = 'changed';
    }).toThrow(TypeError);
    expect(() => (first.actions as unknown[]).push({})).toThrow(TypeError);
    const second = await bot.handle({ kind: 'command', text: 'help', ...bob });
    expect(second.text).toBe(text);
    expect(second.actions).toHaveLength(first.actions.length);
  });

  it('shows the new knowledge after a reload', async () => {
    const bot = new Bot({ kb: realKnowledge() });
    const before = await bot.handle({ kind: 'command', text: 'help', ...alice });
    expect(before.text).not.toContain('Edited help text');
    bot.useKnowledge(knowledgeWithUi([[['help', 'en'], 'Edited help text']]));
    const after = await bot.handle({ kind: 'command', text: 'help', ...alice });
    expect(after.text).toContain('Edited help text');
  });
});
