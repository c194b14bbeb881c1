import { describe, expect, it } from 'vitest';
import { intentIsRight, pairCoverFrom, type RealisticItem, replyIsRight } from '../../bench/realistic.js';
import type { Entry } from '../../src/knowledge/schema.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * The realistic bench's judge of comparisons (issue #7): a comparison of a and
 * b is right as a side-by-side of the two, or as the answer of an entry whose
 * `compares:` lists both ("the PM or the PMO?" → PM vs PMO).
 */
const item: RealisticItem = {
  q: "Who is responsible for the project's results, the PM or the PMO?",
  kind: 'comparison',
  expect: ['pm-role', 'pmo-role'],
  lang: 'en',
};
const covers = pairCoverFrom(realKnowledge());
const answer = (intent: string) => ({ kind: 'answer' as const, matched: true, intent, intents: [intent] });

describe('bench judge: comparisons', () => {
  it('counts the two sides side by side, in either order', () => {
    const reply = { kind: 'comparison' as const, matched: true, intent: 'pmo-role', intents: ['pmo-role', 'pm-role'] };
    expect(replyIsRight(item, reply, covers)).toBe(true);
  });

  it('counts the entry that compares both sides, for pmo-guide and the baselines alike', () => {
    expect(replyIsRight(item, answer('pm-vs-pmo'), covers)).toBe(true);
    expect(intentIsRight(item, 'pm-vs-pmo', covers)).toBe(true);
  });

  it('does not count one side alone, or an entry comparing something else', () => {
    expect(replyIsRight(item, answer('pm-role'), covers)).toBe(false);
    expect(intentIsRight(item, 'pm-role', covers)).toBe(false);
    const other = { ...item, expect: ['pmo-expert', 'pmo-manager'] as [string, string] };
    expect(replyIsRight(other, answer('pm-vs-pmo'), covers)).toBe(false);
  });

  it('follows the knowledge: an editor who adds compares: makes that entry answer the pair', () => {
    const pair = { ...item, expect: ['cert-pjm-a', 'cert-pmo-s'] as [string, string] };
    const entries = [{ id: 'overview-certifications', compares: ['cert-pjm-a', 'cert-pmo-s'] }] as Entry[];
    expect(replyIsRight(pair, answer('overview-certifications'), covers)).toBe(false);
    expect(replyIsRight(pair, answer('overview-certifications'), pairCoverFrom({ entries }))).toBe(true);
  });
});
