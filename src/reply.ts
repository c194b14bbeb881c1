import { z } from 'zod';
import { LangSchema } from './knowledge/schema.js';

/**
 * The neutral reply every adapter renders. It carries meaning (title, answer,
 * buttons and what they do) and never platform markup: `text` is light
 * markdown — plain lines and "- " bullets — which Slack mrkdwn and Teams
 * markdown both show as written.
 */

// 'show' redraws a step without moving (the language switch of an onboarding card).
export const OnboardOpSchema = z.enum(['start', 'next', 'back', 'skip', 'answer', 'restart', 'status', 'show']);
export type OnboardOp = z.infer<typeof OnboardOpSchema>;

const id = z.string().min(1).max(80);
const sentence = z.number().int().min(0).max(200);

/**
 * What a reply was made of, in no language: enough to draw the same reply
 * again in the other one (the language switch). It travels inside a button,
 * so it holds ids and sentence positions, never the user's text.
 */
export const ReplyRecipeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('entry'),
      entryId: id,
      /** Details asked for: the sentence holding one leads in either language. */
      details: z.array(id).max(5).optional(),
      /** Position of the lead sentence among the entry's sentences, when it is not the opening. */
      lead: sentence.optional(),
      /** The topic of the conversation the question was read against. */
      context: id.optional(),
      also: z.array(id).max(3).optional(),
      confidence: z.number().min(0).max(1),
    })
    .strict(),
  z.object({ kind: z.literal('comparison'), sides: z.tuple([id, id]), leads: z.tuple([sentence, sentence]) }).strict(),
  z
    .object({
      kind: z.literal('not-covered'),
      topic: id.optional(),
      detail: id.optional(),
      term: z.string().min(1).max(80).optional(),
      context: id.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('onboarding'), step: z.number().int().min(0).max(1000).optional() }).strict(),
  /** A command's reply (`skills`, `cert`): running the command again gives it. */
  z.object({ kind: z.literal('command'), command: z.string().min(1).max(200) }).strict(),
]);
export type ReplyRecipe = z.infer<typeof ReplyRecipeSchema>;

/** What a button does when clicked; adapters round-trip it verbatim. */
// Every action remembers the reply's language, so a click on a Japanese card is answered in Japanese.
const lang = LangSchema.optional();
const AskActionSchema = z.object({ type: z.literal('ask'), entryId: z.string().min(1).max(80), lang }).strict();
const CommandActionSchema = z
  .object({ type: z.literal('command'), command: z.string().min(1).max(200), lang })
  .strict();
const FeedbackActionSchema = z
  .object({ type: z.literal('feedback'), entryId: z.string().min(1).max(80), helpful: z.boolean(), lang })
  .strict();
export const ReplyActionSchema = z.discriminatedUnion('type', [
  AskActionSchema,
  FeedbackActionSchema,
  CommandActionSchema,
  z
    .object({
      type: z.literal('onboard'),
      lang,
      op: OnboardOpSchema,
      /** The step the button was shown on, so stale clicks can be recognised. */
      step: z.number().int().min(0).max(1000).optional(),
      choice: z.number().int().min(0).max(20).optional(),
    })
    .strict(),
  /** The same reply in `lang`, replacing the one clicked (and the user's preferred language from now on). */
  z.object({ type: z.literal('switch'), lang: LangSchema, recipe: ReplyRecipeSchema }).strict(),
  /** "Ask about something else": forget the conversation's topic. */
  z.object({ type: z.literal('new-topic'), lang }).strict(),
]);
export type ReplyAction = z.infer<typeof ReplyActionSchema>;

export const ReplyButtonSchema = z
  .object({
    label: z.string().min(1),
    action: ReplyActionSchema,
    style: z.enum(['primary', 'danger']).optional(),
  })
  .strict();
export type ReplyButton = z.infer<typeof ReplyButtonSchema>;

export const ReplyKindSchema = z.enum([
  'answer',
  'comparison',
  'smalltalk',
  'fallback',
  'greeting',
  'help',
  'list',
  'notice',
  'onboarding',
  'stats',
  'explain',
]);
export type ReplyKind = z.infer<typeof ReplyKindSchema>;

/** Why the bot did not answer: a detail the guide lacks, a question outside its scope, or one it could not place. */
export const NoAnswerReasonSchema = z.enum(['not-covered', 'out-of-scope', 'unclear']);
export type NoAnswerReason = z.infer<typeof NoAnswerReasonSchema>;

/** One side of a comparison: the entry, its title and the sentence of it that answers the question. */
export const ComparisonSideSchema = z
  .object({ intent: z.string().min(1), title: z.string().min(1), short: z.string().min(1) })
  .strict();
export type ComparisonSide = z.infer<typeof ComparisonSideSchema>;

export const ReplySchema = z
  .object({
    kind: ReplyKindSchema,
    lang: LangSchema,
    matched: z.boolean(),
    /** Knowledge entry id the reply answers, or null. */
    intent: z.string().nullable(),
    confidence: z.number().min(0).max(1),
    title: z.string(),
    text: z.string(),
    /** Article section the answer is drawn from. */
    source: z.string().nullable(),
    /** Related entries to follow up with. */
    followUps: z.array(ReplyButtonSchema),
    /** "Did you mean" candidates, or the close runner-up of an answer. */
    suggestions: z.array(ReplyButtonSchema),
    /** Other buttons: certification list, onboarding navigation and choices. */
    actions: z.array(ReplyButtonSchema),
    /** What 👍 and 👎 send; absent where a vote means nothing (help, notices, onboarding, no answer). */
    feedback: z.object({ up: FeedbackActionSchema, down: FeedbackActionSchema }).strict().optional(),
    /**
     * What draws this reply again for everyone (Slack's "share in channel"
     * under a reply only its asker sees): the entry, or the command that listed
     * it. Absent for replies not worth sharing: help, notices, personal ones.
     */
    share: z.discriminatedUnion('type', [AskActionSchema, CommandActionSchema]).optional(),
    /** The one or two sentences that answer what was asked; shown first, before the full entry. */
    short: z.string().min(1).optional(),
    /** Set on a no-answer reply (matched: false) that came from a question. */
    reason: NoAnswerReasonSchema.optional(),
    /** Every entry the reply is about: both sides of a comparison, else the one intent. */
    intents: z.array(z.string().min(1)).optional(),
    /** A comparison's two sides, in the order the question named them. */
    sides: z.array(ComparisonSideSchema).length(2).optional(),
    /** The conversation's topic the question was read against ("About PMP:"), when it named none of its own. */
    context: z
      .object({ intent: z.string().min(1), line: z.string().min(1) })
      .strict()
      .optional(),
    /** "English" / 「日本語」: the same reply in the other language, replacing this one. */
    languageSwitch: ReplyButtonSchema.optional(),
  })
  .strict();
export type Reply = z.infer<typeof ReplySchema>;

/**
 * The short answer to show above the full entry, or undefined when the entry
 * already opens with it (a general question): shown twice it would read as a stutter.
 */
export function leadOf(reply: Reply): string | undefined {
  const short = reply.short?.trim();
  if (!short || reply.kind !== 'answer') return undefined;
  const body = reply.text.replace(/^\s*-\s+/, '').trimStart();
  return body.startsWith(short) ? undefined : short;
}

export { deepFreeze } from './freeze.js';
