import type { Entry, Lang } from '../knowledge/schema.js';
import type { ReplyButton, ReplyRecipe } from '../reply.js';
import { answerSentences, openingOf } from '../understand/precise.js';

/**
 * The "English" / 「日本語」 button every answer, not-covered reply,
 * comparison and onboarding step carries. A language's own name is the same
 * in every knowledge base, so it lives here rather than in ui.yaml.
 */
export const LANGUAGE_NAMES: Record<Lang, string> = { ja: '日本語', en: 'English' };

export const otherLang = (lang: Lang): Lang => (lang === 'ja' ? 'en' : 'ja');

/** A button that shows the reply `recipe` describes in the other language, in place of this one. */
export function switchButton(recipe: ReplyRecipe, lang: Lang): ReplyButton {
  const to = otherLang(lang);
  return { label: LANGUAGE_NAMES[to], action: { type: 'switch', lang: to, recipe } };
}

/**
 * Where `short` sits among the entry's sentences; undefined when it is the
 * entry's opening (the default lead) or not one of its sentences.
 */
export function leadIndex(entry: Entry, lang: Lang, short: string): number | undefined {
  const sentences = answerSentences(entry[lang].answer);
  if (short === openingOf(sentences, entry[lang].title)) return undefined;
  const index = sentences.indexOf(short);
  return index > 0 ? index : undefined;
}

/**
 * The lead sentence at the same place in the other language's answer. The two
 * answers are translations of each other, so they mostly have as many
 * sentences; when they do not, the position is scaled.
 */
export function sentenceAt(entry: Entry, lang: Lang, sourceIndex: number): string {
  const target = answerSentences(entry[lang].answer);
  const sourceCount = answerSentences(entry[otherLang(lang)].answer).length;
  const opening = openingOf(target, entry[lang].title);
  if (sourceIndex <= 0 || target.length < 2) return opening;
  const index =
    sourceCount === target.length
      ? sourceIndex
      : Math.round((sourceIndex * (target.length - 1)) / Math.max(1, sourceCount - 1));
  return target[Math.min(index, target.length - 1)] ?? opening;
}
