import type { Lang } from '../knowledge/schema.js';
import type { Reply, ReplyRecipe } from '../reply.js';
import { type AnswerContext, entryReply } from './answer.js';
import { withTopicLine } from './in-context.js';
import { sentenceAt } from './language-switch.js';
import { notCoveredDetail, notCoveredTerm, notCoveredUnplaced, sideBySide } from './special-replies.js';

/**
 * A reply drawn again from its recipe, in `lang`: the language switch. The
 * knowledge has every entry in both languages, so only the lead sentence
 * needs care: the one holding the asked detail, else the one at the same place.
 * Undefined for recipes the Bot handles itself (onboarding, commands) and
 * for entries the knowledge no longer has.
 */
export function redraw(ctx: AnswerContext, recipe: ReplyRecipe, lang: Lang): Reply | undefined {
  const reply = draw(ctx, recipe, lang);
  if (!reply) return undefined;
  const context = 'context' in recipe && recipe.context ? ctx.kb.byId.get(recipe.context) : undefined;
  return context ? withTopicLine(ctx, reply, context) : reply;
}

function draw(ctx: AnswerContext, recipe: ReplyRecipe, lang: Lang): Reply | undefined {
  switch (recipe.kind) {
    case 'entry':
      return entryFrom(ctx, recipe, lang);
    case 'comparison': {
      const [a, b] = recipe.sides.map((id) => ctx.kb.byId.get(id));
      if (!a || !b) return undefined;
      return sideBySide(
        ctx,
        [a, b],
        [sentenceAt(a, lang, recipe.leads[0]), sentenceAt(b, lang, recipe.leads[1])],
        lang,
      );
    }
    case 'not-covered':
      return notCoveredFrom(ctx, recipe, lang);
    default:
      return undefined;
  }
}

function entryFrom(ctx: AnswerContext, recipe: Extract<ReplyRecipe, { kind: 'entry' }>, lang: Lang): Reply | undefined {
  const entry = ctx.kb.byId.get(recipe.entryId);
  if (!entry) return undefined;
  const details = (recipe.details ?? []).flatMap((id) => ctx.understanding.details.byId(id) ?? []);
  // A detail's sentence is found by its evidence in either language; a position only approximately.
  const short =
    details.length > 0 ? ctx.understanding.short(entry, lang, '', details) : sentenceAt(entry, lang, recipe.lead ?? 0);
  const also = (recipe.also ?? []).filter((id) => ctx.kb.byId.has(id));
  return entryReply(ctx, entry, lang, recipe.confidence, { also, short, details });
}

function notCoveredFrom(
  ctx: AnswerContext,
  recipe: Extract<ReplyRecipe, { kind: 'not-covered' }>,
  lang: Lang,
): Reply | undefined {
  const topic = recipe.topic ? ctx.kb.byId.get(recipe.topic) : undefined;
  const detail = recipe.detail ? ctx.understanding.details.byId(recipe.detail) : undefined;
  if (topic && detail) return notCoveredDetail(ctx, topic, detail, lang, 0);
  if (detail) return notCoveredUnplaced(ctx, detail, lang, 0);
  return recipe.term ? notCoveredTerm(ctx, recipe.term, lang, 0) : undefined;
}
