import { type Activity, TurnContext } from 'botbuilder';
import type { IncomingMessage, Sender } from '../../src/index.js';
import { type ReplyAction, ReplyActionSchema } from '../../src/index.js';

/**
 * Activity → IncomingMessage. Pure translation: no answering, no command
 * parsing, no language choice (the core decides, text first, locale second).
 */

// The core's schema caps ids at 200 and locales at 50 characters; clipping keeps an odd payload answerable.
const clip = (value: string, max: number) => value.slice(0, max);

export function senderOf(activity: Partial<Activity>): Sender {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined;
  const workspaceId = tenantId || activity.conversation?.tenantId || 'unknown';
  const userId = activity.from?.aadObjectId || activity.from?.id || 'unknown';
  const sender: Sender = { platform: 'teams', workspaceId: clip(workspaceId, 200), userId: clip(userId, 200) };
  if (activity.locale) sender.locale = clip(activity.locale, 50);
  // A personal chat, a group chat, or one channel thread (Teams puts ";messageid=…" on a thread's id).
  if (activity.conversation?.id) sender.conversation = clip(activity.conversation.id, 400);
  return sender;
}

/** Whether the bot is @mentioned, which is how channel and group-chat messages reach it. */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return TurnContext.getMentions(activity).some((m) => m.mentioned?.id === botId);
}

/**
 * The text without the bot's mention. Teams writes it as "<at>name</at>";
 * any leftover <at> tags (another spelling of the name) are dropped too.
 */
export function messageText(activity: Partial<Activity>): string {
  const copy = { ...activity, text: activity.text ?? '' };
  const stripped = activity.recipient ? TurnContext.removeRecipientMention(copy) : copy.text;
  return (stripped ?? '')
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replaceAll('&nbsp;', ' ')
    .trim();
}

/** True when the message is an Action.Submit click rather than typed text. */
export function isSubmit(activity: Partial<Activity>): boolean {
  return typeof activity.value === 'object' && activity.value !== null && !Array.isArray(activity.value);
}

/** The clicked button's action, or undefined when the value is not one the core produced. */
export function submittedAction(value: unknown): ReplyAction | undefined {
  const parsed = ReplyActionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export type Translated =
  | { kind: 'message' | 'mention' | 'action'; message: IncomingMessage }
  | { kind: 'invalid_action'; sender: Sender };

/** What one message activity means to the core, plus the telemetry kind to record. */
export function translateMessage(activity: Partial<Activity>): Translated {
  const sender = senderOf(activity);
  if (isSubmit(activity)) {
    const action = submittedAction(activity.value);
    return action
      ? { kind: 'action', message: { kind: 'action', action, ...sender } }
      : { kind: 'invalid_action', sender };
  }
  const kind = mentionsBot(activity) ? 'mention' : 'message';
  return { kind, message: { kind: 'text', text: messageText(activity), ...sender } };
}

/** The search box text of a message-extension query; empty on the initial run. */
export function extensionQueryText(parameters: readonly { name?: string; value?: unknown }[] | undefined): string {
  const param = parameters?.find((p) => p.name === 'query');
  return typeof param?.value === 'string' ? param.value.trim() : '';
}
