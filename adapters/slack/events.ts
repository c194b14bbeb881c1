import type { App, Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { conversationOf, preserialized, type SlackHandlerContext, senderOf, timed } from './context.js';
import { renderHome } from './home.js';
import { renderReply } from './render.js';
import { fromSlackText, stripMention } from './text.js';

/**
 * Events API listeners: direct messages, @mentions, the App Home tab and
 * the welcome for new channel members. Each one translates the event into
 * an IncomingMessage, lets the Bot answer and posts the rendered Reply.
 */
export function registerEvents(app: App, ctx: SlackHandlerContext): void {
  app.event('message', onDirectMessage(ctx));
  app.event('app_mention', onMention(ctx));
  app.event('app_home_opened', onHomeOpened(ctx));
  app.event('member_joined_channel', onMemberJoined(ctx));
}

type Listener<E extends string> = Middleware<SlackEventMiddlewareArgs<E>>;

function onDirectMessage(ctx: SlackHandlerContext): Listener<'message'> {
  return async ({ event, client, body }) => {
    // Only what a person typed in the bot's DM: no subtypes (edits, joins, bot_message) and no bots.
    if (event.subtype !== undefined || event.channel_type !== 'im' || event.bot_id || !event.user) return;
    const { channel, thread_ts: threadTs, user: userId } = event;
    await timed(ctx, 'message', async () => {
      const { sender } = await senderOf(ctx, client, body.team_id, userId, conversationOf(channel, threadTs));
      const reply = await ctx.bot.handle({ kind: 'text', text: fromSlackText(event.text ?? ''), ...sender });
      const message = renderReply(reply, { ui: ctx.bot.kb.ui });
      await client.chat.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...preserialized(message),
      });
      return reply;
    });
  };
}

function onMention(ctx: SlackHandlerContext): Listener<'app_mention'> {
  return async ({ event, client, body, context }) => {
    const userId = event.user;
    if (!userId || event.bot_id) return;
    // Answer in a thread so a channel is not flooded: the mention's own thread, else a new one under it.
    const threadTs = event.thread_ts ?? event.ts;
    await timed(ctx, 'mention', async () => {
      const conversation = conversationOf(event.channel, threadTs);
      const { sender } = await senderOf(ctx, client, body.team_id, userId, conversation);
      const text = fromSlackText(stripMention(event.text, context.botUserId));
      const reply = await ctx.bot.handle({ kind: 'text', text, ...sender });
      const message = renderReply(reply, { ui: ctx.bot.kb.ui });
      await client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, ...preserialized(message) });
      return reply;
    });
  };
}

function onHomeOpened(ctx: SlackHandlerContext): Listener<'app_home_opened'> {
  return async ({ event, client, body }) => {
    // The event also fires for the Messages tab, which has nothing to publish.
    if (event.tab !== 'home') return;
    await timed(ctx, 'home', async () => {
      const { sender } = await senderOf(ctx, client, body.team_id, event.user);
      const home = await ctx.bot.home(sender);
      await client.views.publish({ user_id: event.user, view: renderHome(home, ctx.bot.kb.ui) });
      return home.progress ?? undefined;
    });
  };
}

function onMemberJoined(ctx: SlackHandlerContext): Listener<'member_joined_channel'> {
  return async ({ event, client, body, context }) => {
    // Bolt keeps this event even when the bot itself joined; a welcome to ourselves makes no sense.
    if (event.user === context.botUserId) return;
    await timed(ctx, 'member_joined', async () => {
      const { sender, user } = await senderOf(ctx, client, body.team_id, event.user);
      if (user?.isBot) return undefined;
      const reply = await ctx.bot.welcome(sender);
      const message = renderReply(reply, { ui: ctx.bot.kb.ui });
      await client.chat.postEphemeral({ channel: event.channel, user: event.user, ...message });
      return reply;
    });
  };
}
