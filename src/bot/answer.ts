import type { KnowledgeBase } from '../knowledge/load.js';
import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import type { Candidate, Matcher, MatchOptions, MatchResult } from '../match/matcher.js';
import { TUNING } from '../match/tuning.js';
import type { NoAnswerReason, Reply, ReplyButton } from '../reply.js';
import type { Understanding } from '../understand/understanding.js';
import { leadIndex, switchButton } from './language-switch.js';

/** Below this calibrated confidence the bot says it does not know instead of guessing (src/match/tuning.ts). */
export const CONFIDENCE_THRESHOLD = TUNING.confidenceThreshold;
/** A runner-up scoring at least this share of the winner is offered next to the answer. */
export const RUNNER_UP_RATIO = TUNING.runnerUpRatio;
const MAX_SUGGESTIONS = TUNING.suggestions.max;
// "Did you mean" only for near misses: far below the threshold, a suggestion is a random guess.
const SUGGESTION_MIN_CONFIDENCE = TUNING.suggestions.minConfidence;
const SUGGESTION_SHARE_OF_BEST = TUNING.suggestions.shareOfBest;

export interface AnswerContext {
  kb: KnowledgeBase;
  matcher: Matcher;
  understanding: Understanding;
}

/** What a conversation is about: the entry last answered and the details (ids) asked of it. */
export interface ConversationTopic {
  entryId: string;
  details: string[];
}

/** Which rule of the answer pipeline produced a reply (`why` and `ask --explain` show it). */
export type AnswerRule =
  | 'smalltalk'
  | 'comparison'
  | 'comparison-entry'
  | 'unknown-term'
  | 'detail-answered'
  | 'detail-not-covered'
  | 'detail-unplaced'
  | 'answered'
  | 'unclear'
  | 'out-of-scope';

/** How the answer came about: the rule, the detail words that fired, and the context used. */
export interface Decision {
  rule: AnswerRule;
  /** Detail phrases found in the question, as the knowledge spells them, with their detail ids. */
  detailWords: { phrase: string; detail: string }[];
  /** The asking sentence of a longer message, when only it was matched. */
  focus?: string;
  /** Set when the conversation's topic shaped the answer. */
  followUp?: {
    kind: 'same-topic' | 'same-question' | 'sibling';
    context: string;
    topic: string;
    /** The question as matched: with the topic's name put in ("PMP and its fee?"). */
    readAs: string;
  };
}

export interface Answered {
  reply: Reply;
  match: MatchResult;
  /** The conversation's topic after this reply: a topic, null to forget it, undefined to keep it. */
  next?: ConversationTopic | null;
  decision?: Decision;
}

/** A reply that is a plain notice (help, errors, acknowledgements). */
export function notice(
  kind: Reply['kind'],
  lang: Lang,
  title: string,
  text: string,
  { confidence = 0, suggestions = [] }: { confidence?: number; suggestions?: ReplyButton[] } = {},
): Reply {
  return {
    kind,
    lang,
    matched: false,
    intent: null,
    confidence,
    title,
    text: text.trim(),
    source: null,
    followUps: [],
    suggestions,
    actions: [],
  };
}

/** 👍/👎 under an entry's answer: each vote names the entry and the reply's language. */
export function votesOn(entryId: string, lang: Lang): NonNullable<Reply['feedback']> {
  const vote = (helpful: boolean) => ({ type: 'feedback' as const, entryId, helpful, lang });
  return { up: vote(true), down: vote(false) };
}

export function askButton(entry: Entry, lang: Lang): ReplyButton {
  return { label: entry[lang].title, action: { type: 'ask', entryId: entry.id, lang } };
}

export function buttonsFor(ctx: AnswerContext, ids: readonly string[], lang: Lang): ReplyButton[] {
  // A loop, not flatMap: every answer draws these, and flatMap made an array per button.
  const buttons: ReplyButton[] = [];
  for (const id of ids) {
    const entry = ctx.kb.byId.get(id);
    if (entry) buttons.push(askButton(entry, lang));
  }
  return buttons;
}

export interface EntryReplyExtras {
  /** Runner-up entries offered beside the answer. */
  also?: readonly string[];
  /** The sentence that answers the question; the entry's opening otherwise. */
  short?: string | undefined;
  /** Details the question asked; the language switch leads with the sentence holding them. */
  details?: readonly Detail[];
}

/** The reply for one knowledge entry, e.g. after a follow-up click or a confident match. */
export function entryReply(
  ctx: AnswerContext,
  entry: Entry,
  lang: Lang,
  confidence: number,
  { also = [], short, details = [] }: EntryReplyExtras = {},
): Reply {
  const lead = short ? leadIndex(entry, lang, short) : undefined;
  const recipe = {
    kind: 'entry' as const,
    entryId: entry.id,
    confidence,
    ...(details.length > 0 ? { details: details.slice(0, 5).map((d) => d.id) } : {}),
    ...(lead ? { lead } : {}),
    ...(also.length > 0 ? { also: also.slice(0, 3) } : {}),
  };
  return {
    kind: 'answer',
    lang,
    matched: true,
    intent: entry.id,
    intents: [entry.id],
    confidence,
    title: entry[lang].title,
    text: entry[lang].answer.trim(),
    short: short ?? ctx.understanding.opening(entry, lang),
    source: entry.source,
    followUps: buttonsFor(ctx, entry.related, lang),
    suggestions: buttonsFor(ctx, also, lang),
    actions: [],
    feedback: votesOn(entry.id, lang),
    // Shared, the entry is drawn again by its id: the asker's own words never travel in a button.
    share: { type: 'ask', entryId: entry.id, lang },
    languageSwitch: switchButton(recipe, lang),
  };
}

/** Close candidates worth offering after a miss: none when the best is far off. */
function nearMisses(candidates: readonly Candidate[], confidence: number): string[] {
  const best = candidates[0]?.score ?? 0;
  if (confidence < SUGGESTION_MIN_CONFIDENCE) return [];
  return candidates
    .filter((c) => c.score >= best * SUGGESTION_SHARE_OF_BEST)
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.entryId);
}

/** "I can't answer that one", what the guide covers, and for helpdesk-type questions where to ask instead. */
export function fallbackReply(
  ctx: AnswerContext,
  lang: Lang,
  candidates: readonly Candidate[],
  confidence: number,
  reason: NoAnswerReason = 'unclear',
): Reply {
  const ui = ctx.kb.ui;
  const lines = [ui.scope[lang]];
  if (reason === 'out-of-scope') lines.push(ui.elsewhere[lang]);
  const suggestions = reason === 'unclear' ? nearMisses(candidates, confidence) : [];
  return {
    kind: 'fallback',
    lang,
    matched: false,
    intent: null,
    intents: [],
    reason,
    confidence: round(confidence),
    title: ui.cannotAnswer[lang],
    text: lines.map((l) => l.trim()).join('\n'),
    source: null,
    followUps: [],
    suggestions: buttonsFor(ctx, suggestions, lang),
    actions: [],
  };
}

/** Plain matching among a few entries (`/pmo cert <name>`): no comparisons or detail checks. */
export function answerAmong(ctx: AnswerContext, text: string, lang: Lang, options: MatchOptions): Answered {
  const match = ctx.matcher.match(text, lang, options);
  const best = match.candidates[0];
  const entry = best && ctx.kb.byId.get(best.entryId);
  if (!entry || match.confidence < CONFIDENCE_THRESHOLD) {
    return { match, reply: fallbackReply(ctx, lang, match.candidates, match.confidence) };
  }
  return { match, reply: entryReply(ctx, entry, lang, round(match.confidence)) };
}

/** The runner-up is offered beside an answer when it scores nearly as well. */
export function runnerUpOf(match: MatchResult): string[] {
  const [best, second] = match.candidates;
  return best && second && second.score >= best.score * RUNNER_UP_RATIO ? [second.entryId] : [];
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
