import type { Lang } from '../knowledge/schema.js';
import type { MatchResult } from '../match/matcher.js';
import { TUNING } from '../match/tuning.js';
import { contextOf } from '../understand/focus.js';
import type { AnswerContext } from './answer.js';

/**
 * "I'm good at Excel and analysing numbers. Which PMO role would suit me
 * best?": the asking sentence asks for advice and names no topic of its own,
 * so it is matched to a broad entry (the PMO role types), while the context
 * says which of that entry's own topics (`related`) the person means. A
 * confident reading of the context that is one of them answers instead.
 */
export function contextPick(
  ctx: AnswerContext,
  text: string,
  asking: string | undefined,
  match: MatchResult,
  lang: Lang,
): MatchResult {
  if (!asking || match.declined || !ctx.understanding.advice.has(asking)) return match;
  const top = match.candidates[0];
  const listed = top && ctx.kb.byId.get(top.entryId)?.related;
  if (!listed || ctx.understanding.topics.named(asking, lang).some((e) => e.category !== 'basics')) return match;
  const context = contextOf(text);
  const byContext = context === undefined ? undefined : ctx.matcher.match(context, lang);
  const pick = byContext?.candidates[0];
  if (!byContext || !pick || byContext.declined || byContext.confidence < TUNING.lowConfidence) return match;
  if (!listed.includes(pick.entryId)) return match;
  const rest = match.candidates.filter((c) => c.entryId !== pick.entryId);
  return { ...match, candidates: [pick, ...rest], confidence: Math.max(match.confidence, byContext.confidence) };
}
