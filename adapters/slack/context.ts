import { performance } from 'node:perf_hooks';
import type { webApi } from '@slack/bolt';
import type { Bot, Logger, Reply, Sender } from '../../src/index.js';
import type { Telemetry } from '../shared/telemetry.js';
import { renderReply, type SlackMessage, type SlackStrings } from './render.js';
import type { SlackUser, UserDirectory } from './users.js';

/** What every Slack listener needs; built once in mountSlack. */
export interface SlackHandlerContext {
  bot: Bot;
  logger: Logger;
  telemetry: Telemetry;
  users: UserDirectory;
}

export type SlackClient = webApi.WebClient;

/**
 * The conversation a follow-up continues: a thread, else the channel (a DM's
 * top level). A new @mention outside a thread starts its own thread, so its
 * `ts` is the key and it starts fresh. Capped like every id the core accepts.
 */
export function conversationOf(channel: string, threadTs?: string): string {
  return (threadTs ? `${channel}:${threadTs}` : channel).slice(0, 400);
}

/** Looks the user up (cached) and returns them with the sender fields every IncomingMessage needs. */
export async function senderOf(
  ctx: SlackHandlerContext,
  client: SlackClient,
  workspaceId: string | undefined,
  userId: string,
  conversation?: string,
): Promise<{ sender: Sender; user: SlackUser | undefined }> {
  const user = await ctx.users.get(userId, (id) => client.users.info({ user: id, include_locale: true }));
  const sender: Sender = { platform: 'slack', workspaceId: workspaceId || 'unknown', userId };
  if (user?.locale) sender.locale = user.locale;
  if (conversation) sender.conversation = conversation;
  return { sender, user };
}

/**
 * Runs one request's work and records it once (one log line, the metrics),
 * also when it fails, so errors show up in the request counts.
 */
export async function timed(
  ctx: SlackHandlerContext,
  kind: string,
  work: () => Promise<Reply | undefined>,
): Promise<void> {
  const start = performance.now();
  let reply: Reply | undefined;
  try {
    reply = await work();
  } finally {
    ctx.telemetry.record({ platform: 'slack', kind, ms: performance.now() - start, reply });
  }
}

/** Distinct replies whose serialized rendering is kept per knowledge; past this the oldest goes first. */
export const SERIALIZED_REPLIES_KEPT = 500;
const serializedByUi = new WeakMap<SlackStrings, Map<string, SlackMessage>>();

/**
 * A reply rendered as the Web API client sends it, its blocks already the
 * JSON string the client would make of them: Slack receives the same bytes,
 * and the client no longer walks every block of a long answer to redact it
 * for a debug line (it does so at every log level) and again to serialize it.
 * The same question gets the same reply, and drawing and serializing a
 * ~2 KB answer cost more than the rest of an @mention's own work, so the
 * result is kept, keyed by the reply's JSON, for the strings it was drawn
 * with. It depends on nothing else, so a kept one is never stale; a
 * knowledge reload brings new strings and so starts a new set.
 */
export function serializedReply(reply: Reply, ui: SlackStrings): SlackMessage {
  let kept = serializedByUi.get(ui);
  if (!kept) {
    kept = new Map();
    serializedByUi.set(ui, kept);
  }
  const key = JSON.stringify(reply);
  let message = kept.get(key);
  if (!message) {
    const { text, blocks } = renderReply(reply, { ui });
    message = { text, blocks: JSON.stringify(blocks) as unknown as SlackMessage['blocks'] };
    if (kept.size >= SERIALIZED_REPLIES_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(key, message);
  }
  return message;
}
