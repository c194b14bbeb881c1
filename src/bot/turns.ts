import { type AdminId, isAdmin } from '../admins.js';
import type { Lang } from '../knowledge/schema.js';
import type { Logger } from '../logger.js';
import { PRODUCT_NAME } from '../product.js';
import type { Reply, ReplyAction } from '../reply.js';
import { detectLanguage } from '../text/language.js';
import type { Sender } from '../user.js';
import type { AnswerContext } from './answer.js';
import type { Conversations } from './conversation.js';
import { explain } from './explain.js';
import { formatExplanation } from './explain-format.js';
import { CONVERSATION_LABELS } from './labels.js';
import { answerQuestion } from './question.js';
import { redraw } from './redraw.js';
import { notice } from './run-command.js';

type SwitchAction = Extract<ReplyAction, { type: 'switch' }>;

export interface TurnDeps {
  /** The current knowledge (it may be reloaded between two messages). */
  ctx: () => AnswerContext;
  conversations: Conversations;
  /** Who may ask `why` (ADMIN_USER_IDS). */
  admins: readonly AdminId[];
  logger?: Logger | undefined;
  /** Records a question for the knowledge team; the Bot's analytics. */
  record: (user: Sender, text: string, answered: ReturnType<typeof answerQuestion>) => Promise<void>;
  /** Replies the Bot draws itself: an onboarding step, a command's output. */
  redrawElsewhere: (user: Sender, action: SwitchAction) => Promise<Reply>;
}

/**
 * The conversational turns: a question read against its conversation's
 * topic, the language switch, "ask about something else", and `why`.
 */
export class Turns {
  constructor(private readonly deps: TurnDeps) {}

  async question(sender: Sender, text: string, lang: Lang): Promise<Reply> {
    const { conversations } = this.deps;
    const context = await conversations.topic(sender);
    const answered = answerQuestion(this.deps.ctx(), text, lang, { context });
    await conversations.remember(sender, answered.next);
    // Only an admin's question is kept: `why` explains one's own last question, and nobody else's is needed.
    if (isAdmin(this.deps.admins, sender)) await conversations.rememberQuestion(sender, { text, lang, context });
    // "thanks" is not a question the knowledge team should see as unanswered.
    if (answered.reply.kind !== 'smalltalk') await this.deps.record(sender, text, answered);
    return answered.reply;
  }

  /** Clicking an entry's button puts the conversation on that entry. */
  async opened(sender: Sender, entryId: string): Promise<void> {
    await this.deps.conversations.remember(sender, { entryId, details: [] });
  }

  /** The same reply in the other language; the choice is the user's preferred language from now on. */
  async switchLanguage(sender: Sender, action: SwitchAction): Promise<Reply> {
    await this.deps.conversations.setPreferredLanguage(sender, action.lang);
    const reply = redraw(this.deps.ctx(), action.recipe, action.lang);
    return reply ?? this.deps.redrawElsewhere(sender, action);
  }

  async newTopic(sender: Sender, lang: Lang): Promise<Reply> {
    await this.deps.conversations.remember(sender, null);
    return notice('notice', lang, PRODUCT_NAME, CONVERSATION_LABELS[lang].newTopicDone);
  }

  /** How the user's last question was answered, step by step; admins only (it shows the matcher's insides). */
  async why(sender: Sender, lang: Lang): Promise<Reply> {
    const labels = CONVERSATION_LABELS[lang];
    if (!isAdmin(this.deps.admins, sender)) return notice('notice', lang, PRODUCT_NAME, labels.whyDenied);
    const last = await this.deps.conversations.lastQuestion(sender);
    if (!last) return notice('notice', lang, PRODUCT_NAME, labels.whyNone);
    const ctx = this.deps.ctx();
    const answered = answerQuestion(ctx, last.text, last.lang, { context: last.context });
    const source = detectLanguage(last.text) ? 'text' : 'locale';
    const explanation = explain(ctx, last.text, { lang: last.lang, source }, answered, last.context);
    return notice('explain', lang, labels.whyTitle, formatExplanation(explanation, lang));
  }
}
