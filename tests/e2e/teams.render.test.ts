import { describe, expect, it } from 'vitest';
import {
  extensionAttachment,
  metaLine,
  renderActivity,
  renderCard,
  summaryLine,
  textBlocks,
} from '../../adapters/teams/render.js';
import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Reply } from '../../src/reply.js';
import { knowledgeWithUi } from '../helpers/knowledge.js';
import { cardSubmits, cardText } from '../helpers/teams.js';

const kb = loadKnowledge(defaultKnowledgeDir());
const bot = new Bot({ kb });
const answer = (id: string, lang: 'ja' | 'en') =>
  bot.handle({
    kind: 'action',
    action: { type: 'ask', entryId: id, lang },
    platform: 'teams',
    workspaceId: 't',
    userId: 'u',
  });

describe('Teams card rendering', () => {
  it('keeps plain lines apart and groups "- " bullets into one list block', () => {
    const blocks = textBlocks('Intro line\n- first\n- second\n\nClosing line');
    expect(blocks.map((b) => b.text)).toEqual(['Intro line', '- first\n- second', 'Closing line']);
    expect(blocks.every((b) => b.wrap === true)).toBe(true);
  });

  it('shows source and confidence in the reply language', async () => {
    const ja = await answer('cert-pmp', 'ja');
    expect(metaLine(ja, kb.ui.labels)).toBe(`出典: ${ja.source} · 確信度: 100%`);
    const en = await answer('cert-pmp', 'en');
    expect(metaLine(en, kb.ui.labels)).toMatch(/^Source: .* · confidence: 100%$/);
    const meta = (renderCard(en, kb.ui).body as { text?: string; isSubtle?: boolean }[]).find((b) => b.isSubtle);
    expect(meta?.text).toBe(metaLine(en, kb.ui.labels));
  });

  it('takes the source, confidence and vote labels from ui.yaml: a reworded label shows on the card', async () => {
    const reply = await answer('cert-pmp', 'en');
    const votesOf = (card: Record<string, unknown>) =>
      cardSubmits(card)
        .filter((s) => s.data.type === 'feedback')
        .map((s) => s.title);
    expect(votesOf(renderCard(reply, kb.ui))).toEqual(['👍 Helpful', '👎 Not helpful']);
    const edited = knowledgeWithUi([
      [['labels', 'source', 'en'], 'From'],
      [['labels', 'confidence', 'en'], 'match'],
      [['labels', 'helpful', 'en'], 'Yes, this helped'],
      [['labels', 'notHelpful', 'en'], 'No, it did not'],
    ]).ui;
    const card = renderCard(reply, edited);
    expect(cardText(card)).toContain(`From: ${reply.source} · match: 100%`);
    expect(votesOf(card)).toEqual(['Yes, this helped', 'No, it did not']);
  });

  it('offers follow-ups and 👍/👎 whose data is a valid action', async () => {
    const reply = await answer('pmo-expert', 'ja');
    const submits = cardSubmits(renderCard(reply, kb.ui));
    const votes = submits.filter((s) => s.data.type === 'feedback');
    expect(votes.map((v) => v.data)).toEqual([
      { type: 'feedback', entryId: 'pmo-expert', helpful: true, lang: 'ja' },
      { type: 'feedback', entryId: 'pmo-expert', helpful: false, lang: 'ja' },
    ]);
    expect(submits.filter((s) => s.data.type === 'ask').map((s) => s.data)).toEqual(
      reply.followUps.map((b) => b.action),
    );
    expect(cardText(renderCard(reply, kb.ui))).toContain(kb.ui.relatedHeading.ja);
  });

  it('maps button styles to Adaptive Card styles', async () => {
    const card = renderCard(await bot.welcome({ platform: 'teams', workspaceId: 't', userId: 'u' }), kb.ui);
    const actionSet = (card.body as { type: string; actions?: { style?: string }[] }[]).find(
      (b) => b.type === 'ActionSet',
    );
    expect(actionSet?.actions?.[0]?.style).toBe('positive');
  });

  it('renders message-extension results without buttons', async () => {
    const reply = await answer('pmo-expert', 'en');
    const attachment = extensionAttachment(reply, kb.ui);
    expect(cardSubmits(attachment.content as Record<string, unknown>)).toHaveLength(0);
    expect(attachment.preview?.content).toMatchObject({ title: reply.title });
  });

  it('summarises answers by title and notices by their first line', async () => {
    expect(summaryLine(await answer('pmo-expert', 'en'))).toBe(kb.byId.get('pmo-expert')?.en.title);
    const help = await bot.handle({ kind: 'text', text: 'help', platform: 'teams', workspaceId: 't', userId: 'u' });
    expect(summaryLine(help)).toBe(help.text.split('\n')[0]?.replaceAll('`', ''));
    const long: Reply = { ...help, kind: 'notice', text: 'x'.repeat(500) };
    expect(summaryLine(long)).toHaveLength(140);
    expect(renderActivity(long, kb.ui)).toMatchObject({ type: 'message', text: summaryLine(long) });
  });
});
