import { describe, expect, it } from 'vitest';
import { serializedReply } from '../../adapters/slack/context.js';
import { renderReply } from '../../adapters/slack/render.js';
import { Bot } from '../../src/bot/bot.js';
import type { Reply } from '../../src/reply.js';
import { knowledgeWithUi, realKnowledge } from '../helpers/knowledge.js';

/** What chat.postMessage sends for a reply: the fallback text and the blocks as JSON. */
const sent = (reply: Reply, ui = realKnowledge().ui) => {
  const { text, blocks } = serializedReply(reply, ui);
  return { text, blocks: JSON.parse(blocks as unknown as string) as unknown };
};

async function answer(text: string): Promise<Reply> {
  const bot = new Bot({ kb: realKnowledge() });
  return bot.handle({ kind: 'text', text, platform: 'slack', workspaceId: 'T1', userId: 'U1', conversation: 'C1' });
}

describe('serialized Slack replies', () => {
  it('sends exactly what rendering the reply draws, every time the same question is answered', async () => {
    const first = await answer('what is a PMO?');
    const drawn = renderReply(first, { ui: realKnowledge().ui });
    expect(sent(first)).toEqual({ text: drawn.text, blocks: drawn.blocks });
    const again = await answer('what is a PMO?');
    expect(again).not.toBe(first);
    expect(sent(again)).toEqual(sent(first));
  });

  it('draws a reply that differs in anything anew: another answer, another confidence', async () => {
    const pmo = await answer('what is a PMO?');
    const pm = await answer('what does a project manager do?');
    expect(sent(pm)).toEqual({ text: renderReply(pm, { ui: realKnowledge().ui }).text, blocks: expect.anything() });
    expect(sent(pm).blocks).not.toEqual(sent(pmo).blocks);
    const unsure = { ...pmo, confidence: 0.42 };
    expect(JSON.stringify(sent(unsure).blocks)).toContain('42%');
    expect(JSON.stringify(sent(pmo).blocks)).not.toContain('42%');
  });

  it('uses the strings of the knowledge now loaded after ui.yaml changes', async () => {
    const reply = await answer('what is a PMO?');
    const edited = knowledgeWithUi([[['relatedHeading', 'en'], 'Read next']]);
    expect(JSON.stringify(sent(reply).blocks)).not.toContain('Read next');
    expect(JSON.stringify(sent(reply, edited.ui).blocks)).toContain('Read next');
  });
});
