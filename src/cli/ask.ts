import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { ConversationTopic } from '../bot/answer.js';
import { Bot, type BotOptions } from '../bot/bot.js';
import { Conversations } from '../bot/conversation.js';
import type { LanguageChoice } from '../bot/explain.js';
import { formatExplanation } from '../bot/explain-format.js';
import { notice } from '../bot/run-command.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import { detectLanguage, languageFromLocale } from '../text/language.js';
import { formatReply, toJson } from './format.js';

export interface AskOptions {
  lang?: Lang | undefined;
  json: boolean;
  /** Adds how the answer came about (text), or an `explain` object (JSON). */
  explain?: boolean | undefined;
}

/** The reply's language and what decided it: --lang, the text, else the terminal's LANG. */
function languageOf(question: string, force: Lang | undefined): LanguageChoice {
  if (force) return { lang: force, source: 'forced' };
  const written = detectLanguage(question);
  if (written) return { lang: written, source: 'text' };
  const local = languageFromLocale(process.env.LANG);
  return local ? { lang: local, source: 'locale' } : { lang: 'en', source: 'default' };
}

function answerOne(bot: Bot, question: string, force: Lang | undefined, context: ConversationTopic | null = null) {
  const started = performance.now();
  const language = languageOf(question, force);
  const answered = bot.ask(question, language.lang, context);
  return { answered, language, ms: performance.now() - started };
}

type Asked = ReturnType<typeof answerOne>;

function explanationOf(bot: Bot, question: string, { answered, language }: Asked, context: ConversationTopic | null) {
  return bot.explain(question, language, answered, context);
}

/** --lang: the reply's language whatever the line is written in, for a command as for a question. */
class ForcedLanguage extends Conversations {
  constructor(private readonly lang: Lang) {
    super();
  }

  /** language() reads through this too, so both ways a message's language is asked are forced. */
  override languageReader(): (text: string) => Promise<Lang> {
    return async () => this.lang;
  }
}

/**
 * `ask` keeps no state, so the commands that need some answer as the terminal
 * chat does where it can (`stats` there points to `pmo-guide stats` too) and
 * point to the chat where they cannot (onboarding is a conversation),
 * instead of falling back to "I can't answer that".
 */
function stateless(kb: KnowledgeBase): Pick<BotOptions, 'analytics' | 'onboarding'> {
  const say = (lang: Lang, text: Record<Lang, string>) => notice('notice', lang, 'pmo-guide', text[lang]);
  return {
    analytics: {
      question: async () => undefined,
      feedback: async () => undefined,
      statsReply: async (_user, lang) => say(lang, kb.ui.stats.deniedTerminal),
    },
    onboarding: {
      handle: async (_user, _op, lang) => say(lang, kb.ui.onboarding.inChat),
      progress: async () => null,
    },
  };
}

/** The bot `ask` talks to: no store (nothing is recorded), and --lang decides every reply's language. */
export function askBot(kb: KnowledgeBase, lang: Lang | undefined): Bot {
  return new Bot({ kb, ...stateless(kb), ...(lang ? { conversations: new ForcedLanguage(lang) } : {}) });
}

/** Who `ask` is to the bot: the terminal's user, in no conversation (each line stands alone). */
const TERMINAL_USER = { platform: 'cli', workspaceId: 'local', userId: process.env.USER || 'local' } as const;

/**
 * A line the bot answers without the matcher (a command, a greeting, an
 * over-long line), sent as chat sends it; --lang stands in for the locale.
 */
async function chatReply(bot: Bot, line: string, force: Lang | undefined) {
  const started = performance.now();
  const locale = force ?? process.env.LANG;
  const reply = await bot.handle({ kind: 'text', text: line, ...TERMINAL_USER, ...(locale ? { locale } : {}) });
  return { answered: { reply }, ms: performance.now() - started };
}

export async function askOnce(bot: Bot, question: string, options: AskOptions): Promise<void> {
  if (!bot.isQuestion(question)) {
    const { answered, ms } = await chatReply(bot, question, options.lang);
    const out = options.json ? JSON.stringify(toJson(answered, ms)) : formatReply(answered.reply);
    process.stdout.write(`${out}\n`);
    return;
  }
  const asked = answerOne(bot, question, options.lang);
  const explanation = options.explain ? explanationOf(bot, question, asked, null) : undefined;
  if (options.json) {
    const out = { ...toJson(asked.answered, asked.ms), ...(explanation ? { explain: explanation } : {}) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const why = explanation
    ? `\n\n---\n${formatExplanation(explanation, languageFromLocale(process.env.LANG) ?? 'en')}`
    : '';
  process.stdout.write(`${formatReply(asked.answered.reply)}${why}\n`);
}

/** A scripted conversation's line: `{"q": "…", "session": "id"}`; lines of one session share a topic. */
const ScriptedLine = z.object({ q: z.string(), session: z.string().min(1).max(200).optional() });
/** Sessions one run keeps; a script with more evicts the oldest. */
const MAX_SESSIONS = 10_000;

function parseLine(line: string): { q: string; session?: string | undefined } {
  if (!line.trimStart().startsWith('{')) return { q: line };
  try {
    const parsed = ScriptedLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : { q: line };
  } catch {
    // Not JSON after all: a question that starts with "{".
    return { q: line };
  }
}

/**
 * One JSON object per stdin line, in order, from one process (the bench and
 * other tools rely on it). A line is a question, or `{"q", "session"}`:
 * lines of one session are one conversation, so a follow-up is read against
 * the topic the previous answer left. Answering is faster than a slow reader
 * (a pipe to a busy program) drains stdout, so writing waits for 'drain'
 * whenever the stream says its buffer is full; reading stdin pauses meanwhile.
 */
export async function askJsonLines(
  bot: Bot,
  lang: Lang | undefined,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  withExplanations = false,
) {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const sessions = new Map<string, ConversationTopic | null>();
  for await (const line of lines) {
    const { q, session } = parseLine(line);
    if (!bot.isQuestion(q)) {
      const { answered, ms } = await chatReply(bot, q, lang);
      if (!output.write(`${JSON.stringify(toJson(answered, ms))}\n`)) await once(output, 'drain');
      continue;
    }
    const context = session ? (sessions.get(session) ?? null) : null;
    const asked = answerOne(bot, q, lang, context);
    if (session) remember(sessions, session, asked.answered.next === undefined ? context : asked.answered.next);
    const explanation = withExplanations ? { explain: explanationOf(bot, q, asked, context) } : {};
    const out = `${JSON.stringify({ ...toJson(asked.answered, asked.ms), ...explanation })}\n`;
    if (!output.write(out)) await once(output, 'drain');
  }
}

function remember(sessions: Map<string, ConversationTopic | null>, session: string, topic: ConversationTopic | null) {
  sessions.delete(session);
  if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
  sessions.set(session, topic);
}
