import type { KnowledgeBase } from '../knowledge/load.js';
import { nameTexts } from '../knowledge/names.js';
import type { Entry, Lang } from '../knowledge/schema.js';
import { type KatakanaRestorer, katakanaReadings, katakanaRestorer } from '../text/katakana.js';
import { type Lexicon, learnLexicon } from '../text/lexicon.js';
import { normalize } from '../text/normalize.js';
import { Segmenter } from '../text/segment.js';
import { synonymRewriter, synonymTable } from '../text/synonyms.js';
import { features, STOP_WORDS } from '../text/tokenize.js';
import { SWITCH_WORDS } from '../understand/followup.js';
import { SoftmaxClassifier } from './classifier.js';
import { FeatureIds } from './feature-ids.js';
import { ExampleIndex } from './postings.js';
import type { LanguageState, MatcherState, TypoState } from './state.js';
import { TypoCorrector } from './typos.js';
import { inverseDocumentFrequency, type SparseVector, termCounts, weigh } from './vectors.js';
import { type QueryRows, Vocabulary } from './vocabulary.js';

/**
 * What a matcher derives from the knowledge (vocabulary, postings,
 * classifier, typo index), built from the entries or restored from the
 * prebuilt index: the costly part of start-up, apart from answering.
 */

/** The pseudo-entry trained on knowledge/out-of-scope.yaml; never answered, only declined. */
export const OUT_OF_SCOPE = '~out-of-scope';

export interface LanguageIndex {
  /** Every term with a row: IDF, "the real entries use it" (coverage), postings and classifier rows by row. */
  vocabulary: Vocabulary;
  /** A question's features read as vocabulary rows. */
  featureIds: FeatureIds;
  examples: ExampleIndex;
  entryVectors: Map<string, SparseVector>;
  /** The entry vectors as postings: a question's dot product with every entry in one pass over its terms. */
  entryBags: ExampleIndex;
  /** Terms in the smallest entry vector: a query up to this size is never the larger side of `cosine`. */
  smallestBag: number;
  entryIds: string[];
  classifier: SoftmaxClassifier;
  sentenceCache: Map<string, QueryRows>;
}

/** What a matcher derives from the knowledge: built here, or read from the prebuilt index (src/knowledge/cache.ts). */
export function buildMatcherState(kb: KnowledgeBase): MatcherState {
  const synonyms = synonymTable(kb.glossary);
  const katakana = katakanaReadings(knowledgeTexts(kb));
  const rewrite = synonymRewriter(synonyms);
  const lexicon = knowledgeLexicon(kb, rewrite);
  const reading: Reading = {
    prepare: (text: string) => rewrite(normalize(text)),
    rewrite,
    restoreKatakana: katakanaRestorer(katakana),
    segmenter: new Segmenter(lexicon),
  };
  const ja = buildState(kb, 'ja', reading);
  const en = buildState(kb, 'en', reading);
  const names = { ja: preparedNames(kb, ja.typos, reading), en: preparedNames(kb, en.typos, reading) };
  return { ja, en, lexicon, reading: { katakana, synonyms, names } };
}

/** Each name text as Matcher.prepareQuestion reads it in the language of `typos`. */
function preparedNames(kb: KnowledgeBase, typos: TypoState, reading: Reading): Map<string, string> {
  const corrector = TypoCorrector.fromState(typos, reading.segmenter);
  const prepare = (name: string) => reading.rewrite(corrector.correctText(reading.restoreKatakana(normalize(name))));
  return new Map(nameTexts(kb).map((name) => [name, prepare(name)]));
}

/** How the knowledge's texts are read, as questions will be. */
interface Reading {
  prepare: (text: string) => string;
  rewrite: (normalized: string) => string;
  restoreKatakana: KatakanaRestorer;
  segmenter: Segmenter;
}

/**
 * The segmenter's words, from the knowledge's texts in the forms questions
 * reach it: normalized (typo correction) and glossary-rewritten (features).
 */
function knowledgeLexicon(kb: KnowledgeBase, rewrite: (normalized: string) => string): Lexicon {
  const texts = knowledgeTexts(kb).flatMap((text) => [normalize(text), rewrite(normalize(text))]);
  const terms = new Set(kb.glossary.synonyms.map((s) => normalize(s.canonical)));
  return learnLexicon(texts, terms, [...STOP_WORDS, ...SWITCH_WORDS]);
}

/**
 * Every start reads the topic names, in all their spellings, as questions
 * (understand/topics.ts), and each unknown word in them costs a fuse search:
 * done once here, so the corrections travel in the state (and the prebuilt
 * index) instead.
 */
function correctedNames(kb: KnowledgeBase, typos: TypoCorrector, { restoreKatakana }: Reading): TypoCorrector {
  for (const name of nameTexts(kb)) typos.correctText(restoreKatakana(normalize(name)));
  return typos;
}

function buildState(kb: KnowledgeBase, lang: Lang, reading: Reading): LanguageState {
  const { prepare, segmenter } = reading;
  const featuresOf = (prepared: string) => features(prepared, segmenter);
  // Features are computed once per text: segmentation is a costly part of start-up.
  const perEntry = kb.entries.map((entry) => ({
    id: entry.id,
    examples: searchableTexts(entry, lang).map((t) => featuresOf(prepare(t))),
    answer: sentences(prepare(entry[lang].answer)).map(featuresOf),
  }));
  const domain = new Set(perEntry.flatMap(({ examples, answer }) => [...examples, ...answer].flat()));
  const declines = kb.outOfScope?.[lang] ?? [];
  if (declines.length > 0) {
    perEntry.push({ id: OUT_OF_SCOPE, examples: declines.map((t) => featuresOf(prepare(t))), answer: [] });
  }
  const bags = perEntry.map(({ examples, answer }) => termCounts([...examples, ...answer].flat()));
  const idf = inverseDocumentFrequency(bags);
  const vocabulary = Vocabulary.build(idf, domain);
  const vectorOf = (f: string[]) => weigh(termCounts(f), idf);
  const entryVectors = new Map(perEntry.map(({ id }, i) => [id, weigh(bags[i] ?? new Map(), idf)]));
  const training = perEntry.flatMap(({ examples, answer }, label) =>
    [...examples, ...answer].map((f) => ({ label, features: vectorOf(f) })),
  );
  const postings = (examples: { entry: number; vector: SparseVector }[]) =>
    ExampleIndex.build(examples, perEntry.length, vocabulary).toState();
  return {
    vocabulary: vocabulary.toState(),
    featureIds: new FeatureIds(vocabulary.rowOf).state(),
    entryIds: perEntry.map(({ id }) => id),
    classifier: SoftmaxClassifier.train(perEntry.length, training).state(vocabulary),
    examples: postings(
      perEntry.flatMap(({ examples }, entry) => examples.map((f) => ({ entry, vector: vectorOf(f) }))),
    ),
    // Entry vectors in entry order: the entry index of each is its place.
    entryBags: postings([...entryVectors.values()].map((vector, entry) => ({ entry, vector }))),
    entryVectors,
    typos: correctedNames(
      kb,
      new TypoCorrector(
        [
          ...kb.entries.flatMap((e) => [...searchableTexts(e, lang), e[lang].answer].map(normalize)),
          ...kb.glossary.synonyms.flatMap((s) => [s.canonical, ...s.variants].map(normalize)),
        ],
        segmenter,
      ),
      reading,
    ).state(),
  };
}

/** A language's index from its state: a fresh build and a prebuilt one go through here alike, with no rebuilding. */
export function restoreIndex(state: LanguageState): LanguageIndex {
  const { entryIds, entryVectors } = state;
  const vocabulary = Vocabulary.fromState(state.vocabulary);
  return {
    entryIds,
    sentenceCache: new Map(),
    classifier: SoftmaxClassifier.fromState(state.classifier),
    vocabulary,
    featureIds: new FeatureIds(vocabulary.rowOf, state.featureIds),
    examples: ExampleIndex.fromState(state.examples, entryIds.length),
    entryVectors,
    entryBags: ExampleIndex.fromState(state.entryBags, entryIds.length),
    smallestBag: Math.min(...[...entryVectors.values()].map((v) => v.size)),
  };
}

/**
 * The "examples" an entry is compared against one by one. Keywords form one
 * example together: a generic keyword alone ("PM") would otherwise be a
 * perfect match for any one-word question in every entry that lists it.
 */
function searchableTexts(entry: Entry, lang: Lang): string[] {
  const side = entry[lang];
  return [side.title, ...side.questions, side.keywords.join(' ')];
}

/** Every text of the knowledge in both languages, glossary included: the vocabulary questions may use. */
export function knowledgeTexts(kb: KnowledgeBase): string[] {
  return [
    ...kb.entries.flatMap((e) => [...searchableTexts(e, 'ja'), e.ja.answer, ...searchableTexts(e, 'en')]),
    ...kb.glossary.synonyms.flatMap((s) => [s.canonical, ...s.variants]),
  ];
}

function sentences(text: string): string[] {
  return text.split(/\n|(?<=[.。!?！？])\s*/).filter((s) => s.trim().length > 0);
}
