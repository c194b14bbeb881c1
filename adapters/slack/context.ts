import { performance } from 'node:perf_hooks';
import type { webApi } from '@slack/bolt';
import type { Bot, Logger, Reply, Sender } from '../../src/index.js';
import type { Telemetry } from '../shared/telemetry.js';
import type { SlackMessage } from './render.js';
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

/**
 * A rendered message as the Web API client sends it, its blocks already the
 * JSON string the client would make of them: Slack receives the same bytes,
 * and the client no longer walks every block of a long answer to redact it
 * for a debug line (it does so at every log level) and again to serialize it.
 */
export function preserialized(message: SlackMessage): SlackMessage {
  return { text: message.text, blocks: JSON.stringify(message.blocks) as unknown as SlackMessage['blocks'] };
}
