import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import type { MatchOptions, MatchResult } from '../match/matcher.js';
import { TUNING } from '../match/tuning.js';
import type { Reply } from '../reply.js';
import { MAX_MATCH_CHARS } from '../text/normalize.js';
import { asks, pointsBack, questionFocus } from '../understand/focus.js';
import { pluralPmos } from '../understand/plurals.js';
import type { Comparison } from '../understand/topics.js';
import {
  type AnswerContext,
  type Answered,
  type AnswerRule,
  answerAmong,
  CONFIDENCE_THRESHOLD,
  type ConversationTopic,
  type Decision,
  entryReply,
  fallbackReply,
  round,
  runnerUpOf,
} from './answer.js';
import { answerInContext } from './in-context.js';
import { bestMatch, contextPick, nextStepPick } from './readings.js';
import {
  comparisonReply,
  notCoveredDetail,
  notCoveredTerm,
  notCoveredUnplaced,
  smallTalkReply,
} from './special-replies.js';

/** What the question was read as: its asking part, the best match, and what it names and asks for. */
export interface Reading {
  text: string;
  question: string;
  match: MatchResult;
  details: Detail[];
  named: Entry[];
}

/** One rule's reply, and what the conversation is about after it (undefined: unchanged, null: nothing). */
export interface Verdict {
  reply: Reply;
  rule: AnswerRule;
  next?: ConversationTopic | null;
  /** The reading the reply rests on, when not the message's own (a follow-up's). */
  match?: MatchResult;
  followUp?: Decision['followUp'];
}

export interface AnswerOptions extends MatchOptions {
  /** The conversation's topic: a question naming none of its own is read against it. */
  context?: ConversationTopic | null | undefined;
}

/**
 * Answers a free-text question. In order: small talk; a comparison of two
 * named topics; a certification or method the guide lacks; a detail the
 * topic's entry does not hold; a confident answer led by the sentence that
 * answers it; otherwise an honest "I can't answer that one".
 */
export function answerQuestion(ctx: AnswerContext, raw: string, lang: Lang, options: AnswerOptions = {}): Answered {
  if (options.among) return answerAmong(ctx, raw, lang, options);
  // The matcher reads the first MAX_MATCH_CHARS; phrase scans need no more than a little beyond.
  const text = pluralPmos(raw.slice(0, 2 * MAX_MATCH_CHARS));
  const smallTalk = smallTalkOf(ctx, text, lang);
  const reading = read(ctx, text, lang);
  // Small talk keeps the topic: "thanks" and then "合格率は?" is still about PMP.
  const verdict: Verdict = smallTalk
    ? { reply: smallTalk, rule: 'smalltalk' }
    : ((options.context && answerInContext(ctx, reading, options.context, lang)) ?? replyTo(ctx, reading, lang));
  const decision: Decision = {
    rule: verdict.rule,
    detailWords: ctx.understanding.details.askedPhrases(reading.question),
    ...(reading.question !== text ? { focus: reading.question } : {}),
    ...(verdict.followUp ? { followUp: verdict.followUp } : {}),
  };
  return { match: verdict.match ?? reading.match, reply: verdict.reply, next: verdict.next, decision };
}

function smallTalkOf(ctx: AnswerContext, text: string, lang: Lang): Reply | undefined {
  const smallTalk = ctx.understanding.smallTalk;
  const id = smallTalk?.detect(text) ?? smallTalk?.leading(text, (rest) => isRemark(ctx, rest, lang));
  const line = id ? smallTalk?.reply(id)?.[lang] : undefined;
  return line ? smallTalkReply(line.trim(), lang) : undefined;
}

/** "that's all I needed", "確認します": says something, asks nothing, names no topic or detail of the guide. */
function isRemark(ctx: AnswerContext, rest: string, lang: Lang): boolean {
  const { topics, details } = ctx.understanding;
  return (
    !asks(rest) &&
    topics.named(rest, lang).length === 0 &&
    details.asked(rest).length === 0 &&
    !details.unknownTopic(rest)
  );
}

function read(ctx: AnswerContext, text: string, lang: Lang): Reading {
  const { topics, details } = ctx.understanding;
  const namedInText = topics.named(text, lang);
  const asking = questionFocus(text);
  const focus = withContextTopics(ctx, asking, namedInText, lang);
  const question = focus ?? text;
  const namedInFocus = focus ? topics.named(focus, lang) : namedInText;
  const best = bestMatch(ctx, text, focus, lang, focus !== asking && !(asking && pointsBack(asking)));
  return {
    text,
    question,
    match: nextStepPick(ctx, text, contextPick(ctx, text, asking, best, lang), lang),
    details: details.asked(question),
    named: namedInFocus.length > 0 ? namedInFocus : namedInText,
  };
}

/**
 * The asking sentence of a long message, plus the topics only its context
 * names: "I've been offered a PMO administrator position… What would I be
 * doing day to day?" is asked about the PMO administrator.
 */
function withContextTopics(
  ctx: AnswerContext,
  focus: string | undefined,
  namedInText: readonly Entry[],
  lang: Lang,
): string | undefined {
  if (!focus) return undefined;
  const own = ctx.understanding.topics.named(focus, lang);
  // A question that names its own topic keeps it; context only fills in a missing one…
  if (own.length > 0) return withOwnPart(focus, own, namedInText, lang);
  // "…the next step is PMO expert. What does that role focus on?" points at the topic named last.
  const meant = pointsBack(focus) ? namedInText.slice(-1) : namedInText;
  const names = meant.map((e) => e.names[0] ?? e[lang].title);
  return names.length > 0 ? `${names.join(' ')} ${focus}` : focus;
}

/**
 * …or, when it names only a broad role, the one part of that role its context
 * named: "The build is underway. What is a PM supposed to keep managing now?"
 * is asked about the PM's execution phase.
 */
function withOwnPart(focus: string, own: readonly Entry[], namedInText: readonly Entry[], lang: Lang): string {
  if (own.some((e) => e.category !== 'basics')) return focus;
  const parts = namedInText.filter((e) => e.category !== 'basics' && own.some((role) => isPartOf(e, role)));
  const [part] = parts;
  return part && parts.length === 1 ? `${part.names[0] ?? part[lang].title} ${focus}` : focus;
}

function replyTo(ctx: AnswerContext, reading: Reading, lang: Lang): Verdict {
  const { question, match, details } = reading;
  const comparison = trusted(ctx, ctx.understanding.topics.comparison(question, reading.named), match);
  if (comparison?.answeredBy) return answerWith(ctx, comparison.answeredBy, reading, lang, 1, 'comparison-entry');
  // A follow-up after comparing two topics could be about either: the conversation starts afresh.
  if (comparison)
    return { reply: comparisonReply(ctx, comparison, question, details, lang), rule: 'comparison', next: null };
  const term = ctx.understanding.details.unknownTopic(question);
  if (term) return { reply: notCoveredTerm(ctx, term, lang, match.confidence), rule: 'unknown-term' };
  const topics = topicsOf(ctx, reading);
  const coveringTopic = details.length > 0 ? topics.find((t) => coversAll(ctx, t, details, question)) : undefined;
  const [topic] = topics;
  if (topic && details.length > 0 && !coveringTopic)
    return notCovered(ctx, topic, details, lang, match.confidence, question);
  const best = bestCandidate(ctx, reading);
  const entry = coveringTopic ?? (best && ofNamedRole(ctx, ctx.kb.byId.get(best.entryId), reading.named));
  if (entry && (coveringTopic || match.confidence >= CONFIDENCE_THRESHOLD)) {
    const confidence = round(Math.max(match.confidence, coveringTopic ? CONFIDENCE_THRESHOLD : 0));
    const rule = coveringTopic ? 'detail-answered' : 'answered';
    return answerWith(ctx, entry, reading, lang, confidence, rule, coveringTopic ? [] : runnerUpOf(match));
  }
  const [detail] = details;
  if (detail && !declined(match)) {
    return { reply: notCoveredUnplaced(ctx, detail, lang, match.confidence), rule: 'detail-unplaced' };
  }
  const reason = declined(match) ? 'out-of-scope' : 'unclear';
  return { reply: fallbackReply(ctx, lang, match.candidates, match.confidence, reason), rule: reason };
}

/** The entry, led by the sentence that answers the question; the conversation is about it from now on. */
export function answerWith(
  ctx: AnswerContext,
  entry: Entry,
  { question, details }: Pick<Reading, 'question' | 'details'>,
  lang: Lang,
  confidence: number,
  rule: AnswerRule,
  also: string[] = [],
): Verdict {
  const short = ctx.understanding.short(entry, lang, question, details, entry.names);
  const reply = entryReply(ctx, entry, lang, confidence, { also, short, details });
  return { reply, rule, next: { entryId: entry.id, details: details.map((d) => d.id) } };
}

/** "Not covered" for the topic: the conversation stays on it, still asking these details. */
export function notCovered(
  ctx: AnswerContext,
  topic: Entry,
  details: readonly Detail[],
  lang: Lang,
  confidence: number,
  question = '',
): Verdict {
  const reply = notCoveredDetail(ctx, topic, firstUncovered(ctx, topic, details, question), lang, confidence);
  return { reply, rule: 'detail-not-covered', next: { entryId: topic.id, details: details.map((d) => d.id) } };
}

/**
 * "Which certifications are useful for PMs and PMOs?" names both broad roles
 * and says "which", yet asks about certifications: a comparison involving a
 * broad role stands only when the matcher agrees or has nothing better —
 * unless it contrasts the two roles outright ("PMとPMOのキャリアの違い").
 */
function trusted(ctx: AnswerContext, comparison: Comparison | undefined, match: MatchResult): Comparison | undefined {
  if (!comparison || comparison.named.every((e) => e.category !== 'basics')) return comparison;
  if (comparison.contrast && comparison.named.every((e) => e.category === 'basics')) return comparison;
  const top = match.candidates[0]?.entryId;
  const agreeing = [comparison.answeredBy?.id, ...comparison.sides.map((e) => e.id)];
  return match.confidence < CONFIDENCE_THRESHOLD || agreeing.includes(top) || comparesASide(ctx, top, comparison)
    ? comparison
    : undefined;
}

/**
 * "アソシエイト認定資格ってPMO向け?" names PJM-A alone; when an entry listing it
 * (`related`) that the question does not name wins by a hair, the named topic answers.
 */
function bestCandidate(
  ctx: AnswerContext,
  { match, named, question }: Reading,
): MatchResult['candidates'][number] | undefined {
  const [best, ...rest] = match.candidates;
  const listed = best && ctx.kb.byId.get(best.entryId)?.related;
  const specific = named.filter((e) => e.category !== 'basics');
  // Naming several ("admin, expert, manager?") is what an overview is for.
  if (!best || !listed || specific.length !== 1) return best;
  const [one] = specific;
  const bestEntry = ctx.kb.byId.get(best.entryId);
  // "the PM's role in defining the project's purpose" names the PM and one of its duties: the duty.
  const ownerNamed = bestEntry?.category === 'basics' && one && isPartOf(one, bestEntry);
  if (!ownerNamed && named.some((e) => e.id === best.entryId)) return best;
  // "Which certification helps with cost management?" asks for the kind the winner is.
  const kindAsked = bestEntry && ctx.understanding.topics.aspectsAsked(question).includes(bestEntry.category);
  // The entry listing it wins only by a hair; any other entry the question does not name, by a clear lead.
  const namedOne = rest.find((c) => {
    if (c.entryId !== one?.id) return false;
    if (!listed.includes(c.entryId) && kindAsked) return false;
    const ratio = listed.includes(c.entryId) ? TUNING.runnerUpRatio : TUNING.namedTopicRatio;
    return c.score >= best.score * ratio;
  });
  return namedOne ?? best;
}

/**
 * "The typical career progression for someone in a PMO" answered with the PM's career:
 * an entry `about` one broad role gives way to its counterpart about the role the question names.
 */
function ofNamedRole(ctx: AnswerContext, entry: Entry | undefined, named: readonly Entry[]): Entry | undefined {
  const roles = named.filter((e) => e.category === 'basics');
  const [role] = roles;
  if (!entry?.about || !role || roles.length !== 1 || role.id === entry.about) return entry;
  return ctx.kb.entries.find((e) => e.about === role.id && e.category === entry.category) ?? entry;
}

function isPartOf(part: Entry, role: Entry): boolean {
  return role.related.includes(part.id) || part.related.includes(role.id);
}

/**
 * The matcher chose a comparison entry for one of the sides: "Is the PMO the
 * same thing as the PMO manager?" reads like PM vs PMO to it, yet it too saw a comparison.
 */
function comparesASide(ctx: AnswerContext, top: string | undefined, comparison: Comparison): boolean {
  const compares = (top && ctx.kb.byId.get(top)?.compares) ?? [];
  // Or for the pair as named, before an aspect replaced it: PM vs PMO for their careers.
  return [...comparison.sides, ...comparison.named].some((e) => compares.includes(e.id));
}

/**
 * The topics a detail question may be about, most likely first: the
 * confident match (it read the whole question), then the topics the question
 * names ("プロマネ試験の合格率" names PM but is about the IPA exam).
 */
function topicsOf(ctx: AnswerContext, { named, match }: Reading): Entry[] {
  const best = match.candidates[0];
  const matched = best && match.confidence >= CONFIDENCE_THRESHOLD ? ctx.kb.byId.get(best.entryId) : undefined;
  // A named certification or role beats the match ("PMPって自宅から受けられる?" is about PMP even
  // if online exams are PJM-A's); the broad PM / PMO names come after it.
  const specific = named.filter((e) => e.category !== 'basics');
  if (specific.length > 0) return specific;
  return [...new Set([...(matched ? [matched] : []), ...named])];
}

/** Whether the topic's entry holds every detail asked, for the level the question names if any. */
export function coversAll(ctx: AnswerContext, topic: Entry, details: readonly Detail[], question = ''): boolean {
  return details.every((d) => ctx.understanding.details.coversAsked(topic, d.id, question));
}

function firstUncovered(ctx: AnswerContext, topic: Entry, details: readonly Detail[], question: string): Detail {
  return details.find((d) => !ctx.understanding.details.coversAsked(topic, d.id, question)) ?? (details[0] as Detail);
}

// Below this share of known words a question is not about PM or PMO at all ("where do I submit my timesheet?").
const OFF_TOPIC_COVERAGE = TUNING.offTopicCoverage;

/** The matcher's "not our topic" class won (helpdesk, HR, facilities), or the question shares almost no words with the guide. */
export function declined(match: MatchResult): boolean {
  return match.declined === true || match.coverage < OFF_TOPIC_COVERAGE;
}
