import type { KnowledgeBase } from '../knowledge/load.js';
import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import type { Matcher } from '../match/matcher.js';
import { PhraseGroup } from '../text/phrase-group.js';
import { DetailCatalog } from './details.js';
import { FollowUps } from './followup.js';
import { NameSwap } from './name-swap.js';
import { PhraseSet } from './phrases.js';
import { answerSentences, openingOf, shortAnswer } from './precise.js';
import { SmallTalk } from './smalltalk.js';
import { TopicNames } from './topics.js';

/**
 * Everything the bot reads in a question besides "which entry": the details
 * it asks for, the topics it names, comparisons, small talk, and which
 * sentence of an entry answers it. Built once per knowledge base.
 */
export class Understanding {
  readonly details: DetailCatalog;
  readonly topics: TopicNames;
  readonly smallTalk: SmallTalk | undefined;
  readonly followUps: FollowUps;
  /** Words asking for advice or a choice ("which role would suit me", 「向いてる」), from details.yaml. */
  readonly advice: PhraseSet;
  /** Words asking for the step after a named topic ("what next", 「次に目指す」), from details.yaml. */
  readonly progression: PhraseSet;
  /** Topic names put into the message's own language, for a message mixing the two. */
  readonly nameSwap: NameSwap;

  constructor(
    kb: KnowledgeBase,
    private readonly matcher: Matcher,
  ) {
    // The lists every message is asked about, scanned for together.
    const group = new PhraseGroup();
    this.details = new DetailCatalog(kb, group);
    const prepare = (text: string, lang: Lang) => matcher.prepareQuestion(text, lang);
    this.topics = new TopicNames(kb, prepare, group, (text, lang) => matcher.foldedQuestion(text, lang));
    this.smallTalk = kb.smallTalk && new SmallTalk(kb.smallTalk, group);
    this.followUps = new FollowUps(kb, this.topics, prepare, (prepared) => matcher.segments(prepared));
    this.nameSwap = new NameSwap(kb.entries);
    const advice = kb.details?.advice;
    this.advice = new PhraseSet(advice ? [...advice.ja, ...advice.en] : [], group);
    const progression = kb.details?.progression;
    this.progression = new PhraseSet(progression ? [...progression.ja, ...progression.en] : [], group);
  }

  /** The entry's first sentence: the short answer to a general question about it. */
  opening(entry: Entry, lang: Lang): string {
    return openingOf(answerSentences(entry[lang].answer), entry[lang].title);
  }

  /** The sentence of the entry that answers this question; `names` are left out of the comparison. */
  short(entry: Entry, lang: Lang, question: string, details: readonly Detail[], names: readonly string[] = []): string {
    return shortAnswer({
      entry,
      lang,
      question,
      details,
      score: (q, sentences) => this.matcher.sentenceScores(q, lang, sentences, names),
      holds: (detailId, sentence) => this.details.holds(detailId, sentence),
    });
  }
}
