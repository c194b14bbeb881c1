import type { Lang } from '../knowledge/schema.js';
import type { MatchTrace } from '../match/trace.js';
import { languageEvidence } from '../text/language.js';
import type { AnswerContext, Answered, AnswerRule, ConversationTopic, Decision } from './answer.js';

/** Why the reply's language is what it is. */
export type LanguageSource = 'forced' | 'text' | 'preference' | 'locale' | 'default';

export interface LanguageChoice {
  lang: Lang;
  source: LanguageSource;
}

/** Everything `ask --explain` and `why` show about one answer; `--json` prints it as is. */
export interface Explanation {
  question: string;
  language: LanguageChoice & { japaneseRuns: number; englishWords: number };
  normalized: MatchTrace['normalized'];
  prepared: MatchTrace['prepared'];
  corrections: MatchTrace['corrections'];
  synonyms: MatchTrace['synonyms'];
  features: MatchTrace['features'];
  /** The top 5, best first. */
  candidates: { intent: string; score: number }[];
  /** Best score minus the runner-up's. */
  margin: number;
  coverage: number;
  confidence: number;
  declinedByClass: boolean;
  outcome: 'answered' | 'comparison' | 'not-covered' | 'declined' | 'unclear' | 'smalltalk';
  rule: AnswerRule;
  detailWords: Decision['detailWords'];
  focus: string | null;
  /** The conversation's topic when the question was asked, and whether it shaped the answer. */
  context: { topic: string; details: string[]; used: Decision['followUp'] | null } | null;
  /** What the reply is about: its entries, or the topic a "not covered" speaks of. */
  reply: { kind: string; intents: string[]; topic: string | null };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const OUTCOME: Record<AnswerRule, Explanation['outcome']> = {
  smalltalk: 'smalltalk',
  comparison: 'comparison',
  'comparison-entry': 'answered',
  'unknown-term': 'not-covered',
  'detail-answered': 'answered',
  'detail-not-covered': 'not-covered',
  'detail-unplaced': 'not-covered',
  answered: 'answered',
  unclear: 'unclear',
  'out-of-scope': 'declined',
};

/** Lays out how `answered` came about; `question` is the text as the user sent it. */
export function explain(
  ctx: AnswerContext,
  question: string,
  language: LanguageChoice,
  answered: Answered,
  context: ConversationTopic | null,
): Explanation {
  const { match, reply } = answered;
  const decision: Decision = answered.decision ?? { rule: 'answered', detailWords: [] };
  const [best, second] = match.candidates;
  // What was matched: a follow-up with its topic's name put in, the asking sentence of a long message, or the whole.
  const matched = decision.followUp?.readAs ?? decision.focus ?? question;
  const trace = ctx.matcher.trace(matched, match.lang, best?.entryId);
  const evidence = languageEvidence(question);
  return {
    question,
    language: { ...language, japaneseRuns: evidence.japanese, englishWords: evidence.english },
    ...trace,
    candidates: match.candidates
      .slice(0, 5)
      .map((c) => ({ intent: c.entryId, score: round(c.score) }))
      .filter((c) => c.score > 0),
    margin: round((best?.score ?? 0) - (second?.score ?? 0)),
    coverage: round(match.coverage),
    confidence: round(match.confidence),
    declinedByClass: match.declined === true,
    outcome: OUTCOME[decision.rule],
    rule: decision.rule,
    detailWords: decision.detailWords,
    focus: decision.focus ?? null,
    context: context && { topic: context.entryId, details: context.details, used: decision.followUp ?? null },
    reply: {
      kind: reply.kind,
      intents: reply.intents ?? (reply.intent ? [reply.intent] : []),
      topic: reply.intent ?? answered.next?.entryId ?? null,
    },
  };
}
