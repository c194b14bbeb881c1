import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import type { QuestionGroup, StoreStats } from '../store/store.js';

/**
 * The knowledge team's report: what users asked that the bot could not
 * answer (what to add next), which answers people found unhelpful, and how
 * onboarding goes. Plain light markdown, shared by the CLI and `/pmo stats`.
 */
export function formatStats(stats: StoreStats, kb: KnowledgeBase, lang: Lang, since: string): string {
  const ui = kb.ui.stats;
  const title = (id: string | null) => (id ? (kb.byId.get(id)?.[lang].title ?? id) : '—');
  const groups = (list: QuestionGroup[]) =>
    list.length === 0
      ? [ui.none[lang]]
      : list.map(
          (g) => `- ${g.count}× "${g.example}" (${g.lang}; best guess: ${title(g.bestGuess)}, ${pct(g.avgConfidence)})`,
        );
  const feedback =
    stats.feedback.length === 0
      ? [ui.none[lang]]
      : stats.feedback.map((f) => `- ${title(f.entryId)}: 👍 ${f.up} / 👎 ${f.down}`);
  const { started, completed, checks } = stats.onboarding;
  const onboarding = [
    `- started ${started}, completed ${completed}`,
    ...checks.map((c) => `- step ${c.step + 1}: ${c.correct}/${c.answered} right`),
  ];
  return [
    ui.title[lang].replace('{since}', since),
    '',
    `${ui.unanswered[lang]}:`,
    ...groups(stats.unanswered),
    '',
    `${ui.lowConfidence[lang]}:`,
    ...groups(stats.lowConfidence),
    '',
    `${ui.feedback[lang]}:`,
    ...feedback,
    '',
    `${ui.onboarding[lang]}:`,
    ...onboarding,
  ].join('\n');
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
