import type { App, KnownEventFromType } from '@slack/bolt';
import { type DeliveryClaims, deliveryKey, type Logger } from '../../src/index.js';
import {
  conversationOf,
  type SlackClient,
  type SlackHandlerContext,
  senderOf,
  serializedReply,
  timed,
} from './context.js';
import { renderHome } from './home.js';
import { renderReply } from './render.js';
import { fromSlackText, stripMention } from './text.js';

/**
 * The event types we answer. One listener for all of them, not one each:
 * Bolt runs every listener's middleware chain on every request (a `/pmo`
 * command too), so each extra listener cost every request its own chain.
 */
export const ANSWERED_EVENTS = /^(?:message|app_mention|app_home_opened|member_joined_channel)$/;

/** What an event handler needs from Bolt's listener arguments besides the event. */
interface EventTools {
  client: SlackClient;
  teamId: string | undefined;
  botUserId: string | undefined;
}

/**
 * Slack retries an event it thinks we missed; a retry must never produce a
 * second answer. Checked here, where only events pay for it, and for both
 * transports (HTTP and Socket Mode run the same listeners).
 */
export function firstEventDelivery(deliveries: DeliveryClaims, logger: Logger) {
  return async (eventId: unknown): Promise<boolean> => {
    if (typeof eventId !== 'string' || (await deliveries.firstDelivery(deliveryKey.slackEvent(eventId)))) return true;
    logger.debug({ eventId }, 'slack: ignored a retried event');
    return false;
  };
}

/**
 * Events API listeners: direct messages, @mentions, the App Home tab and
 * the welcome for new channel members. Each one translates the event into
 * an IncomingMessage, lets the Bot answer and posts the rendered Reply.
 */
export function registerEvents(app: App, ctx: SlackHandlerContext, deliveries: DeliveryClaims): void {
  const firstDelivery = firstEventDelivery(deliveries, ctx.logger);
  app.event(ANSWERED_EVENTS, async ({ event, body, client, context }) => {
    if (!(await firstDelivery(body.event_id))) return;
    const tools: EventTools = { client, teamId: body.team_id, botUserId: context.botUserId };
    switch (event.type) {
      case 'message':
        return onDirectMessage(ctx, event, tools);
      case 'app_mention':
        return onMention(ctx, event, tools);
      case 'app_home_opened':
        return onHomeOpened(ctx, event, tools);
      case 'member_joined_channel':
        return onMemberJoined(ctx, event, tools);
    }
  });
}

async function onDirectMessage(ctx: SlackHandlerContext, event: KnownEventFromType<'message'>, tools: EventTools) {
  // Only what a person typed in the bot's DM: no subtypes (edits, joins, bot_message) and no bots.
  if (event.subtype !== undefined || event.channel_type !== 'im' || event.bot_id || !event.user) return;
  const { channel, thread_ts: threadTs, user: userId } = event;
  const { client } = tools;
  await timed(ctx, 'message', async () => {
    const { sender } = await senderOf(ctx, client, tools.teamId, userId, conversationOf(channel, threadTs));
    const reply = await ctx.bot.handle({ kind: 'text', text: fromSlackText(event.text ?? ''), ...sender });
    await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...serializedReply(reply, ctx.bot.kb.ui),
    });
    return reply;
  });
}

async function onMention(ctx: SlackHandlerContext, event: KnownEventFromType<'app_mention'>, tools: EventTools) {
  const userId = event.user;
  if (!userId || event.bot_id) return;
  // Answer in a thread so a channel is not flooded: the mention's own thread, else a new one under it.
  const threadTs = event.thread_ts ?? event.ts;
  const { client } = tools;
  await timed(ctx, 'mention', async () => {
    const conversation = conversationOf(event.channel, threadTs);
    const { sender } = await senderOf(ctx, client, tools.teamId, userId, conversation);
    const text = fromSlackText(stripMention(event.text, tools.botUserId));
    const reply = await ctx.bot.handle({ kind: 'text', text, ...sender });
    await client.chat.postMessage({
      channel: event.channel,
      thread_ts: threadTs,
      ...serializedReply(reply, ctx.bot.kb.ui),
    });
    return reply;
  });
}

async function onHomeOpened(ctx: SlackHandlerContext, event: KnownEventFromType<'app_home_opened'>, tools: EventTools) {
  // The event also fires for the Messages tab, which has nothing to publish.
  if (event.tab !== 'home') return;
  await timed(ctx, 'home', async () => {
    const { sender } = await senderOf(ctx, tools.client, tools.teamId, event.user);
    const home = await ctx.bot.home(sender);
    await tools.client.views.publish({ user_id: event.user, view: renderHome(home, ctx.bot.kb.ui) });
    return home.progress ?? undefined;
  });
}

async function onMemberJoined(
  ctx: SlackHandlerContext,
  event: KnownEventFromType<'member_joined_channel'>,
  tools: EventTools,
) {
  // Bolt keeps this event even when the bot itself joined; a welcome to ourselves makes no sense.
  if (event.user === tools.botUserId) return;
  await timed(ctx, 'member_joined', async () => {
    const { sender, user } = await senderOf(ctx, tools.client, tools.teamId, event.user);
    if (user?.isBot) return undefined;
    const reply = await ctx.bot.welcome(sender);
    const message = renderReply(reply, { ui: ctx.bot.kb.ui });
    await tools.client.chat.postEphemeral({ channel: event.channel, user: event.user, ...message });
    return reply;
  });
}
