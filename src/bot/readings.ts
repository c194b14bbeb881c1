import type { Lang } from '../knowledge/schema.js';
import type { MatchResult } from '../match/matcher.js';
import { TUNING } from '../match/tuning.js';
import { isMixedLanguage } from '../text/language.js';
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
  const listed = top && listedNear(ctx, top.entryId);
  if (!listed || ctx.understanding.topics.named(asking, lang).some((e) => e.category !== 'basics')) return match;
  if (choosesBetweenItsSides(ctx, top.entryId, text, lang)) return match;
  const context = contextOf(text);
  const byContext = context === undefined ? undefined : ctx.matcher.match(context, lang);
  const pick = byContext?.candidates[0];
  if (!byContext || !pick || byContext.declined) return match;
  if (byContext.confidence < TUNING.lowConfidence || !listed.includes(pick.entryId)) {
    const holder = context === undefined ? undefined : onlyHolder(ctx, context, listed);
    return holder ? pickEntry(match, holder, match.candidates[0]?.score ?? 0) : match;
  }
  return {
    ...pickEntry(match, pick.entryId, pick.score),
    confidence: Math.max(match.confidence, byContext.confidence),
  };
}

function pickEntry(match: MatchResult, entryId: string, score: number): MatchResult {
  const rest = match.candidates.filter((c) => c.entryId !== entryId);
  return { ...match, candidates: [{ entryId, score }, ...rest] };
}

/**
 * "I want to work with international clients. Which certification should I go for?":
 * the context names a detail (where it is recognised) that one listed entry alone holds.
 */
function onlyHolder(ctx: AnswerContext, context: string, listed: readonly string[]): string | undefined {
  const details = ctx.understanding.details.asked(context);
  if (details.length === 0) return undefined;
  const holders = listed.filter((id) => details.every((d) => ctx.understanding.details.covers(id, d.id)));
  return holders.length === 1 ? holders[0] : undefined;
}

/**
 * "I have to pick between a PM track and a PMO track… which one fits me?":
 * the message names both sides of what the best entry compares (PM vs PMO),
 * so the choice asked for is that comparison, not one side's aspect the context reads as.
 */
function choosesBetweenItsSides(ctx: AnswerContext, top: string, text: string, lang: Lang): boolean {
  const sides = ctx.kb.byId.get(top)?.compares;
  if (!sides) return false;
  const named = new Set(ctx.understanding.topics.named(text, lang).map((e) => e.id));
  return sides.every((id) => named.has(id));
}

/**
 * The most confident of the readings worth trying: the asking sentence of a
 * long message or the whole of it, and for a message mixing English and
 * Japanese, the other language's examples too (the reply keeps the user's language).
 */
export function bestMatch(
  ctx: AnswerContext,
  text: string,
  focus: string | undefined,
  lang: Lang,
  borrowed = false,
): MatchResult {
  const whole = ctx.matcher.match(text, lang);
  // "I lost my badge. What now?": the asking sentence alone says nothing; the whole says helpdesk.
  if (whole.declined) return whole;
  // "…stakeholders don't buy into my vision. Which skill should I work on?": an asking sentence
  // that borrowed its topic from the context says less than a fairly sure reading of the whole.
  const wholeSays = borrowed && whole.confidence >= TUNING.lowConfidence && !asksAnotherKind(ctx, focus, whole);
  const texts = focus && !wholeSays ? [focus, text] : [text];
  const mixed = isMixedLanguage(text);
  // 「progress managementってPMに必要?」 is also read as 「進捗管理ってPMに必要?」.
  const swapped = mixed ? texts.flatMap((t) => ctx.understanding.nameSwap.into(t, lang) ?? []) : [];
  texts.push(...swapped);
  const langs: Lang[] = mixed ? [lang, lang === 'ja' ? 'en' : 'ja'] : [lang];
  let best: MatchResult = whole;
  for (const t of texts) {
    for (const l of langs) {
      if (t === text && l === lang) continue;
      const m = ctx.matcher.match(t, l);
      if (m.confidence > best.confidence) best = m;
    }
  }
  return { ...best, lang };
}

/**
 * "I'm up for promotion to PM… What skills should I be building?" asks for skills
 * (an aspect word, details.yaml `aspects`): the whole message's career reading does not outweigh it.
 */
function asksAnotherKind(ctx: AnswerContext, focus: string | undefined, whole: MatchResult): boolean {
  const kinds = focus === undefined ? [] : ctx.understanding.topics.aspectsAsked(focus);
  const top = whole.candidates[0] && ctx.kb.byId.get(whole.candidates[0].entryId);
  return kinds.length > 0 && top !== undefined && !kinds.includes(top.category);
}

/**
 * What an entry lists (`related`), and what an overview it lists lists in turn:
 * "Which PMO job fits me?" reads as the PMO itself, whose role types are one step further.
 */
function listedNear(ctx: AnswerContext, id: string): string[] | undefined {
  const related = ctx.kb.byId.get(id)?.related;
  if (!related) return undefined;
  const further = related.flatMap((r) => (r.startsWith('overview-') ? (ctx.kb.byId.get(r)?.related ?? []) : []));
  return [...related, ...further];
}

/**
 * "I already have PJM-A. What should I aim for next?": a message that names
 * one topic with a usual next step (`next:`) and asks for the step after it
 * (details.yaml `progression`) is answered by that step, not by what the
 * person already has. A detail asked ("PJM-A's next exam date") is left to the detail rules.
 */
export function nextStepPick(ctx: AnswerContext, text: string, match: MatchResult, lang: Lang): MatchResult {
  const { progression, topics, details } = ctx.understanding;
  if (match.declined || !progression.has(text) || details.asked(text).length > 0) return match;
  // "I have PJM-A, what next as a PMO?": the broad role beside it only says for whom;
  // named alone ("after a few big projects, what's next for a PM?"), the role's own next step answers.
  const all = topics.named(text, lang);
  const specific = all.filter((e) => e.category !== 'basics');
  const named = specific.length > 0 ? specific : all;
  const next = named.length === 1 ? named[0]?.next : undefined;
  const nextEntry = next === undefined ? undefined : ctx.kb.byId.get(next);
  if (!next || !nextEntry) return match;
  // "level up in PMO certs" asks for a certification, not the PMO's next career step.
  const kinds = specific.length > 0 ? [] : topics.aspectsAsked(text);
  if (kinds.some((k) => k !== nextEntry.category)) return match;
  const had = named[0]?.id;
  const score = Math.max(...match.candidates.map((c) => c.score), 0);
  const rest = match.candidates.filter((c) => c.entryId !== next && c.entryId !== had);
  return { ...match, candidates: [{ entryId: next, score }, ...rest] };
}
