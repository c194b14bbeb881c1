import { normalize } from '../text/normalize.js';
import type { Segmenter } from '../text/segment.js';
import { features } from '../text/tokenize.js';
import { type IdfLookup, type SparseVector, termCounts, weigh } from './vectors.js';

/** Every step of reading one question, for `ask --explain` and `why`. */
export interface MatchTrace {
  /** After NFKC, case folding, filler removal. */
  normalized: string;
  /** After typo correction and glossary rewriting: what is matched. */
  prepared: string;
  corrections: { from: string; to: string }[];
  synonyms: { from: string; to: string }[];
  /** The question's terms that counted most towards the best entry (its share of the cosine), else the heaviest ones. */
  features: { term: string; weight: number }[];
}

export interface TraceSteps {
  restore: (normalized: string) => string;
  correct: (text: string, onCorrect: (from: string, to: string) => void) => string;
  rewrite: (text: string, onRewrite: (from: string, to: string) => void) => string;
  segmenter: Segmenter;
  idf: IdfLookup;
  /** The best entry's vector, when there is one. */
  entry: SparseVector | undefined;
}

const TOP_FEATURES = 8;
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The same steps as Matcher.prepareQuestion, with what each one changed. */
export function traceQuestion(text: string, steps: TraceSteps): MatchTrace {
  const normalized = normalize(text);
  const corrections: MatchTrace['corrections'] = [];
  const synonyms: MatchTrace['synonyms'] = [];
  const corrected = steps.correct(steps.restore(normalized), (from, to) => corrections.push({ from, to }));
  const prepared = steps.rewrite(corrected, (from, to) => synonyms.push({ from, to }));
  const query = weigh(termCounts(features(prepared, steps.segmenter)), steps.idf);
  const entry = steps.entry;
  const weights = [...query].map(([term, w]) => ({ term, weight: entry ? w * (entry.get(term) ?? 0) : w }));
  const top = weights
    .filter((f) => f.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, TOP_FEATURES)
    .map((f) => ({ term: f.term, weight: round(f.weight) }));
  return { normalized, prepared, corrections, synonyms, features: top };
}
