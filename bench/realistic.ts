import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Lang } from '../src/knowledge/schema.js';
import type { Reply } from '../src/reply.js';

/**
 * The realistic question sets in tests/realistic/ (written blind from the
 * article, see their headers): what a user types, of which kind, and what a
 * right reply is.
 */

const KINDS = [
  'long',
  'casual',
  'polite',
  'terse',
  'mixed',
  'variant',
  'typo',
  'advice',
  'comparison',
  'near-domain',
  'out-of-scope',
  'smalltalk',
] as const;
const entryId = z.string().regex(/^[a-z0-9-]+$/);
const Item = z
  .object({
    q: z.string().min(1),
    kind: z.enum(KINDS),
    expect: z.union([entryId, z.tuple([entryId, entryId])]),
    topic: entryId.optional(),
  })
  .strict();
export type RealisticItem = z.infer<typeof Item> & { lang: Lang };
export type Kind = (typeof KINDS)[number];

const FileSchema = z.object({ items: z.array(Item).min(1) }).strict();

export function loadRealistic(file: string, lang: Lang): RealisticItem[] {
  return FileSchema.parse(parse(readFileSync(file, 'utf8'))).items.map((i) => ({ ...i, lang }));
}

/** Items the bot must not answer with an entry. */
export function mustDecline(item: RealisticItem): boolean {
  return item.expect === 'not-covered' || item.expect === 'out-of-scope' || item.expect === 'smalltalk';
}

/** Which bucket of the targets an item counts in. */
export function bucketOf(item: RealisticItem): 'in-scope' | 'near-domain' | 'out-of-scope' | 'smalltalk' {
  if (item.expect === 'not-covered') return 'near-domain';
  if (item.expect === 'out-of-scope') return 'out-of-scope';
  if (item.expect === 'smalltalk') return 'smalltalk';
  return 'in-scope';
}

/** Whether pmo-guide's reply is right for the item. */
export function replyIsRight(item: RealisticItem, reply: Reply): boolean {
  if (item.expect === 'smalltalk') return reply.kind === 'smalltalk';
  if (mustDecline(item)) return !reply.matched && reply.kind !== 'smalltalk';
  if (Array.isArray(item.expect)) {
    const got = new Set(reply.intents ?? []);
    return reply.matched && item.expect.every((id) => got.has(id)) && got.size === 2;
  }
  return reply.matched && reply.kind === 'answer' && reply.intent === item.expect;
}

/** Whether a baseline's single intent (null = declined) is right: it cannot compare, so comparisons count wrong. */
export function intentIsRight(item: RealisticItem, intent: string | null): boolean {
  if (mustDecline(item)) return intent === null;
  if (Array.isArray(item.expect)) return false;
  return intent === item.expect;
}
