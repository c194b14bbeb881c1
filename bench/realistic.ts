import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { defaultKnowledgeDir, type KnowledgeBase, type Lang, loadKnowledge, type Reply } from '../src/index.js';

/**
 * The realistic question sets in bench/data/realistic/ (written blind from the
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

/** Which bucket of the issue's targets an item counts in. */
export function bucketOf(item: RealisticItem): 'in-scope' | 'near-domain' | 'out-of-scope' | 'smalltalk' {
  if (item.expect === 'not-covered') return 'near-domain';
  if (item.expect === 'out-of-scope') return 'out-of-scope';
  if (item.expect === 'smalltalk') return 'smalltalk';
  return 'in-scope';
}

/** What judging needs of a reply: the Reply itself, or one line of `ask --jsonl`. */
export type Judged = Pick<Reply, 'kind' | 'matched' | 'intent' | 'intents'>;

/**
 * Which entries answer the comparison of a pair: those whose `compares:` (in
 * knowledge/) lists both sides. The issue allows it ("Where an overview entry
 * covers both …, it may answer instead"), and the sets were labelled both ways:
 * "the PM or the PMO?" expects [pm-role, pmo-role] in one and pm-vs-pmo in
 * another. Read from the knowledge, so an editor's `compares:` counts at once.
 */
export type PairCover = (entryId: string | null | undefined, pair: readonly [string, string]) => boolean;

export function pairCoverFrom(kb: Pick<KnowledgeBase, 'entries'>): PairCover {
  const compares = new Map(kb.entries.map((e) => [e.id, e.compares ?? []]));
  return (entryId, [a, b]) => {
    const sides = (entryId && compares.get(entryId)) || [];
    return sides.includes(a) && sides.includes(b);
  };
}

let shippedCover: PairCover | undefined;
/** The shipped knowledge's covers, loaded once: the bench judges against the knowledge the bot answers from. */
function defaultCover(): PairCover {
  shippedCover ??= pairCoverFrom(loadKnowledge(defaultKnowledgeDir()));
  return shippedCover;
}

/**
 * Whether pmo-guide's reply is right for the item. A comparison `[a, b]` is
 * right as a comparison of a and b, or as an answer by an entry covering both.
 */
export function replyIsRight(item: RealisticItem, reply: Judged, covers: PairCover = defaultCover()): boolean {
  // A greeting ("hello there") gets the bot's greeting, which is its small-talk reply too.
  const social = reply.kind === 'smalltalk' || reply.kind === 'greeting';
  if (item.expect === 'smalltalk') return social;
  if (mustDecline(item)) return !reply.matched && !social;
  if (Array.isArray(item.expect)) {
    const pair = item.expect as [string, string];
    const got = new Set(reply.intents ?? []);
    const compared = pair.every((id) => got.has(id)) && got.size === 2;
    return reply.matched && (compared || (reply.kind === 'answer' && covers(reply.intent, pair)));
  }
  return reply.matched && reply.kind === 'answer' && reply.intent === item.expect;
}

/**
 * Whether a baseline's single intent (null = declined) is right. It cannot
 * compare, so a comparison is right only the way ours may be with one entry:
 * an entry covering both sides.
 */
export function intentIsRight(item: RealisticItem, intent: string | null, covers: PairCover = defaultCover()): boolean {
  if (mustDecline(item)) return intent === null;
  if (Array.isArray(item.expect)) return covers(intent, item.expect as [string, string]);
  return intent === item.expect;
}

export const LANGS = ['ja', 'en'] as const;
const BUCKETS = ['in-scope', 'near-domain', 'out-of-scope', 'smalltalk'] as const;
type Bucket = (typeof BUCKETS)[number];

/**
 * Right / total per language and bucket and per language and kind. "general"
 * is the issue's "general out-of-scope declined": helpdesk questions and small
 * talk, right when no entry answers them (small talk also has its own, stricter
 * column: recognised as small talk).
 */
export class Tally {
  private readonly counts = new Map<string, [number, number]>();

  add(item: RealisticItem, right: boolean, declined = right): void {
    const keys = [`${item.lang}:${bucketOf(item)}`, `${item.lang}:kind:${item.kind}`, 'all'];
    this.count(keys, right);
    if (item.expect === 'out-of-scope' || item.expect === 'smalltalk') this.count([`${item.lang}:general`], declined);
  }

  private count(keys: readonly string[], right: boolean): void {
    for (const key of keys) {
      const [r, n] = this.counts.get(key) ?? [0, 0];
      this.counts.set(key, [r + (right ? 1 : 0), n + 1]);
    }
  }

  rate(key: string): number | undefined {
    const [r, n] = this.counts.get(key) ?? [0, 0];
    return n === 0 ? undefined : r / n;
  }

  /** Both languages together for a bucket. */
  bucket(bucket: Bucket | 'general'): number | undefined {
    const [ja, en] = LANGS.map((l) => this.counts.get(`${l}:${bucket}`) ?? [0, 0]);
    const n = (ja?.[1] ?? 0) + (en?.[1] ?? 0);
    return n === 0 ? undefined : ((ja?.[0] ?? 0) + (en?.[0] ?? 0)) / n;
  }
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

/** One row per matcher: in-scope per language, each kind of decline, overall, latency. */
export function realisticTable(rows: { name: string; tally: Tally; p50?: number; p99?: number }[]): string {
  const head =
    '| matcher | in-scope ja | in-scope en | general out-of-scope declined | near-domain declined | small talk recognised | overall | p50 ms | p99 ms |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n';
  const body = rows.map(({ name, tally, p50, p99 }) => {
    const cells = [
      name,
      pct(tally.rate('ja:in-scope')),
      pct(tally.rate('en:in-scope')),
      pct(tally.bucket('general')),
      pct(tally.bucket('near-domain')),
      pct(tally.bucket('smalltalk')),
      pct(tally.rate('all')),
      p50 === undefined ? '–' : p50.toFixed(3),
      p99 === undefined ? '–' : p99.toFixed(3),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return `${head}${body.join('\n')}\n`;
}

/** pmo-guide's rate per kind of message and language. */
export function kindTable(tally: Tally): string {
  const head = '| kind | ja | en |\n|---|---:|---:|\n';
  const body = KINDS.map((k) => `| ${k} | ${pct(tally.rate(`ja:kind:${k}`))} | ${pct(tally.rate(`en:kind:${k}`))} |`);
  return `${head}${body.join('\n')}\n`;
}
