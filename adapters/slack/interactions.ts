import type {
  App,
  BlockAction,
  Middleware,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from '@slack/bolt';
import { type Reply, type ReplyAction, ReplyActionSchema } from '../../src/index.js';
import { conversationOf, type SlackClient, type SlackHandlerContext, senderOf, timed } from './context.js';
import { safeError } from './log.js';
import { LIMITS, renderReply, renderShared, SHARE_ACTION_ID, type SlackMessage, type SlackStrings } from './render.js';
import { fromSlackText } from './text.js';

export const SLASH_COMMAND = '/pmo';

/** A button value back into a ReplyAction; anything we did not produce ourselves is refused. */
export function parseButtonValue(value: unknown): ReplyAction | undefined {
  if (typeof value !== 'string' || value.length > LIMITS.buttonValue) return undefined;
  try {
    const parsed = ReplyActionSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function registerInteractions(app: App, ctx: SlackHandlerContext): void {
  app.command(SLASH_COMMAND, onCommand(ctx));
  app.action<BlockAction>({ type: 'block_actions', action_id: /^pmo:/ }, onButton(ctx));
}

type EphemeralAck = SlackMessage & { response_type: 'ephemeral' };
const sharedAcks = new WeakMap<SlackMessage, EphemeralAck>();

/**
 * A `/pmo` reply as the ack's body. A shared rendering (frozen) gets one
 * shared, frozen body, which the receiver serializes once (receiver.ts).
 */
function ephemeralAck(message: SlackMessage): EphemeralAck {
  if (!Object.isFrozen(message)) return { response_type: 'ephemeral', ...message };
  let body = sharedAcks.get(message);
  if (!body) {
    body = Object.freeze({ response_type: 'ephemeral' as const, ...message });
    sharedAcks.set(message, body);
  }
  return body;
}

function onCommand(ctx: SlackHandlerContext): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, client }) => {
    let acked = false;
    try {
      await timed(ctx, 'command', async () => {
        // `/pmo` replies are private and unthreaded: one conversation per user and channel.
        const conversation = conversationOf(`${command.channel_id}:command`);
        const { sender } = await senderOf(ctx, client, command.team_id, command.user_id, conversation);
        const text = fromSlackText(command.text ?? '');
        const reply = await ctx.bot.handle({ kind: 'command', text, ...sender });
        // Answering in the ack is the fastest path and needs no response_url round trip.
        acked = true;
        await ack(ephemeralAck(renderShared(reply, { ui: ctx.bot.kb.ui, ephemeral: true })));
        return reply;
      });
    } finally {
      // Without an ack Slack shows a timeout error after 3 s; an empty ack is kinder.
      if (!acked) await ack();
    }
  };
}

function onButton(ctx: SlackHandlerContext): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, body, action, client, respond }) => {
    await ack();
    const parsed = parseButtonValue((action as { value?: unknown }).value);
    if (!parsed) {
      ctx.logger.warn({ actionId: action.action_id }, 'slack: ignored a button whose value is not a valid action');
      return;
    }
    const isShare = action.action_id === SHARE_ACTION_ID;
    await timed(ctx, isShare ? 'share' : parsed.type === 'switch' ? 'language' : 'action', async () => {
      const team = body.team?.id ?? body.user.team_id;
      const { sender } = await senderOf(ctx, client, team, body.user.id, clickedConversation(body));
      const reply = await ctx.bot.handle({ kind: 'action', action: parsed, ...sender });
      const where: Delivery = { body, client, respond, ui: ctx.bot.kb.ui };
      if (isShare) await share(where, reply, ctx);
      else if (parsed.type === 'switch') await replaceClicked(where, reply);
      else await answerClick(where, reply, parsed);
      return reply;
    });
  };
}

interface Delivery {
  body: BlockAction;
  client: SlackClient;
  /** Absent at run time when the payload has no response_url (App Home). */
  respond: RespondFn | undefined;
  ui: SlackStrings;
}

function channelOf(body: BlockAction): string | undefined {
  const fromContainer = body.container.channel_id;
  return body.channel?.id ?? (typeof fromContainer === 'string' ? fromContainer : undefined);
}

/** The thread to answer in: the clicked message's thread, or a new one under it (not in a DM). */
function threadOf(body: BlockAction, channel: string): string | undefined {
  const message = body.message;
  if (!message) return undefined;
  if (typeof message.thread_ts === 'string') return message.thread_ts;
  return channel.startsWith('D') ? undefined : message.ts;
}

/** The conversation the clicked message belongs to: its thread, a DM, or the user's `/pmo` replies there. */
function clickedConversation(body: BlockAction): string | undefined {
  const channel = channelOf(body);
  if (!channel || body.container.type === 'view') return undefined;
  if (body.container.is_ephemeral === true) return conversationOf(`${channel}:command`);
  return conversationOf(channel, threadOf(body, channel));
}

/**
 * The language switch: the clicked message itself is redrawn in the other
 * language (chat.update for a bot message, replace_original for an ephemeral
 * `/pmo` reply), never a new message. App Home has no message to replace.
 */
async function replaceClicked(where: Delivery, reply: Reply): Promise<void> {
  const { body, client, ui } = where;
  const channel = channelOf(body);
  const ts = body.message?.ts ?? body.container.message_ts;
  if (body.container.is_ephemeral === true && where.respond) {
    const message = renderReply(reply, { ui, ephemeral: true });
    await where.respond({ response_type: 'ephemeral', replace_original: true, ...message });
    return;
  }
  if (channel && typeof ts === 'string' && body.container.type !== 'view') {
    await client.chat.update({ channel, ts, ...renderReply(reply, { ui }) });
    return;
  }
  await client.chat.postMessage({ channel: body.user.id, ...renderReply(reply, { ui }) });
}

async function share(where: Delivery, reply: Reply, ctx: SlackHandlerContext): Promise<void> {
  const channel = channelOf(where.body);
  if (!channel) return;
  await where.client.chat.postMessage({ channel, ...renderReply(reply, { ui: where.ui }) });
  // The private copy has done its job; removing it also prevents a second share.
  await where.respond?.({ delete_original: true }).catch((error: unknown) => {
    ctx.logger.warn({ err: safeError(error) }, 'slack: could not remove the shared ephemeral message');
  });
}

/** Private clicks get private answers; clicks in a conversation are answered in its thread. */
async function answerClick(where: Delivery, reply: Reply, action: ReplyAction): Promise<void> {
  const { body, client, ui } = where;
  const channel = channelOf(body);
  const user = body.user.id;
  if (!channel || body.container.type === 'view') {
    // App Home has no conversation: answer in the app's DM with the user.
    await client.chat.postMessage({ channel: user, ...renderReply(reply, { ui }) });
    return;
  }
  const threadTs = threadOf(body, channel);
  const thread = threadTs ? { thread_ts: threadTs } : {};
  if (body.container.is_ephemeral === true) {
    const message = renderReply(reply, { ui, ephemeral: true });
    if (where.respond) await where.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    else await client.chat.postEphemeral({ channel, user, ...thread, ...message });
    return;
  }
  // Thanks for feedback, and "starting fresh", concern only the person who clicked.
  if (action.type === 'feedback' || action.type === 'new-topic') {
    await client.chat.postEphemeral({ channel, user, ...thread, ...renderReply(reply, { ui }) });
    return;
  }
  await client.chat.postMessage({ channel, ...thread, ...renderReply(reply, { ui }) });
}
