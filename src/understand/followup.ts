import type { KnowledgeBase } from '../knowledge/load.js';
import type { Detail, Entry, Lang } from '../knowledge/schema.js';
import { foldKana } from '../text/normalize.js';
import type { Segment } from '../text/segment.js';
import { foldPhrase, PhraseSet } from './phrases.js';
import type { Prepare, TopicNames } from './topics.js';

/**
 * How a message continues the conversation's topic. 「合格率は?」 after PMP
 * asks PMP's pass rate; "what about IPA?" after PMP's pass rate asks IPA's;
 * "and the manager?" after the PMO expert asks about the PMO manager; "how
 * about for a PMO?" after the PM career path asks the PMO career path. A
 * message naming a topic of its own keeps it: the context can only lend it
 * the question, never a topic.
 */
export type FollowUp =
  /** Read alone. */
  | { kind: 'none' }
  /** About the context's topic: a detail of it, or another angle ("who is it for?"). */
  | { kind: 'same-topic'; topic: Entry; details: Detail[] }
  /** The message's own topic, asked what the previous question asked ("PMPは?"). */
  | { kind: 'same-question'; topic: Entry; details: Detail[] }
  /** The neighbour the message points at: the next PMO role, the same aspect of the other role. */
  | { kind: 'sibling'; topic: Entry };

/** How the matcher read a message: confidently, not, as not about PM/PMO at all, or as helpdesk-type. */
export type ReadingQuality = 'clear' | 'unclear' | 'off-topic' | 'declined';

/** The message read alone, and read as if it had named the context's topic ("PMP 合格率は?"). */
export interface Readings {
  alone: ReadingQuality;
  contextual: ReadingQuality;
  /** The contextual reading's best entry. */
  contextualTop: string | undefined;
}

export interface FollowUpInput {
  text: string;
  lang: Lang;
  /** The conversation's topic and what was asked of it. */
  context: Entry;
  contextDetails: readonly Detail[];
  /** Topics the message names, and details it asks for. */
  named: readonly Entry[];
  details: readonly Detail[];
}

// What may surround a topic's name in a message that only switches topic:
// "what about", "and for the … exam", 「〜のほうは?」「〜だとどう?」. Anything else
// ("what does … do", 「〜って何?」) is a question of its own.
export const SWITCH_WORDS: ReadonlySet<string> = new Set(
  [
    'and so then ok okay what about how for the a an one same question case in of regarding too also exam test',
    'cert certification certificate side please as with or',
    'は の 方 ほう どう です か だ と なら 場合 ばあい じゃあ じゃ では それでは 同じ 質問 で も 試験 資格 なる',
    'について 場合は だったら たら ってどう 一方 こちら そちら 方は',
  ]
    .join(' ')
    .split(' ')
    .map(foldKana),
);

// Openings and pointers that lean on what was said before: "and …", "what about its …",
// 「それの…」, 「具体的には…」 (more about the same thing).
const EN_LEANING =
  /^(and|so|then|also|but|ok(ay)?|like|what about|how about|same)\b|\b(it|its|it's|that|this|they|them|their|those|these|he|she|his|her|exactly|specifically|for example)\b/i;
const JA_LEANING =
  /^(じゃあ|じゃ|では|で、|あと|ちなみに|それ|その|そっち|そちら|これ|この|あれ)|それ|その|そっち|具体的|たとえば|例えば|詳しく/u;

export class FollowUps {
  /** Per context entry: the short names of its neighbours ("manager" for the PMO manager, after the PMO expert). */
  private readonly partials = new Map<string, Record<Lang, { set: PhraseSet; ids: Map<string, string> }>>();

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly topics: TopicNames,
    private readonly prepare: Prepare,
    private readonly segments: (prepared: string) => readonly Segment[],
  ) {}

  /**
   * How the message relates to the context. A helpdesk-type message stays
   * declined unless naming the topic makes it a question about it ("試験日はいつ?"
   * reads like a helpdesk question alone, "IPA 試験日はいつ?" does not).
   */
  read(input: FollowUpInput, readings: Readings): FollowUp {
    const { named, details, context } = input;
    const refused = readings.contextual === 'declined' || readings.contextual === 'off-topic';
    if (named.length >= 2 || (readings.alone === 'declined' && refused)) return { kind: 'none' };
    const [own] = named;
    if (own) return own.id === context.id ? { kind: 'none' } : this.ownOrSibling(input, own);
    if (details.length > 0) return { kind: 'same-topic', topic: context, details: [...details] };
    const sibling = this.partialName(input);
    if (sibling) return { kind: 'sibling', topic: sibling };
    if (refused) return { kind: 'none' };
    return this.unnamed(input, readings);
  }

  /**
   * A message naming no topic and asking no detail. The context's topic is
   * taken when the question, given that topic, is about it; or when it points
   * back ("who is it for?") or cannot be read alone. A clear question of its
   * own ("what's the job outlook?") stays itself.
   */
  private unnamed(input: FollowUpInput, { alone, contextual, contextualTop }: Readings): FollowUp {
    const { context } = input;
    const aboutContext = contextual === 'clear' && contextualTop === context.id;
    if (aboutContext || ((leans(input.text, input.lang) || alone !== 'clear') && contextual !== 'clear')) {
      return { kind: 'same-topic', topic: context, details: [] };
    }
    const top = contextualTop ? this.kb.byId.get(contextualTop) : undefined;
    // Pointing back at the topic but asking about a neighbour of it: "and what's the career path?" after the PMO expert.
    if (top && leans(input.text, input.lang)) return { kind: 'sibling', topic: top };
    return { kind: 'none' };
  }

  /** "and the manager above them?" after the PMO admin names the PMO manager by the part it does not share: a sibling. */
  private ownOrSibling(input: FollowUpInput, own: Entry): FollowUp {
    const followUp = this.ownTopic(input, own);
    if (followUp.kind !== 'none' || input.details.length > 0) return followUp;
    return this.partialName(input)?.id === own.id ? { kind: 'sibling', topic: own } : followUp;
  }

  /**
   * A message naming its own topic. Only a bare switch ("what about IPA?")
   * borrows the previous question; a broad role named beside "it"
   * ("is it useful for PMO work too?") qualifies the context's topic instead.
   */
  private ownTopic(input: FollowUpInput, own: Entry): FollowUp {
    const { context, contextDetails, details, text, lang } = input;
    if (details.length > 0) return { kind: 'none' };
    const bare = this.onlySwitchWords(text, lang);
    if (bare && contextDetails.length > 0) return { kind: 'same-question', topic: own, details: [...contextDetails] };
    const aspect = own.category === 'basics' ? this.aspectSibling(context, own) : undefined;
    if (aspect && bare) return { kind: 'sibling', topic: aspect };
    if (own.category === 'basics' && context.category !== 'basics' && !bare && leans(text, lang)) {
      return { kind: 'same-topic', topic: context, details: [] };
    }
    return { kind: 'none' };
  }

  /** The entry that is to `role` what the context is to its own role (career-pm → career-pmo). */
  private aspectSibling(context: Entry, role: Entry): Entry | undefined {
    if (!context.about || context.about === role.id) return undefined;
    return this.kb.entries.find((e) => e.about === role.id && e.category === context.category);
  }

  /** Whether the message is a topic's name and nothing but switching words. */
  private onlySwitchWords(text: string, lang: Lang): boolean {
    const rest = this.topics.withoutNames(this.prepare(text, lang), lang);
    return this.segments(rest).every((s) => !s.isWordLike || SWITCH_WORDS.has(s.folded));
  }

  /** "and the manager?" after the PMO expert: a neighbour's name less what it shares with the context's names. */
  private partialName({ text, lang, context }: FollowUpInput): Entry | undefined {
    const { set, ids } = this.partialsOf(context)[lang];
    const [hit] = set.find(this.prepare(text, lang));
    const id = hit === undefined ? undefined : ids.get(hit);
    return id ? this.kb.byId.get(id) : undefined;
  }

  private partialsOf(context: Entry): Record<Lang, { set: PhraseSet; ids: Map<string, string> }> {
    let cached = this.partials.get(context.id);
    if (!cached) {
      cached = { ja: this.buildPartials(context, 'ja'), en: this.buildPartials(context, 'en') };
      this.partials.set(context.id, cached);
    }
    return cached;
  }

  private buildPartials(context: Entry, lang: Lang): { set: PhraseSet; ids: Map<string, string> } {
    const shared = new Set(context.names.flatMap((n) => partsOf(this.prepare(n, lang))));
    const neighbours = this.kb.entries.filter(
      (e) => e.id !== context.id && (e.category === context.category || context.related.includes(e.id)),
    );
    const ids = new Map<string, string>();
    for (const entry of neighbours) {
      for (const name of entry.names) {
        const parts = partsOf(this.prepare(name, lang));
        const rest = parts.filter((p) => !shared.has(p)).join(' ');
        const key = foldPhrase(rest);
        if (rest.length >= 3 && rest.length < parts.join(' ').length && !ids.has(key)) ids.set(key, entry.id);
      }
    }
    return { set: new PhraseSet([...ids.keys()]), ids };
  }
}

/** A name's words, with a script change as a word break too ("pmoマネジャ" → pmo, マネジャ). */
function partsOf(prepared: string): string[] {
  return prepared
    .split(/\s+|(?<=[a-z0-9])(?=[^\sa-z0-9])|(?<=[^\sa-z0-9])(?=[a-z0-9])/u)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The message points back at what was said ("it", 「それ」, "and …", 「具体的には」). */
function leans(text: string, lang: Lang): boolean {
  return lang === 'ja' ? JA_LEANING.test(text.normalize('NFKC')) : EN_LEANING.test(text.normalize('NFKC'));
}
