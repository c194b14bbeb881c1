import { z } from 'zod';
import { ReplyActionSchema } from './reply.js';
import { SenderSchema } from './user.js';

/**
 * The one normalized incoming message the core accepts. Adapters translate
 * platform payloads into this and nothing platform-specific crosses over.
 */

const sender = SenderSchema.shape;

export const IncomingMessageSchema = z.discriminatedUnion('kind', [
  /** Free text: a DM, an @mention (mention already stripped), a chat line. */
  z.object({ kind: z.literal('text'), text: z.string(), ...sender }).strict(),
  /** The argument text of a slash command or a Teams text command. */
  z.object({ kind: z.literal('command'), text: z.string(), ...sender }).strict(),
  /** A button click carrying a ReplyAction the core produced earlier. */
  z.object({ kind: z.literal('action'), action: ReplyActionSchema, ...sender }).strict(),
]);
export type IncomingMessage = z.infer<typeof IncomingMessageSchema>;
