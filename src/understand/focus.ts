/**
 * The question inside a long message. "来週から新しい案件に入ります。…PMとして
 * チームを作るとき最初に何を考えればいいですか?" is matched on its last
 * sentence; the preamble would otherwise drown it.
 */

const SENTENCE_END = /(?<=[。!?！？\n]|[.!?](?=\s))\s*/u;
// A sentence end with something after it: without one, a message is a single sentence and needs no split.
const MAY_HOLD_TWO_SENTENCES = /(?:[。!?！？\n]|[.!?](?=\s))\s*\S/u;
const QUESTION_MARK = /[?？]\s*$/u;
// Sentence shapes that ask something even without a question mark.
const JA_ASKING =
  /(か|の|教えて(ください|ほしい)?|知りたい(です)?|ですかね|かな|って|でしょうか|いい\??|べき\??)[。.]?$/u;
const EN_ASKING =
  /^(what|whats|what's|how|who|which|why|when|where|should|can|could|would|is|are|do|does|did|any|or|tell me|explain|i want to know|i'd like to know|i wonder)\b/i;

export function sentencesOf(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function asks(sentence: string): boolean {
  return QUESTION_MARK.test(sentence) || JA_ASKING.test(sentence) || EN_ASKING.test(sentence);
}

/** The asking sentences of a message of several sentences, or undefined when there is nothing to cut. */
export function questionFocus(text: string): string | undefined {
  if (!MAY_HOLD_TWO_SENTENCES.test(text)) return undefined;
  const sentences = sentencesOf(text);
  if (sentences.length < 2) return undefined;
  const asking = sentences.filter(asks);
  if (asking.length === 0 || asking.length === sentences.length) return undefined;
  // "…jobs will shrink because of AI. Is that true for PMs?" asks about what the context said.
  if (asking.some(asksAboutWhatWasSaid)) return undefined;
  return asking.join(' ');
}

const ABOUT_WHAT_WAS_SAID =
  /\b(is|was) (that|this|it) (true|right|correct|so|accurate)\b|\b(that|this|it) (true|right)\?|\bput (it|that|this) simply\b|\bwhat does (that|this|it) mean\b|\bhow would you (put|explain|say) (it|that|this)\b|(それって|それは|これって)(本当|ほんと|正しい)|どういう意味/iu;

/** "Is that true?", "How would you put it simply?", 「それって本当?」: the sentence asks about the message's other sentences. */
export function asksAboutWhatWasSaid(sentence: string): boolean {
  return ABOUT_WHAT_WAS_SAID.test(sentence);
}

/** The sentences of a message that do not ask: its context, or undefined when there is none or nothing else. */
export function contextOf(text: string): string | undefined {
  const sentences = sentencesOf(text);
  const context = sentences.filter((s) => !asks(s));
  if (context.length === 0 || context.length === sentences.length) return undefined;
  return context.join(' ');
}

const POINTS_BACK =
  /\b(that|this)\s+(role|job|position|one|track|path|cert|certification|exam)\b|(その|この)(職種|役割|ポジション|仕事|資格|試験)/iu;

/** "What does that role focus on?": the sentence points at one topic its context named (the last one). */
export function pointsBack(sentence: string): boolean {
  return POINTS_BACK.test(sentence);
}
