import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import { TUNING } from '../match/tuning.js';
import { remember } from '../text/memo.js';

/** Scores each candidate sentence against the question (0..1). */
export type SentenceScorer = (question: string, sentences: readonly string[]) => number[];

/** Holds-the-detail test for one sentence (details.yaml `found`). */
export type DetailHolds = (detailId: string, sentence: string) => boolean;

/** Below this similarity no sentence is about what was asked, and the entry's opening leads instead. */
const MIN_SENTENCE_SCORE = TUNING.lead.minSentenceScore;
// A sentence holding the asked-for detail beats any merely similar one.
const DETAIL_BONUS = TUNING.lead.detailBonus;

const BULLET = /^\s*[-・•]\s*/;

// Every answer is cut several times per reply (lead, opening, language switch); answers are few and fixed.
const cutAnswers = new Map<string, readonly string[]>();
const CUT_ANSWERS_LIMIT = 10_000;

/** The answer cut into the units a lead may be made of: each bullet, and each sentence of a paragraph. */
export function answerSentences(answer: string): readonly string[] {
  return remember(cutAnswers, CUT_ANSWERS_LIMIT, answer, cut);
}

function cut(answer: string): string[] {
  return answer
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .flatMap((line) => (BULLET.test(line) ? [line.replace(BULLET, '')] : line.split(/(?<=[。!?！？]|[.!?](?=\s))\s*/u)))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// A first sentence this short ("管理の対象はメンバーではありません。") needs the next one to make sense alone.
const SHORT_SENTENCE_CHARS = TUNING.lead.shortSentenceChars;

/** The entry's opening: its first sentence, or the first two when the first is too short to stand alone. */
export function openingOf(sentences: readonly string[], fallback: string): string {
  const [first, second] = sentences;
  if (!first) return fallback;
  if (!second || first.length >= SHORT_SENTENCE_CHARS) return first;
  return `${first}${first.endsWith('。') ? '' : ' '}${second}`;
}

export interface ShortAnswerInput {
  entry: Entry;
  lang: Lang;
  question: string;
  /** Details the question asks for; a sentence holding one of them leads. */
  details: readonly Detail[];
  score: SentenceScorer;
  holds: DetailHolds;
}

/**
 * The one sentence of an entry that answers what was asked ("PMPの受験資格は?"
 * → the eligibility line), or the entry's opening when the question is
 * general ("what is PMP?") or no sentence is about it.
 */
export function shortAnswer({ entry, lang, question, details, score, holds }: ShortAnswerInput): string {
  const sentences = answerSentences(entry[lang].answer);
  const opening = openingOf(sentences, entry[lang].title);
  if (sentences.length < 2) return opening;
  const similarity = score(question, sentences);
  let best = -1;
  let bestScore: number = MIN_SENTENCE_SCORE;
  sentences.forEach((sentence, i) => {
    const bonus = details.some((d) => holds(d.id, sentence)) ? DETAIL_BONUS : 0;
    const s = (similarity[i] ?? 0) + bonus;
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  return best < 0 ? opening : (sentences[best] ?? opening);
}
