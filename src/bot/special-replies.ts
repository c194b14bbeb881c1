import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import type { MatchResult } from '../match/matcher.js';
import type { Reply } from '../reply.js';
import type { Comparison } from '../understand/topics.js';
import { type AnswerContext, askButton, round } from './answer.js';

/** Replies other than "one entry" and "no idea": not covered, comparisons, small talk. */

const fill = (template: string, values: Record<string, string>) =>
  Object.entries(values).reduce((t, [k, v]) => t.replaceAll(`{${k}}`, v), template.trim());

function noAnswer(lang: Lang, title: string, text: string, confidence: number): Reply {
  return {
    kind: 'fallback',
    lang,
    matched: false,
    intent: null,
    intents: [],
    reason: 'not-covered',
    confidence: round(confidence),
    title,
    text,
    source: null,
    followUps: [],
    suggestions: [],
    actions: [],
    feedback: false,
  };
}

/** "The guide does not give the fee for PMP" plus a button to what it does say about PMP. */
export function notCoveredDetail(
  ctx: AnswerContext,
  topic: Entry,
  detail: Detail,
  lang: Lang,
  match: MatchResult,
): Reply {
  const ui = ctx.kb.ui;
  const text = fill(ui.notCovered[lang], { topic: topic[lang].title, detail: detail.label[lang] });
  return { ...noAnswer(lang, ui.notCoveredTitle[lang], text, match.confidence), suggestions: [askButton(topic, lang)] };
}

/** A certification or method the guide does not describe at all (Scrum Master, RACI…). */
export function notCoveredTerm(ctx: AnswerContext, term: string, lang: Lang, match: MatchResult): Reply {
  const ui = ctx.kb.ui;
  return noAnswer(lang, ui.notCoveredTitle[lang], fill(ui.notCoveredTerm[lang], { term }), match.confidence);
}

/** A detail asked with no topic the bot can place ("how much is the exam?"): not covered, topic unknown. */
export function notCoveredUnplaced(ctx: AnswerContext, detail: Detail, lang: Lang, match: MatchResult): Reply {
  const ui = ctx.kb.ui;
  const text = `${fill(ui.notCoveredTerm[lang], { term: detail.label[lang] })}`;
  return noAnswer(lang, ui.notCoveredTitle[lang], text, match.confidence);
}

/** Both sides of a comparison: each title with the sentence of it that answers the question. */
export function comparisonReply(
  ctx: AnswerContext,
  comparison: Comparison,
  question: string,
  details: readonly Detail[],
  lang: Lang,
): Reply {
  const [a, b] = comparison.sides;
  const names = [...a.names, ...b.names];
  const sides = comparison.sides.map((entry) => ({
    intent: entry.id,
    title: entry[lang].title,
    short: ctx.understanding.short(entry, lang, question, details, names),
  }));
  const text = sides.map((s) => `${s.title}\n- ${s.short}`).join('\n\n');
  return {
    kind: 'comparison',
    lang,
    matched: true,
    intent: a.id,
    intents: [a.id, b.id],
    confidence: 1,
    title: fill(ctx.kb.ui.comparisonTitle[lang], { a: a[lang].title, b: b[lang].title }),
    text,
    sides,
    source: null,
    followUps: [],
    suggestions: [],
    actions: [askButton(a, lang), askButton(b, lang)],
    feedback: false,
  };
}

/** "thanks" → "you're welcome": one friendly line, never a fallback. */
export function smallTalkReply(text: string, lang: Lang): Reply {
  return {
    kind: 'smalltalk',
    lang,
    matched: false,
    intent: null,
    intents: [],
    confidence: 1,
    title: '',
    text,
    source: null,
    followUps: [],
    suggestions: [],
    actions: [],
    feedback: false,
  };
}
