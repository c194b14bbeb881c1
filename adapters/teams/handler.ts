import { performance } from 'node:perf_hooks';
import {
  type Activity,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { Reply } from '../../src/index.js';
import { deliveryKey } from '../../src/index.js';
import type { PlatformDeps } from '../platform.js';
import { type CardStrings, extensionAttachment, renderActivity } from './render.js';
import { extensionQueryText, senderOf, translateMessage } from './translate.js';

/** Message-extension results shown per query; Teams lists them as rows. */
const EXTENSION_RESULTS = 5;

/**
 * The turn logic: which activity means what, and which rendered reply goes
 * back. Every answer comes from the core Bot; this class only routes.
 */
export class TeamsTurns extends TeamsActivityHandler {
  /** Read per reply, not kept: a hot reload may change the UI strings. */
  private get ui(): CardStrings {
    return this.deps.bot.kb.ui;
  }

  constructor(private readonly deps: Omit<PlatformDeps, 'app'>) {
    super();
    this.onMessage(async (context, next) => {
      if (await this.firstDelivery(context.activity)) await this.message(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (await this.firstDelivery(context.activity)) await this.welcome(context);
      await next();
    });
  }

  private async message(context: TurnContext): Promise<void> {
    const started = performance.now();
    const translated = translateMessage(context.activity);
    let reply: Reply;
    if (translated.kind === 'invalid_action') {
      // A button from an older card or a tampered payload: say how to continue instead of failing.
      this.deps.logger.warn({ platform: 'teams' }, 'teams submit value is not a known action');
      reply = await this.deps.bot.help(translated.sender);
    } else {
      reply = await this.deps.bot.handle(translated.message);
    }
    this.deps.telemetry.record({ platform: 'teams', kind: translated.kind, ms: performance.now() - started, reply });
    const message = translated.kind === 'invalid_action' ? undefined : translated.message;
    if (message?.kind === 'action' && message.action.type === 'switch') await this.replaceCard(context, reply);
    else await context.sendActivity(renderActivity(reply, this.ui));
  }

  /**
   * The language switch redraws the card that was clicked (updateActivity on
   * the activity the submit replies to) rather than posting a new one. Without
   * that id (some clients omit it) a new card is the only option.
   */
  private async replaceCard(context: TurnContext, reply: Reply): Promise<void> {
    const id = context.activity.replyToId;
    const rendered = renderActivity(reply, this.ui);
    if (!id) {
      await context.sendActivity(rendered);
      return;
    }
    await context.updateActivity({ ...rendered, id, conversation: context.activity.conversation });
  }

  private async welcome(context: TurnContext): Promise<void> {
    const started = performance.now();
    const reply = await this.deps.bot.welcome(senderOf(context.activity));
    this.deps.telemetry.record({ platform: 'teams', kind: 'member_joined', ms: performance.now() - started, reply });
    await context.sendActivity(renderActivity(reply, this.ui));
  }

  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const started = performance.now();
    const text = extensionQueryText(query?.parameters);
    const replies = await this.deps.bot.search(text, senderOf(context.activity), EXTENSION_RESULTS);
    this.deps.telemetry.record({ platform: 'teams', kind: 'extension', ms: performance.now() - started });
    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: replies.map((reply) => extensionAttachment(reply, this.ui)),
      },
    };
  }

  /** The Bot Connector re-sends an activity it thinks was lost; answering it twice would post a duplicate card. */
  private firstDelivery(activity: Activity): Promise<boolean> {
    if (!activity.id) return Promise.resolve(true);
    return this.deps.deliveries.firstDelivery(deliveryKey.teamsActivity(activity.conversation?.id, activity.id));
  }
}
