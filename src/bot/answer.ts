import type { KnowledgeBase } from '../knowledge/load.js';
import type { Entry, Lang } from '../knowledge/schema.js';
import type { Candidate, Matcher, MatchOptions, MatchResult } from '../match/matcher.js';
import type { Reply, ReplyButton } from '../reply.js';

/** Below this calibrated confidence the bot says it does not know instead of guessing. */
export const CONFIDENCE_THRESHOLD = 0.5;
/** A runner-up scoring at least this share of the winner is offered next to the answer. */
export const RUNNER_UP_RATIO = 0.85;
const MAX_SUGGESTIONS = 3;

export interface AnswerContext {
  kb: KnowledgeBase;
  matcher: Matcher;
}

export interface Answered {
  reply: Reply;
  match: MatchResult;
}

export function askButton(entry: Entry, lang: Lang): ReplyButton {
  return { label: entry[lang].title, action: { type: 'ask', entryId: entry.id, lang } };
}

function buttonsFor(ctx: AnswerContext, ids: readonly string[], lang: Lang): ReplyButton[] {
  return ids.flatMap((id) => {
    const entry = ctx.kb.byId.get(id);
    return entry ? [askButton(entry, lang)] : [];
  });
}

/** The reply for one knowledge entry, e.g. after a follow-up click or a confident match. */
export function entryReply(
  ctx: AnswerContext,
  entry: Entry,
  lang: Lang,
  confidence: number,
  suggestionIds: readonly string[] = [],
): Reply {
  return {
    kind: 'answer',
    lang,
    matched: true,
    intent: entry.id,
    confidence,
    title: entry[lang].title,
    text: entry[lang].answer.trim(),
    source: entry.source,
    followUps: buttonsFor(ctx, entry.related, lang),
    suggestions: buttonsFor(ctx, suggestionIds, lang),
    actions: [],
    feedback: true,
  };
}

export function fallbackReply(
  ctx: AnswerContext,
  lang: Lang,
  candidates: readonly Candidate[],
  confidence: number,
): Reply {
  const ids = candidates.slice(0, MAX_SUGGESTIONS).map((c) => c.entryId);
  return {
    kind: 'fallback',
    lang,
    matched: false,
    intent: null,
    confidence,
    title: ctx.kb.ui.didYouMean[lang],
    text: ctx.kb.ui.fallback[lang].trim(),
    source: null,
    followUps: [],
    suggestions: buttonsFor(ctx, ids, lang),
    actions: [],
    feedback: false,
  };
}

/**
 * Answers a free-text question: the best entry when confident (plus the
 * runner-up when it is nearly as good), otherwise an honest fallback with up
 * to three "did you mean" suggestions drawn from the nearest candidates.
 */
export function answerQuestion(ctx: AnswerContext, text: string, lang: Lang, options: MatchOptions = {}): Answered {
  const match = ctx.matcher.match(text, lang, options);
  const [best, second] = match.candidates;
  const entry = best && ctx.kb.byId.get(best.entryId);
  if (!best || !entry || match.confidence < CONFIDENCE_THRESHOLD) {
    return { match, reply: fallbackReply(ctx, lang, match.candidates, match.confidence) };
  }
  const runnerUp = second && second.score >= best.score * RUNNER_UP_RATIO ? [second.entryId] : [];
  return { match, reply: entryReply(ctx, entry, lang, round(match.confidence), runnerUp) };
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
