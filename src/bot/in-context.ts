import type { Entry, Lang } from '../knowledge/schema.js';
import type { MatchResult } from '../match/matcher.js';
import type { Reply, ReplyButton } from '../reply.js';
import type { FollowUp, ReadingQuality } from '../understand/followup.js';
import { type AnswerContext, CONFIDENCE_THRESHOLD, type ConversationTopic, round } from './answer.js';
import { CONVERSATION_LABELS } from './labels.js';
import { answerWith, coversAll, declined, notCovered, type Reading, type Verdict } from './question.js';

/**
 * A question read against the conversation's topic (src/understand/followup.ts
 * decides whether and how). Undefined when the message stands on its own.
 */
export function answerInContext(
  ctx: AnswerContext,
  reading: Reading,
  topic: ConversationTopic,
  lang: Lang,
): Verdict | undefined {
  const context = ctx.kb.byId.get(topic.entryId);
  if (!context) return undefined;
  const { details, followUps } = ctx.understanding;
  const contextDetails = topic.details.flatMap((id) => details.byId(id) ?? []);
  const input = { text: reading.text, lang, context, contextDetails, named: reading.named, details: reading.details };
  const contextual = contextualMatch(ctx, context, reading.question, lang);
  const followUp = followUps.read(input, {
    alone: quality(reading.match),
    contextual: quality(contextual),
    contextualTop: contextual.candidates[0]?.entryId,
  });
  return followUp.kind === 'none' ? undefined : replyInContext(ctx, reading, followUp, context, lang);
}

/** The question as if it had named the topic ("PMP 合格率は?"). */
function contextualMatch(ctx: AnswerContext, topic: Entry, question: string, lang: Lang): MatchResult {
  return { ...ctx.matcher.match(readAs(topic, question, lang), lang), lang };
}

const readAs = (topic: Entry, question: string, lang: Lang) => `${nameIn(topic, lang)} ${question}`;

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** A name of the topic an English question could use (not 目的設定), else its title in the language. */
function nameIn(topic: Entry, lang: Lang): string {
  const name = lang === 'ja' ? topic.names[0] : topic.names.find((n) => !JAPANESE.test(n));
  return name ?? topic[lang].title;
}

function quality(match: MatchResult): ReadingQuality {
  if (match.declined) return 'declined';
  if (declined(match)) return 'off-topic';
  return match.confidence >= CONFIDENCE_THRESHOLD ? 'clear' : 'unclear';
}

function replyInContext(
  ctx: AnswerContext,
  reading: Reading,
  followUp: Exclude<FollowUp, { kind: 'none' }>,
  context: Entry,
  lang: Lang,
): Verdict {
  const target = followUp.topic;
  const details = followUp.kind === 'sibling' ? [] : followUp.details;
  // The question as if it had named the topic: its confidence is what the reply reports.
  const match = contextualMatch(ctx, target, reading.question, lang);
  const agrees = match.candidates[0]?.entryId === target.id;
  const confidence = round(Math.max(agrees ? match.confidence : 0, CONFIDENCE_THRESHOLD));
  const verdict =
    details.length > 0 && !coversAll(ctx, target, details, reading.question)
      ? notCovered(ctx, target, details, lang, confidence, reading.question)
      : answerWith(ctx, target, { question: reading.question, details }, lang, confidence, rule(details.length));
  return {
    ...verdict,
    reply: withTopicLine(ctx, verdict.reply, target),
    match,
    followUp: {
      kind: followUp.kind,
      context: context.id,
      topic: target.id,
      readAs: readAs(target, reading.question, lang),
    },
  };
}

const rule = (details: number) => (details > 0 ? 'detail-answered' : 'answered');

/**
 * "About PMP:" above a reply read against the conversation's topic, so a
 * wrong guess shows at once, and a button to ask about something else.
 */
export function withTopicLine(ctx: AnswerContext, reply: Reply, topic: Entry): Reply {
  const lang = reply.lang;
  const line = ctx.kb.ui.aboutTopic[lang].trim().replaceAll('{topic}', topic[lang].title);
  const languageSwitch = withContextRecipe(reply.languageSwitch, topic.id);
  return {
    ...reply,
    context: { intent: topic.id, line },
    actions: [...reply.actions, { label: CONVERSATION_LABELS[lang].newTopic, action: { type: 'new-topic', lang } }],
    ...(languageSwitch ? { languageSwitch } : {}),
  };
}

/** The switched reply says "About …" too. */
function withContextRecipe(button: ReplyButton | undefined, topicId: string): ReplyButton | undefined {
  if (button?.action.type !== 'switch') return button;
  const { recipe } = button.action;
  if (recipe.kind !== 'entry' && recipe.kind !== 'not-covered') return button;
  return { ...button, action: { ...button.action, recipe: { ...recipe, context: topicId } } };
}
