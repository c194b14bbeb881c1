import { z } from 'zod';

/**
 * Who talks to the bot, declared once. A user is one person on one platform;
 * the same userId in two workspaces is two users. Stores never write these
 * ids: they key rows by a salted hash of all three.
 */

/** The chat platforms an adapter serves and an admin id names (ADMIN_USER_IDS, /healthz, metrics). */
export const ChatPlatformSchema = z.enum(['slack', 'teams']);
export type ChatPlatform = z.infer<typeof ChatPlatformSchema>;

/** Every platform a message can come from: the chat platforms and the terminal (`pmo-guide chat`). */
export const PlatformSchema = z.enum([...ChatPlatformSchema.options, 'cli']);
export type Platform = z.infer<typeof PlatformSchema>;

export const UserSchema = z
  .object({
    platform: PlatformSchema,
    /** Slack team id, Teams tenant id, or "local" for the terminal. */
    workspaceId: z.string().min(1).max(200),
    userId: z.string().min(1).max(200),
  })
  .strict();
export type User = z.infer<typeof UserSchema>;

/** A user as a message brings them: with where they write from, which the core reads to choose language and topic. */
export const SenderSchema = UserSchema.extend({
  /** Platform locale hint (e.g. "ja-JP"), used when the text does not decide the language. */
  locale: z.string().max(50).optional(),
  /**
   * Where a follow-up continues the topic: a Slack DM or thread, a Teams
   * conversation, the terminal chat. Absent: every message stands alone.
   */
  conversation: z.string().min(1).max(400).optional(),
}).strict();
export type Sender = z.infer<typeof SenderSchema>;

/** Only the user's ids: callers pass whole messages, and nothing else of them belongs in a key or a record. */
export function userOf({ platform, workspaceId, userId }: User): User {
  return { platform, workspaceId, userId };
}
