import { describe, expect, it } from 'vitest';
import { renderHome } from '../../adapters/slack/home.js';
import { FEEDBACK_ACTION_IDS, LIMITS, renderReply, SHARE_ACTION_ID } from '../../adapters/slack/render.js';
import {
  escapeMrkdwn,
  fromSlackText,
  safePrefix,
  splitText,
  stripMention,
  toMrkdwn,
} from '../../adapters/slack/text.js';
import type { Reply, ReplyButton } from '../../src/reply.js';
import { knowledgeWithUi, realKnowledge } from '../helpers/knowledge.js';
import { blocksText, buttonsOf } from '../helpers/slack.js';

const { ui } = realKnowledge();

const vote = (helpful: boolean) => ({ type: 'feedback' as const, entryId: 'pm-role', helpful, lang: 'en' as const });
const votes = { up: vote(true), down: vote(false) };

function reply(overrides: Partial<Reply> = {}): Reply {
  return {
    kind: 'answer',
    lang: 'en',
    matched: true,
    intent: 'pm-role',
    confidence: 0.923,
    title: 'What a PM does',
    text: 'A PM leads the project.\n- plans\n- decides',
    source: 'PMとPMOの役割 > 【PM】',
    followUps: [],
    suggestions: [],
    actions: [],
    feedback: votes,
    share: { type: 'ask', entryId: 'pm-role', lang: 'en' },
    ...overrides,
  };
}

const askButton = (i: number, label = `Entry ${i}`): ReplyButton => ({
  label,
  action: { type: 'ask', entryId: `entry-${i}`, lang: 'en' },
});

describe('renderReply', () => {
  it('renders title, bullets, source and confidence, escaping what Slack parses', () => {
    const { blocks, text } = renderReply(reply({ text: 'Q&A <b>\n- one\n- two' }), { ui });
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'What a PM does', emoji: true } });
    expect(blocksText(blocks)).toContain('Q&amp;A &lt;b&gt;\n• one\n• two');
    expect(blocksText(blocks)).toContain('Source: PMとPMOの役割 &gt; 【PM】 · confidence 92%');
    expect(text).toContain('What a PM does');
    expect(text).not.toContain('<b>');
  });

  it('labels the source line in Japanese for a Japanese reply', () => {
    const { blocks } = renderReply(reply({ lang: 'ja', confidence: 0.5 }), { ui });
    expect(blocksText(blocks)).toContain('出典: PMとPMOの役割 &gt; 【PM】 · 確信度 50%');
  });

  it('takes every label it adds from ui.yaml: a knowledge team that rewords one sees it in Slack', () => {
    const edited = knowledgeWithUi([
      [['labels', 'source', 'ja'], '参照元'],
      [['labels', 'confidence', 'ja'], '一致度'],
      [['labels', 'share', 'ja'], 'みんなに見せる'],
      [['labels', 'helpfulIcon', 'ja'], '助かった'],
      [['labels', 'notHelpfulIcon', 'ja'], 'いまいち'],
    ]).ui;
    const message = renderReply(reply({ lang: 'ja', confidence: 0.5 }), { ui: edited, ephemeral: true });
    expect(blocksText(message.blocks)).toContain('参照元: PMとPMOの役割 &gt; 【PM】 · 一致度 50%');
    const labels = new Map(buttonsOf(message.blocks).map((b) => [b.action_id, b.text.text]));
    expect(labels.get(SHARE_ACTION_ID)).toBe('みんなに見せる');
    expect(labels.get(FEEDBACK_ACTION_IDS.up)).toBe('助かった');
    expect(labels.get(FEEDBACK_ACTION_IDS.down)).toBe('いまいち');
  });

  it("adds the reply's feedback and share actions verbatim, share only where just the asker sees it", () => {
    const buttons = buttonsOf(renderReply(reply(), { ui, ephemeral: true }).blocks);
    const byId = new Map(buttons.map((b) => [b.action_id, JSON.parse(b.value ?? '{}')]));
    expect(byId.get(SHARE_ACTION_ID)).toEqual({ type: 'ask', entryId: 'pm-role', lang: 'en' });
    expect(byId.get(FEEDBACK_ACTION_IDS.up)).toEqual({
      type: 'feedback',
      entryId: 'pm-role',
      helpful: true,
      lang: 'en',
    });
    expect(byId.get(FEEDBACK_ACTION_IDS.down)).toMatchObject({ helpful: false });
    expect(buttons.map((b) => b.text.text)).toEqual(['Share in channel', '👍', '👎']);
    const inChannel = buttonsOf(renderReply(reply(), { ui }).blocks).map((b) => b.action_id);
    expect(inChannel).toEqual([FEEDBACK_ACTION_IDS.up, FEEDBACK_ACTION_IDS.down]);
    const plain = reply({ feedback: undefined, share: undefined });
    expect(buttonsOf(renderReply(plain, { ui, ephemeral: true }).blocks)).toHaveLength(0);
  });

  it('puts headings over follow-ups and runner-up suggestions', () => {
    const { blocks } = renderReply(reply({ followUps: [askButton(1)], suggestions: [askButton(2)] }), { ui });
    const text = blocksText(blocks);
    expect(text).toContain('Related:');
    expect(text).toContain('You might also mean:');
  });

  it('keeps every actions block within 25 buttons and every action_id unique', () => {
    const many = Array.from({ length: 60 }, (_, i) => askButton(i));
    const { blocks } = renderReply(reply({ followUps: many }), { ui });
    const actions = blocks.filter((b) => b.type === 'actions');
    for (const block of actions) expect(block.elements.length).toBeLessThanOrEqual(LIMITS.actionsPerBlock);
    const ids = buttonsOf(blocks).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('pmo:btn:'))).toHaveLength(60);
  });

  it('cuts long button labels to 75 characters and drops buttons whose value would exceed 2000', () => {
    const long: ReplyButton = askButton(1, 'x'.repeat(200));
    const huge: ReplyButton = { label: 'huge', action: { type: 'command', command: 'y'.repeat(200), lang: 'en' } };
    const [button] = buttonsOf(renderReply(reply({ feedback: undefined, actions: [long, huge] }), { ui }).blocks);
    expect(button?.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect(button?.text.text.endsWith('…')).toBe(true);
    // 200-character commands fit; the limit guards values the schema would allow to grow.
    expect(buttonsOf(renderReply(reply({ feedback: undefined, actions: [huge] }), { ui }).blocks)).toHaveLength(1);
  });

  it('splits long text into sections of at most 3000 characters and stays within 50 blocks', () => {
    const text = Array.from({ length: 400 }, (_, i) => `- line ${i} ${'&'.repeat(300)}`).join('\n');
    const { blocks, text: fallback } = renderReply(reply({ text, followUps: [askButton(1)] }), { ui });
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const block of blocks) {
      if (block.type === 'section') expect(block.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(fallback.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(fallback).not.toMatch(/&(a|am|amp)?…$/);
  });

  it('renders a notice without a header', () => {
    const notice = reply({ kind: 'notice', title: 'pmo-guide', source: null, feedback: undefined });
    const { blocks } = renderReply(notice, { ui });
    expect(blocks.map((b) => b.type)).toEqual(['section']);
  });
});

describe('renderHome', () => {
  const home = {
    lang: 'en' as const,
    sections: [
      { category: 'basics' as const, title: 'Basics', entries: [askButton(1, 'PM role')] },
      { category: 'skills' as const, title: 'Skills', entries: [] },
    ],
    progress: reply({ kind: 'onboarding', title: 'Your progress', actions: [askButton(7)], feedback: undefined }),
  };

  it('heads the tab with the title and introduction from ui.yaml', () => {
    expect(renderHome(home, ui).blocks.slice(0, 2)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'PMO Guide', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: ui.catalogIntro.en.trim() } },
    ]);
    const edited = knowledgeWithUi([
      [['labels', 'homeTitle', 'en'], 'Our PMO desk'],
      [['catalogIntro', 'en'], 'The catalog'],
    ]).ui;
    const text = blocksText(renderHome(home, edited).blocks);
    expect(text).toContain('Our PMO desk');
    expect(text).toContain('The catalog');
    expect(text).not.toContain('PMO Guide');
  });

  it('shows the progress card and a header and buttons per category', () => {
    const view = renderHome(home, ui);
    expect(view.type).toBe('home');
    const text = blocksText(view.blocks);
    expect(text).toContain('Your progress');
    expect(text).toContain('Basics');
    expect(text).not.toContain('Skills');
    const buttons = buttonsOf(view.blocks);
    const ids = buttons.map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    const entry = buttons.find((b) => b.text.text === 'PM role');
    expect(JSON.parse(entry?.value ?? '{}')).toEqual(askButton(1).action);
  });
});

describe('Slack text helpers', () => {
  it('escapes and converts bullets', () => {
    expect(escapeMrkdwn('a & <b>')).toBe('a &amp; &lt;b&gt;');
    expect(toMrkdwn('- one\n  - two\nplain - dash')).toBe('• one\n  • two\nplain - dash');
  });

  it('never cuts inside an entity or a surrogate pair', () => {
    expect(safePrefix('ab&amp;cd', 5)).toBe('ab');
    expect(safePrefix('ab&amp;cd', 7)).toBe('ab&amp;');
    expect(safePrefix('a😀b', 2)).toBe('a');
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('turns Slack-escaped input back into what the user typed', () => {
    expect(fromSlackText('PM &amp; PMO &lt;3 <https://example.com|site> <#C1|general>')).toBe(
      'PM & PMO <3 site #general',
    );
    expect(stripMention('<@UBOT> what is PMP?', 'UBOT')).toBe('what is PMP?');
    expect(stripMention('hey <@UBOT|pmo-guide> PMP?', 'UBOT')).toBe('hey PMP?');
  });
});
