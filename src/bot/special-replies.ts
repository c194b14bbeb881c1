import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import type { Reply, ReplyButton, ReplyRecipe } from '../reply.js';
import { fill } from '../text/fill.js';
import type { Comparison } from '../understand/topics.js';
import { type AnswerContext, askButton, notice, round } from './answer.js';
import { leadIndex, switchButton } from './language-switch.js';

/** Replies other than "one entry" and "no idea": not covered, comparisons, small talk. */

// Fields added to the notice as it is, not spread into a copy: a copy per reply cost more than the rest of it.
function noAnswer(
  lang: Lang,
  title: string,
  text: string,
  confidence: number,
  recipe: ReplyRecipe,
  suggestions: ReplyButton[] = [],
): Reply {
  const reply = notice('fallback', lang, title, text, { confidence: round(confidence), suggestions });
  return Object.assign(reply, {
    intents: [],
    reason: 'not-covered' as const,
    languageSwitch: switchButton(recipe, lang),
  });
}

/** "The guide does not give the fee for PMP" plus a button to what it does say about PMP. */
export function notCoveredDetail(
  ctx: AnswerContext,
  topic: Entry,
  detail: Detail,
  lang: Lang,
  confidence: number,
): Reply {
  const ui = ctx.kb.ui;
  const text = fill(ui.notCovered[lang], { topic: topic[lang].title, detail: detail.label[lang] });
  const recipe: ReplyRecipe = { kind: 'not-covered', topic: topic.id, detail: detail.id };
  return noAnswer(lang, ui.notCoveredTitle[lang], text, confidence, recipe, [askButton(topic, lang)]);
}

/** A certification or method the guide does not describe at all (Scrum Master, RACI…). */
export function notCoveredTerm(ctx: AnswerContext, term: string, lang: Lang, confidence: number): Reply {
  const ui = ctx.kb.ui;
  const text = fill(ui.notCoveredTerm[lang], { term });
  // The term is the knowledge's own spelling (details.yaml `elsewhere`), never the user's words.
  return noAnswer(lang, ui.notCoveredTitle[lang], text, confidence, { kind: 'not-covered', term: term.slice(0, 80) });
}

/** A detail asked with no topic the bot can place ("how much is the exam?"): not covered, topic unknown. */
export function notCoveredUnplaced(ctx: AnswerContext, detail: Detail, lang: Lang, confidence: number): Reply {
  const ui = ctx.kb.ui;
  const text = `${fill(ui.notCoveredTerm[lang], { term: detail.label[lang] })}`;
  return noAnswer(lang, ui.notCoveredTitle[lang], text, confidence, { kind: 'not-covered', detail: detail.id });
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
  const shorts = comparison.sides.map((entry) => ctx.understanding.short(entry, lang, question, details, names));
  return sideBySide(ctx, comparison.sides, [shorts[0] ?? '', shorts[1] ?? ''], lang);
}

/** Two entries side by side, each with its lead sentence. */
export function sideBySide(ctx: AnswerContext, [a, b]: [Entry, Entry], shorts: [string, string], lang: Lang): Reply {
  const sides = [a, b].map((entry, i) => ({
    intent: entry.id,
    title: entry[lang].title,
    short: shorts[i] || ctx.understanding.opening(entry, lang),
  }));
  const text = sides.map((s) => `${s.title}\n- ${s.short}`).join('\n\n');
  const leads: [number, number] = [leadIndex(a, lang, shorts[0]) ?? 0, leadIndex(b, lang, shorts[1]) ?? 0];
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
    languageSwitch: switchButton({ kind: 'comparison', sides: [a.id, b.id], leads }, lang),
  };
}

/** "thanks" → "you're welcome": one friendly line, never a fallback. */
export function smallTalkReply(text: string, lang: Lang): Reply {
  return Object.assign(notice('smalltalk', lang, '', text, { confidence: 1 }), { intents: [] });
}
