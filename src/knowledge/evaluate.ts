import { Bot } from '../bot/bot.js';
import type { Matcher } from '../match/matcher.js';
import { normalize } from '../text/normalize.js';
import type { KnowledgeBase } from './load.js';
import { type Entry, LANGS, type Lang } from './schema.js';

/**
 * `kb test`: how well each entry's example questions find their entry when
 * the matcher has not seen them. Leave-one-out would build the matcher once
 * per question (~1,300 builds); k-fold builds it k times and still holds out
 * every question once, so the whole report takes seconds.
 */

export const DEFAULT_FOLDS = 5;
/** The schema's floor is 6; an entry at the floor has little left once a fold is held out. */
export const RECOMMENDED_QUESTIONS = 8;
/** Two questions of one entry this similar (TF-IDF cosine) teach the matcher nothing new. */
export const TOO_ALIKE = 0.95;
/** What an unanswered question counts as in confusions. */
export const NO_ANSWER = '(no answer)';

/** A question with the entry it should reach; `expected: null` means the bot should decline it. */
export interface LabelledQuestion {
  q: string;
  lang: Lang;
  expected: string | null;
}

export interface EntryResult {
  id: string;
  lang: Lang;
  title: string;
  total: number;
  right: number;
  accuracy: number;
  /** Where the missed questions went, most first. */
  confusions: { to: string; count: number }[];
  /** Example questions of this entry (this language); for the held-out report only. */
  questions?: number;
  /** Pairs of this entry's questions that are near-duplicates. */
  alike?: [string, string][];
  /** Keywords no example question of this entry uses. */
  unusedKeywords?: string[];
}

/** Worst first: lowest accuracy, then most questions missed, then id. */
export function worstFirst(a: EntryResult, b: EntryResult): number {
  return a.accuracy - b.accuracy || b.total - b.right - (a.total - a.right) || a.id.localeCompare(b.id);
}

/**
 * The entry the bot answers with, through the whole pipeline (topic names,
 * comparisons, details) as a user would meet it; nothing when it falls back.
 */
export function answerOf(bot: Bot, q: string, lang: Lang): string {
  const { reply } = bot.ask(q, lang);
  return reply.matched && reply.intent ? reply.intent : NO_ANSWER;
}

/** The knowledge without the questions of one fold (questions are dealt to folds in turn, per entry and language). */
function withoutFold(kb: KnowledgeBase, fold: number, folds: number): KnowledgeBase {
  const entries = kb.entries.map((e): Entry => {
    const side = (lang: Lang) => ({ ...e[lang], questions: e[lang].questions.filter((_, i) => i % folds !== fold) });
    return { ...e, ja: side('ja'), en: side('en') };
  });
  return { ...kb, entries, byId: new Map(entries.map((e) => [e.id, e])) };
}

/** Held-out answers per entry and language: `got[i]` is where question i went. */
export type HeldOut = Map<string, string[]>;
const key = (id: string, lang: Lang) => `${lang}\u0000${id}`;

/** Builds one matcher per fold and answers that fold's questions with it. */
export function crossValidate(
  kb: KnowledgeBase,
  folds: number,
  onFold: (done: number, total: number) => void = () => undefined,
): HeldOut {
  const got: HeldOut = new Map();
  for (const e of kb.entries) for (const lang of LANGS) got.set(key(e.id, lang), []);
  for (let fold = 0; fold < folds; fold++) {
    const bot = new Bot({ kb: withoutFold(kb, fold, folds) });
    for (const e of kb.entries) {
      for (const lang of LANGS) {
        const answers = got.get(key(e.id, lang)) ?? [];
        e[lang].questions.forEach((q, i) => {
          if (i % folds === fold) answers[i] = answerOf(bot, q, lang);
        });
      }
    }
    onFold(fold + 1, folds);
  }
  return got;
}

/** Per entry and language: accuracy, confusions, and what to improve in its questions and keywords. */
export function heldOutResults(kb: KnowledgeBase, got: HeldOut, matcher: Matcher): EntryResult[] {
  return kb.entries.flatMap((e) =>
    LANGS.map((lang) => {
      const answers = got.get(key(e.id, lang)) ?? [];
      const side = e[lang];
      return {
        ...tally(e.id, lang, side.title, answers),
        questions: side.questions.length,
        alike: alikePairs(matcher, side.questions, lang),
        unusedKeywords: unusedKeywords(side.keywords, side.questions),
      };
    }),
  );
}

/** Scores labelled questions (a `--questions` file) against the full knowledge. */
export function labelledResults(kb: KnowledgeBase, bot: Bot, items: readonly LabelledQuestion[]): EntryResult[] {
  const groups = new Map<string, { id: string; lang: Lang; answers: string[] }>();
  for (const { q, lang, expected } of items) {
    const id = expected ?? NO_ANSWER;
    const group = groups.get(key(id, lang)) ?? { id, lang, answers: [] };
    group.answers.push(answerOf(bot, q, lang));
    groups.set(key(id, lang), group);
  }
  return [...groups.values()].map(({ id, lang, answers }) =>
    tally(id, lang, kb.byId.get(id)?.[lang].title ?? id, answers),
  );
}

function tally(id: string, lang: Lang, title: string, answers: readonly string[]): EntryResult {
  const right = answers.filter((a) => a === id).length;
  const counts = new Map<string, number>();
  for (const a of answers) if (a !== id) counts.set(a, (counts.get(a) ?? 0) + 1);
  const confusions = [...counts].map(([to, count]) => ({ to, count })).sort((a, b) => b.count - a.count);
  const accuracy = answers.length === 0 ? 1 : right / answers.length;
  return { id, lang, title, total: answers.length, right, accuracy, confusions };
}

function alikePairs(matcher: Matcher, questions: readonly string[], lang: Lang): [string, string][] {
  const pairs: [string, string][] = [];
  questions.forEach((q, i) => {
    const later = questions.slice(i + 1);
    matcher.sentenceScores(q, lang, later).forEach((score, j) => {
      if (score >= TOO_ALIKE) pairs.push([q, later[j] ?? '']);
    });
  });
  return pairs;
}

function unusedKeywords(keywords: readonly string[], questions: readonly string[]): string[] {
  const asked = questions.map((q) => normalize(q)).join('\n');
  return keywords.filter((k) => !asked.includes(normalize(k)));
}
