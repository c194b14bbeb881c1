import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import type { QuestionGroup, StoreStats } from '../store/store.js';
import { fill } from '../text/fill.js';
import { describeSince } from './since.js';

/** A question's language as the report's reader calls it. */
const LANGUAGE_NAMES: Record<Lang, Record<Lang, string>> = {
  ja: { ja: '日本語', en: '英語' },
  en: { ja: 'Japanese', en: 'English' },
};

/**
 * The knowledge team's report: what users asked that the bot could not
 * answer (what to add next), which answers people found unhelpful, and how
 * onboarding goes. Plain light markdown, shared by the CLI and `/pmo stats`,
 * every word of it in the reader's language (ui.yaml `stats`).
 */
export function formatStats(stats: StoreStats, kb: KnowledgeBase, lang: Lang, since: string): string {
  const ui = kb.ui.stats;
  const title = (id: string | null) => (id ? (kb.byId.get(id)?.[lang].title ?? id) : '—');
  const question = (g: QuestionGroup) =>
    `- ${fill(ui.question[lang], {
      count: g.count,
      example: g.example,
      lang: LANGUAGE_NAMES[lang][g.lang],
      guess: title(g.bestGuess),
      confidence: pct(g.avgConfidence),
    })}`;
  const listed = <T>(list: readonly T[], line: (item: T) => string) =>
    list.length === 0 ? [ui.none[lang]] : list.map(line);
  const { started, completed, checks } = stats.onboarding;
  return [
    fill(ui.title[lang], { since: describeSince(since, lang) }),
    '',
    `${ui.unanswered[lang]}:`,
    ...listed(stats.unanswered, question),
    '',
    `${ui.lowConfidence[lang]}:`,
    ...listed(stats.lowConfidence, question),
    '',
    `${ui.feedback[lang]}:`,
    ...listed(stats.feedback, (f) => `- ${title(f.entryId)}: 👍 ${f.up} / 👎 ${f.down}`),
    '',
    `${ui.onboarding[lang]}:`,
    `- ${fill(ui.started[lang], { started, completed })}`,
    ...checks.map((c) => `- ${fill(ui.step[lang], { n: c.step + 1, correct: c.correct, answered: c.answered })}`),
  ].join('\n');
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
