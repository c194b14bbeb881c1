import type { Category, Lang } from '../knowledge/schema.js';
import type { Reply, ReplyButton } from '../reply.js';
import { type AnswerContext, askButton, entryReply, round } from './answer.js';

/** One category of what the bot knows: its title and a button per entry, ready to render. */
export interface CatalogSection {
  category: Category;
  title: string;
  entries: ReplyButton[];
}

/** What the bot knows, by category (App Home, the first screen of a search box). */
export function catalogOf(ctx: AnswerContext, lang: Lang): CatalogSection[] {
  // ui.yaml's categories, in their order: an organisation's own category shows up with no code change.
  return Object.entries(ctx.kb.ui.categories).map(([category, title]) => ({
    category,
    title: title[lang],
    entries: ctx.kb.entries.filter((e) => e.category === category).map((e) => askButton(e, lang)),
  }));
}

/** One knowledge entry as an answer, drawn whole; undefined when the knowledge no longer has it. */
export function entryById(ctx: AnswerContext, entryId: string, lang: Lang): Reply | undefined {
  const entry = ctx.kb.byId.get(entryId);
  return entry && entryReply(ctx, entry, lang, 1);
}

/**
 * Ranked answers for a search box (Teams message extension): no fallback,
 * best few first. Before anything is typed, the first entry of each
 * category gives a useful first screen.
 */
export function searchEntries(ctx: AnswerContext, query: string, lang: Lang, limit: number): Reply[] {
  if (!query.trim()) {
    const categories = Object.keys(ctx.kb.ui.categories);
    const firsts = categories.flatMap((category) => ctx.kb.entries.find((e) => e.category === category) ?? []);
    return firsts.slice(0, limit).map((entry) => entryReply(ctx, entry, lang, 1));
  }
  const match = ctx.matcher.match(query, lang);
  return match.candidates.slice(0, limit).flatMap((c) => {
    const entry = ctx.kb.byId.get(c.entryId);
    return entry ? [entryReply(ctx, entry, lang, round(c.score))] : [];
  });
}
