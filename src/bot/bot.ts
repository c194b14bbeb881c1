import type { AdminId } from '../admins.js';
import { deepFreeze } from '../freeze.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import type { Logger } from '../logger.js';
import { Matcher } from '../match/matcher.js';
import type { IncomingMessage } from '../message.js';
import { PRODUCT_NAME } from '../product.js';
import type { OnboardOp, Reply, ReplyAction } from '../reply.js';
import { languageFromLocale } from '../text/language.js';
import { remember } from '../text/memo.js';
import { Understanding } from '../understand/understanding.js';
import { type Sender, SenderSchema, type User } from '../user.js';
import type { AnswerContext, Answered, ConversationTopic } from './answer.js';
import { type CatalogSection, catalogOf, entryById, searchEntries } from './catalog.js';
import { type Command, parseCommand } from './commands.js';
import { Conversations } from './conversation.js';
import { type Explanation, explain, type LanguageChoice } from './explain.js';
import { answerQuestion } from './question.js';
import { helpReply, notice, runKnowledgeCommand } from './run-command.js';
import { Turns } from './turns.js';

/** Longer messages are politely refused: no real question needs them and matching them wastes time. */
export const MAX_QUESTION_CHARS = 2000;

/** `why` (Teams, the terminal) or `/pmo why` (Slack): the last question explained, for admins. */
const WHY = /^why[?？]?$/i;

const GREETING =
  /^(hi|hello|hey|yo|good (morning|afternoon|evening)|こんにちは|こんばんは|おはよう(ございます)?|はじめまして|やあ|どうも)[\s!！。.、,]*$/iu;

/** How chat reads a line of text, in the order dispatch() tries the readings. */
function readLine(raw: string, kind: 'text' | 'command'): 'empty' | 'too-long' | 'why' | 'greeting' | Command {
  const text = raw.trim();
  // A slash command with no argument is `help`; an empty chat line is not.
  if (!text && kind === 'text') return 'empty';
  if (text.length > MAX_QUESTION_CHARS) return 'too-long';
  if (WHY.test(text)) return 'why';
  if (GREETING.test(text)) return 'greeting';
  return parseCommand(text, kind === 'command' ? 'lenient' : 'strict');
}

/** A command word is English by nature; only its argument tells the user's language. */
function commandLanguage(command: Command, languageOf: (text: string) => Promise<Lang>, lang: Lang): Promise<Lang> {
  if (command.name === 'question') return Promise.resolve(lang);
  return languageOf('arg' in command && typeof command.arg === 'string' ? command.arg : '');
}

/**
 * The message schema's module, loaded with the first message: it builds the
 * reply model's forty-odd schemas, which a one-shot `ask` of a question never
 * uses (2-3 ms of its start). Later messages wait one tick for it, no more.
 */
let messageModule: Promise<typeof import('../message.js')> | undefined;
const messageSchema = () => {
  messageModule ??= import('../message.js');
  return messageModule;
};

/** Distinct knowledge commands whose replies are kept; `/pmo cert <anything>` must not grow it without bound. */
const COMMAND_REPLIES_KEPT = 1000;

/** Onboarding lives in its own module (it needs the store); the bot only routes to it. */
export interface OnboardingHandler {
  handle(user: User, op: OnboardOp, lang: Lang, step?: number, choice?: number): Promise<Reply>;
  /** A short progress card for App Home, or null when the user never started. */
  progress(user: User, lang: Lang): Promise<Reply | null>;
}

export interface HomeView {
  /** The language the view is in: the one the user chose, else their locale's. */
  lang: Lang;
  sections: CatalogSection[];
  /** The user's onboarding progress, when onboarding is available and started. */
  progress: Reply | null;
}

/** Records questions and feedback for the knowledge team; failures must never block an answer. */
export interface AnalyticsRecorder {
  question(user: User, text: string, answered: Answered): Promise<void>;
  feedback(user: User, entryId: string, helpful: boolean, lang: Lang): Promise<void>;
  statsReply(user: User, lang: Lang, since?: string): Promise<Reply>;
}

export interface BotOptions {
  kb: KnowledgeBase;
  logger?: Logger;
  onboarding?: OnboardingHandler;
  analytics?: AnalyticsRecorder;
  /** Conversation topics and preferred languages; in this process's memory when not given. */
  conversations?: Conversations;
  /** Who may ask `why` (ADMIN_USER_IDS). */
  admins?: readonly AdminId[];
}

/** The platform-neutral bot: every adapter hands it an IncomingMessage and renders the Reply. */
export class Bot {
  // One field, swapped in one assignment: a question is answered by one knowledge
  // base from start to end (answering is synchronous), never half old, half new.
  private ctx: AnswerContext;

  private readonly conversations: Conversations;
  private readonly turns: Turns;
  /** Knowledge commands' replies, made once per knowledge (the ctx they were made with). */
  private commandReplies: { ctx: AnswerContext; byCommand: Map<string, Reply> } | undefined;

  constructor(private readonly options: BotOptions) {
    this.conversations = options.conversations ?? new Conversations({ logger: options.logger });
    this.turns = new Turns({
      ctx: () => this.ctx,
      conversations: this.conversations,
      admins: options.admins ?? [],
      logger: options.logger,
      record: (user, text, answered) => this.record(user, text, answered),
      redrawElsewhere: (user, action) => this.redrawElsewhere(user, action),
    });
    this.ctx = Bot.prepare(options.kb);
  }

  get kb(): KnowledgeBase {
    return this.ctx.kb;
  }

  /** The matcher and everything built from the knowledge; the costly part of a reload, done before the swap. */
  private static prepare(kb: KnowledgeBase): AnswerContext {
    const matcher = new Matcher(kb);
    return { kb, matcher, understanding: new Understanding(kb, matcher) };
  }

  /** Hot reload: answers from `kb` from now on; requests already answered keep what they got. */
  useKnowledge(kb: KnowledgeBase): void {
    this.ctx = Bot.prepare(kb);
  }

  /**
   * Synchronous question answering without side effects (CLI, benchmark,
   * message extension); `context` is the conversation's topic, if the caller keeps one.
   */
  ask(text: string, lang: Lang, context: ConversationTopic | null = null): Answered {
    return answerQuestion(this.ctx, text, lang, { context });
  }

  /**
   * Whether chat answers this line with the matcher, as a question; false for
   * a command, a greeting, `why`, an empty or over-long line. `pmo-guide ask`
   * answers questions itself (a forced language, a scripted session) and
   * hands everything else to handle(), so it answers exactly as chat does.
   */
  isQuestion(text: string): boolean {
    const read = readLine(text, 'text');
    return typeof read === 'object' && read.name === 'question';
  }

  /** How `answered` came about, step by step (`ask --explain`). */
  explain(
    question: string,
    language: LanguageChoice,
    answered: Answered,
    context: ConversationTopic | null,
  ): Explanation {
    return explain(this.ctx, question, language, answered, context);
  }

  /** Never rejects: a bug in one reply is logged and answered with an apology, not a crashed request. */
  async handle(input: IncomingMessage): Promise<Reply> {
    try {
      return await this.dispatch(input);
    } catch (error) {
      this.options.logger?.error({ err: error }, 'failed to handle a message');
      const lang = languageFromLocale(input?.locale) ?? 'en';
      return notice('notice', lang, PRODUCT_NAME, this.kb.ui.fallback[lang]);
    }
  }

  private async dispatch(input: IncomingMessage): Promise<Reply> {
    const { IncomingMessageSchema } = await messageSchema();
    const parsed = IncomingMessageSchema.safeParse(input);
    const fallbackLang = languageFromLocale(input?.locale) ?? 'en';
    if (!parsed.success) return notice('notice', fallbackLang, PRODUCT_NAME, this.kb.ui.empty[fallbackLang]);
    const message = parsed.data;
    if (message.kind === 'action') return this.handleAction(message, message.action);
    const languageOf = this.conversations.languageReader(message);
    const lang = await languageOf(message.text);
    const read = readLine(message.text, message.kind);
    if (read === 'empty') return notice('notice', lang, PRODUCT_NAME, this.kb.ui.empty[lang]);
    if (read === 'too-long') {
      const refusal = this.kb.ui.tooLong[lang].replaceAll('{max}', String(MAX_QUESTION_CHARS));
      return notice('notice', lang, PRODUCT_NAME, refusal);
    }
    if (read === 'why') return this.turns.why(message, await languageOf(''));
    if (read === 'greeting') return this.greetingIn(lang);
    return this.runCommand(message, read, await commandLanguage(read, languageOf, lang));
  }

  private async runCommand(user: Sender, command: Command, lang: Lang): Promise<Reply> {
    if (command.name === 'question') return this.turns.question(user, command.text, lang);
    if (command.name === 'onboard') return this.onboard(user, command.arg ?? 'start', lang);
    if (command.name === 'stats') {
      if (!this.options.analytics) return notice('notice', lang, PRODUCT_NAME, this.kb.ui.fallback[lang]);
      return this.options.analytics.statsReply(user, lang, command.arg);
    }
    return this.knowledgeReply(command, lang);
  }

  /**
   * A knowledge command's reply (`/pmo cert pmp`, `help`) depends on the
   * knowledge, the command and the language only, nothing about the user, so
   * it is made once per knowledge and shared by every request asking the
   * same. Shared, it is frozen: no caller can change it for the next.
   */
  private knowledgeReply(command: Command, lang: Lang): Reply {
    const ctx = this.ctx;
    if (this.commandReplies?.ctx !== ctx) this.commandReplies = { ctx, byCommand: new Map() };
    const key = `${lang}\u0000${JSON.stringify(command)}`;
    return remember(this.commandReplies.byCommand, COMMAND_REPLIES_KEPT, key, () =>
      // A copy: a reply may hold the knowledge's own arrays, which must not be frozen with it.
      deepFreeze(structuredClone(runKnowledgeCommand(ctx, command, lang) ?? helpReply(ctx, lang))),
    );
  }

  private async record(user: User, text: string, answered: Answered): Promise<void> {
    await this.options.analytics?.question(user, text, answered).catch((error: unknown) => {
      this.options.logger?.warn({ err: error }, 'could not record question analytics');
    });
  }

  /** The language switch of a reply only the Bot can draw: an onboarding card, a command's output. */
  private async redrawElsewhere(user: Sender, action: Extract<ReplyAction, { type: 'switch' }>): Promise<Reply> {
    const { recipe, lang } = action;
    if (recipe.kind === 'onboarding') {
      return this.onboard(user, recipe.step === undefined ? 'status' : 'show', lang, recipe.step);
    }
    if (recipe.kind === 'command') return this.runCommand(user, parseCommand(recipe.command, 'lenient'), lang);
    return helpReply(this.ctx, lang);
  }

  private async handleAction(user: IncomingMessage, action: ReplyAction): Promise<Reply> {
    const lang = action.lang ?? languageFromLocale(user.locale) ?? 'en';
    switch (action.type) {
      case 'ask': {
        const reply = this.entry(action.entryId, lang);
        if (!reply) return helpReply(this.ctx, lang);
        await this.turns.opened(user, action.entryId);
        return reply;
      }
      case 'switch':
        return this.turns.switchLanguage(user, action);
      case 'new-topic':
        return this.turns.newTopic(user, lang);
      case 'feedback':
        await this.options.analytics?.feedback(user, action.entryId, action.helpful, lang).catch((error: unknown) => {
          this.options.logger?.warn({ err: error }, 'could not record feedback');
        });
        this.options.logger?.info({ entryId: action.entryId, helpful: action.helpful }, 'feedback');
        return notice('notice', lang, PRODUCT_NAME, this.kb.ui.feedbackThanks[lang]);
      case 'command':
        return this.runCommand(user, parseCommand(action.command, 'lenient'), lang);
      case 'onboard':
        return this.onboard(user, action.op, lang, action.step, action.choice);
    }
  }

  private async onboard(user: User, op: OnboardOp, lang: Lang, step?: number, choice?: number): Promise<Reply> {
    if (!this.options.onboarding) return notice('notice', lang, PRODUCT_NAME, this.kb.ui.welcome[lang]);
    return this.options.onboarding.handle(user, op, lang, step, choice);
  }

  /** The terminal chat's opening: who the bot is and its commands, in the language the core picks for `sender`. */
  async greeting(sender: Sender): Promise<Reply> {
    return this.greetingIn(await this.languageFor(sender));
  }

  private greetingIn(lang: Lang): Reply {
    return { ...helpReply(this.ctx, lang), kind: 'greeting', text: this.kb.ui.greeting[lang].trim() };
  }

  /**
   * The language to greet, list or search in when the sender typed nothing
   * that tells: the one they chose with the switch, else their locale's.
   * A sender that is not one the core accepts gets English, never an error.
   */
  private async languageFor(sender: Sender, text = ''): Promise<Lang> {
    const parsed = SenderSchema.safeParse(sender);
    return parsed.success ? this.conversations.language(text, parsed.data) : 'en';
  }

  /** For a member who just joined: what the bot is and how to start onboarding. */
  async welcome(sender: Sender): Promise<Reply> {
    const lang = await this.languageFor(sender);
    const reply = notice('greeting', lang, PRODUCT_NAME, this.kb.ui.welcome[lang]);
    reply.actions = [{ label: 'onboard', action: { type: 'onboard', op: 'start', lang }, style: 'primary' }];
    return reply;
  }

  /** The command list, for a click the bot cannot read (a button from an older card, a tampered payload). */
  async help(sender: Sender): Promise<Reply> {
    return helpReply(this.ctx, await this.languageFor(sender));
  }

  /** One entry as an answer, drawn whole (no conversation is touched); undefined for an id the knowledge lacks. */
  entry(entryId: string, lang: Lang): Reply | undefined {
    return entryById(this.ctx, entryId, lang);
  }

  /** What the bot knows, by category, a button per entry. */
  catalog(lang: Lang): CatalogSection[] {
    return catalogOf(this.ctx, lang);
  }

  /** Everything a personal home tab shows: what the bot knows and the user's onboarding progress. */
  async home(sender: Sender): Promise<HomeView> {
    const lang = await this.languageFor(sender);
    const parsed = SenderSchema.safeParse(sender);
    const progress = parsed.success ? await this.progressCard(parsed.data, lang) : null;
    return { lang, sections: this.catalog(lang), progress };
  }

  private async progressCard(user: User, lang: Lang): Promise<Reply | null> {
    const card = await this.options.onboarding?.progress(user, lang).catch((error: unknown) => {
      this.options.logger?.warn({ err: error }, 'could not read onboarding progress');
      return null;
    });
    if (!card) return null;
    // A tab is not a message: there is nothing for the language switch to redraw in place.
    const { languageSwitch: _inPlaceOnly, ...rest } = card;
    return rest;
  }

  /**
   * Ranked answers for a search box (Teams message extension), in the
   * language of the query, else the sender's; with no query, one entry per category.
   */
  async search(query: string, sender: Sender, limit = 5): Promise<Reply[]> {
    return searchEntries(this.ctx, query, await this.languageFor(sender, query), limit);
  }
}
