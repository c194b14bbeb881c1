import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import type { MatchOptions, MatchResult } from '../match/matcher.js';
import type { Reply } from '../reply.js';
import { questionFocus } from '../understand/focus.js';
import { isMixedLanguage } from '../text/language.js';
import {
  type AnswerContext,
  type Answered,
  answerAmong,
  CONFIDENCE_THRESHOLD,
  entryReply,
  fallbackReply,
  round,
  runnerUpOf,
} from './answer.js';
import {
  comparisonReply,
  notCoveredDetail,
  notCoveredTerm,
  notCoveredUnplaced,
  smallTalkReply,
} from './special-replies.js';

/** What the question was read as: its asking part, the best match, and what it names and asks for. */
interface Reading {
  question: string;
  match: MatchResult;
  details: Detail[];
  named: Entry[];
}

/**
 * Answers a free-text question. In order: small talk; a comparison of two
 * named topics; a certification or method the guide lacks; a detail the
 * topic's entry does not hold; a confident answer led by the sentence that
 * answers it; otherwise an honest "I can't answer that one".
 */
export function answerQuestion(ctx: AnswerContext, text: string, lang: Lang, options: MatchOptions = {}): Answered {
  if (options.among) return answerAmong(ctx, text, lang, options);
  const smallTalk = smallTalkOf(ctx, text, lang);
  const reading = read(ctx, text, lang);
  const reply = smallTalk ?? replyTo(ctx, reading, lang);
  return { match: reading.match, reply };
}

function smallTalkOf(ctx: AnswerContext, text: string, lang: Lang): Reply | undefined {
  const smallTalk = ctx.understanding.smallTalk;
  const id = smallTalk?.detect(text);
  const line = id ? smallTalk?.reply(id)?.[lang] : undefined;
  return line ? smallTalkReply(line.trim(), lang) : undefined;
}

function read(ctx: AnswerContext, text: string, lang: Lang): Reading {
  const focus = questionFocus(text);
  const question = focus ?? text;
  const { understanding } = ctx;
  const named = understanding.topics.named(question, lang);
  return {
    question,
    match: bestMatch(ctx, text, focus, lang),
    details: understanding.details.asked(question, lang),
    named: named.length > 0 ? named : understanding.topics.named(text, lang),
  };
}

/**
 * The most confident of the readings worth trying: the asking sentence of a
 * long message or the whole of it, and for a message mixing English and
 * Japanese, the other language's examples too (the reply keeps the user's language).
 */
function bestMatch(ctx: AnswerContext, text: string, focus: string | undefined, lang: Lang): MatchResult {
  const texts = focus ? [focus, text] : [text];
  const langs: Lang[] = isMixedLanguage(text) ? [lang, lang === 'ja' ? 'en' : 'ja'] : [lang];
  let best: MatchResult | undefined;
  for (const t of texts) {
    for (const l of langs) {
      const m = ctx.matcher.match(t, l);
      if (!best || m.confidence > best.confidence) best = m;
    }
  }
  return { ...(best as MatchResult), lang };
}

function replyTo(ctx: AnswerContext, reading: Reading, lang: Lang): Reply {
  const { question, match, details } = reading;
  const comparison = ctx.understanding.topics.comparison(question, lang);
  if (comparison?.answeredBy) return answerWith(ctx, comparison.answeredBy, reading, lang, 1);
  if (comparison) return comparisonReply(ctx, comparison, question, details, lang);
  const term = ctx.understanding.details.unknownTopic(question);
  if (term) return notCoveredTerm(ctx, term, lang, match);
  const topic = topicOf(ctx, reading);
  const missing = topic && details.length > 0 ? uncoveredDetail(ctx, topic, details) : undefined;
  if (topic && missing) return notCoveredDetail(ctx, topic, missing, lang, match);
  const best = match.candidates[0];
  const entry = best && ctx.kb.byId.get(best.entryId);
  if (entry && match.confidence >= CONFIDENCE_THRESHOLD) {
    return answerWith(ctx, entry, reading, lang, round(match.confidence), runnerUpOf(match));
  }
  const [detail] = details;
  if (detail && !declined(match)) return notCoveredUnplaced(ctx, detail, lang, match);
  return fallbackReply(ctx, lang, match.candidates, match.confidence, declined(match) ? 'out-of-scope' : 'unclear');
}

function answerWith(
  ctx: AnswerContext,
  entry: Entry,
  { question, details }: Reading,
  lang: Lang,
  confidence: number,
  runnerUp: string[] = [],
): Reply {
  const short = ctx.understanding.short(entry, lang, question, details, entry.names);
  return entryReply(ctx, entry, lang, confidence, runnerUp, short);
}

/** The topic a detail question is about: the one it names, else the confident match. */
function topicOf(ctx: AnswerContext, { named, match }: Reading): Entry | undefined {
  if (named.length === 1) return named[0];
  const best = match.candidates[0];
  if (!best || match.confidence < CONFIDENCE_THRESHOLD) return undefined;
  return ctx.kb.byId.get(best.entryId);
}

/** The first asked-for detail the entry does not hold, when it holds none of them. */
function uncoveredDetail(ctx: AnswerContext, topic: Entry, details: readonly Detail[]): Detail | undefined {
  const covered = details.some((d) => ctx.understanding.details.covers(topic.id, d.id));
  return covered ? undefined : details[0];
}

/** The matcher's "not our topic" class won (helpdesk, HR, facilities). */
function declined(match: MatchResult): boolean {
  return match.declined === true;
}
