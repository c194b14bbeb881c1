import type { KnowledgeBase } from '../knowledge/load.js';
import type { Category, Lang } from '../knowledge/schema.js';
import type { Logger } from '../logger.js';
import { Matcher } from '../match/matcher.js';
import { type IncomingMessage, IncomingMessageSchema } from '../message.js';
import type { OnboardOp, Reply, ReplyAction } from '../reply.js';
import { decideLanguage, languageFromLocale } from '../text/language.js';
import { Understanding } from '../understand/understanding.js';
import { type AnswerContext, type Answered, entryReply, round } from './answer.js';
import { type Command, parseCommand } from './commands.js';
import { answerQuestion } from './question.js';
import { helpReply, notice, runKnowledgeCommand } from './run-command.js';

/** Longer messages are politely refused: no real question needs them and matching them wastes time. */
export const MAX_QUESTION_CHARS = 2000;

const GREETING =
  /^(hi|hello|hey|yo|good (morning|afternoon|evening)|こんにちは|こんばんは|おはよう(ございます)?|はじめまして|やあ|どうも)[\s!！。.、,]*$/iu;

export type UserRef = Pick<IncomingMessage, 'platform' | 'workspaceId' | 'userId'>;

/** Onboarding lives in its own module (it needs the store); the bot only routes to it. */
export interface OnboardingHandler {
  handle(user: UserRef, op: OnboardOp, lang: Lang, step?: number, choice?: number): Promise<Reply>;
  /** A short progress card for App Home, or null when the user never started. */
  progress(user: UserRef, lang: Lang): Promise<Reply | null>;
}

export interface HomeView {
  sections: CatalogSection[];
  /** The user's onboarding progress, when onboarding is available and started. */
  progress: Reply | null;
}

/** Records questions and feedback for the knowledge team; failures must never block an answer. */
export interface AnalyticsRecorder {
  question(user: UserRef, text: string, answered: Answered): Promise<void>;
  feedback(user: UserRef, entryId: string, helpful: boolean, lang: Lang): Promise<void>;
  statsReply(user: UserRef, lang: Lang, since?: string): Promise<Reply>;
}

export interface BotOptions {
  kb: KnowledgeBase;
  logger?: Logger;
  onboarding?: OnboardingHandler;
  analytics?: AnalyticsRecorder;
}

export interface CatalogSection {
  category: Category;
  title: string;
  entries: { id: string; title: string }[];
}

/** The platform-neutral bot: every adapter hands it an IncomingMessage and renders the Reply. */
export class Bot {
  // One field, swapped in one assignment: a question is answered by one knowledge
  // base from start to end (answering is synchronous), never half old, half new.
  private ctx: AnswerContext;

  constructor(private readonly options: BotOptions) {
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

  /** Synchronous question answering without side effects (CLI, benchmark, message extension). */
  ask(text: string, lang: Lang): Answered {
    return answerQuestion(this.ctx, text, lang);
  }

  /** Never rejects: a bug in one reply is logged and answered with an apology, not a crashed request. */
  async handle(input: IncomingMessage): Promise<Reply> {
    try {
      return await this.dispatch(input);
    } catch (error) {
      this.options.logger?.error({ err: error }, 'failed to handle a message');
      const lang = languageFromLocale(input?.locale) ?? 'en';
      return notice('notice', lang, 'pmo-guide', this.kb.ui.fallback[lang]);
    }
  }

  private async dispatch(input: IncomingMessage): Promise<Reply> {
    const parsed = IncomingMessageSchema.safeParse(input);
    const fallbackLang = languageFromLocale(input?.locale) ?? 'en';
    if (!parsed.success) return notice('notice', fallbackLang, 'pmo-guide', this.kb.ui.empty[fallbackLang]);
    const message = parsed.data;
    if (message.kind === 'action') return this.handleAction(message, message.action);
    const lang = decideLanguage({ text: message.text, locale: message.locale });
    const text = message.text.trim();
    if (!text && message.kind === 'text') return notice('notice', lang, 'pmo-guide', this.kb.ui.empty[lang]);
    if (text.length > MAX_QUESTION_CHARS) {
      const refusal = this.kb.ui.tooLong[lang].replaceAll('{max}', String(MAX_QUESTION_CHARS));
      return notice('notice', lang, 'pmo-guide', refusal);
    }
    if (GREETING.test(text)) return this.greeting(lang);
    const command = parseCommand(text, message.kind === 'command' ? 'lenient' : 'strict');
    return this.runCommand(message, command, this.commandLanguage(command, message, lang));
  }

  /** A command word is English by nature; only its argument tells the user's language. */
  private commandLanguage(command: Command, message: IncomingMessage & { text: string }, lang: Lang): Lang {
    if (command.name === 'question') return lang;
    const arg = 'arg' in command && typeof command.arg === 'string' ? command.arg : '';
    return decideLanguage({ text: arg, locale: message.locale });
  }

  private async runCommand(user: UserRef, command: Command, lang: Lang): Promise<Reply> {
    if (command.name === 'question') return this.answerAndRecord(user, command.text, lang);
    if (command.name === 'onboard') return this.onboard(user, command.arg ?? 'start', lang);
    if (command.name === 'stats') {
      if (!this.options.analytics) return notice('notice', lang, 'pmo-guide', this.kb.ui.fallback[lang]);
      return this.options.analytics.statsReply(user, lang, command.arg);
    }
    return runKnowledgeCommand(this.ctx, command, lang) ?? helpReply(this.ctx, lang);
  }

  private async answerAndRecord(user: UserRef, text: string, lang: Lang): Promise<Reply> {
    const answered = answerQuestion(this.ctx, text, lang);
    // "thanks" is not a question the knowledge team should see as unanswered.
    if (answered.reply.kind === 'smalltalk') return answered.reply;
    await this.options.analytics?.question(user, text, answered).catch((error: unknown) => {
      this.options.logger?.warn({ err: error }, 'could not record question analytics');
    });
    return answered.reply;
  }

  private async handleAction(user: IncomingMessage, action: ReplyAction): Promise<Reply> {
    const lang = action.lang ?? languageFromLocale(user.locale) ?? 'en';
    switch (action.type) {
      case 'ask': {
        const entry = this.kb.byId.get(action.entryId);
        return entry ? entryReply(this.ctx, entry, lang, 1) : helpReply(this.ctx, lang);
      }
      case 'feedback':
        await this.options.analytics?.feedback(user, action.entryId, action.helpful, lang).catch((error: unknown) => {
          this.options.logger?.warn({ err: error }, 'could not record feedback');
        });
        this.options.logger?.info({ entryId: action.entryId, helpful: action.helpful }, 'feedback');
        return notice('notice', lang, 'pmo-guide', this.kb.ui.feedbackThanks[lang]);
      case 'command':
        return this.runCommand(user, parseCommand(action.command, 'lenient'), lang);
      case 'onboard':
        return this.onboard(user, action.op, lang, action.step, action.choice);
    }
  }

  private async onboard(user: UserRef, op: OnboardOp, lang: Lang, step?: number, choice?: number): Promise<Reply> {
    if (!this.options.onboarding) return notice('notice', lang, 'pmo-guide', this.kb.ui.welcome[lang]);
    return this.options.onboarding.handle(user, op, lang, step, choice);
  }

  greeting(lang: Lang): Reply {
    return { ...helpReply(this.ctx, lang), kind: 'greeting', text: this.kb.ui.greeting[lang].trim() };
  }

  /** For a member who just joined: what the bot is and how to start onboarding. */
  welcome(lang: Lang): Reply {
    const reply = notice('greeting', lang, 'pmo-guide', this.kb.ui.welcome[lang]);
    reply.actions = [{ label: 'onboard', action: { type: 'onboard', op: 'start', lang }, style: 'primary' }];
    return reply;
  }

  /** What the bot knows, by category (App Home, Teams welcome). */
  catalog(lang: Lang): CatalogSection[] {
    // ui.yaml's categories, in their order: an organisation's own category shows up with no code change.
    return Object.entries(this.kb.ui.categories).map(([category, title]) => ({
      category,
      title: title[lang],
      entries: this.kb.entries.filter((e) => e.category === category).map((e) => ({ id: e.id, title: e[lang].title })),
    }));
  }

  /** Everything a personal home tab shows: what the bot knows and the user's onboarding progress. */
  async home(user: UserRef, lang: Lang): Promise<HomeView> {
    const progress = await this.options.onboarding?.progress(user, lang).catch((error: unknown) => {
      this.options.logger?.warn({ err: error }, 'could not read onboarding progress');
      return null;
    });
    return { sections: this.catalog(lang), progress: progress ?? null };
  }

  /** Ranked answers for a search box (Teams message extension): no fallback, best few first. */
  search(query: string, lang: Lang, limit = 5): Reply[] {
    const match = this.ctx.matcher.match(query, lang);
    return match.candidates.slice(0, limit).flatMap((c) => {
      const entry = this.kb.byId.get(c.entryId);
      return entry ? [entryReply(this.ctx, entry, lang, round(c.score))] : [];
    });
  }
}
