import { z } from 'zod';
import { ReplyActionSchema } from './reply.js';

/**
 * The one normalized incoming message the core accepts. Adapters translate
 * platform payloads into this and nothing platform-specific crosses over.
 */

export const PlatformSchema = z.enum(['slack', 'teams', 'cli']);
export type Platform = z.infer<typeof PlatformSchema>;

const sender = {
  platform: PlatformSchema,
  /** Slack team id, Teams tenant id, or "local". */
  workspaceId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200),
  /** Platform locale hint (e.g. "ja-JP"), used when the text does not decide the language. */
  locale: z.string().max(50).optional(),
  /**
   * Where a follow-up continues the topic: a Slack DM or thread, a Teams
   * conversation, the terminal chat. Absent: every message stands alone.
   */
  conversation: z.string().min(1).max(400).optional(),
};

export const IncomingMessageSchema = z.discriminatedUnion('kind', [
  /** Free text: a DM, an @mention (mention already stripped), a chat line. */
  z.object({ kind: z.literal('text'), text: z.string(), ...sender }).strict(),
  /** The argument text of a slash command or a Teams text command. */
  z.object({ kind: z.literal('command'), text: z.string(), ...sender }).strict(),
  /** A button click carrying a ReplyAction the core produced earlier. */
  z.object({ kind: z.literal('action'), action: ReplyActionSchema, ...sender }).strict(),
]);
export type IncomingMessage = z.infer<typeof IncomingMessageSchema>;
