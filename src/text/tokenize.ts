/**
 * Turns normalized text into match features: word tokens from
 * Intl.Segmenter (which knows Japanese word boundaries without a dictionary
 * dependency) plus character bigrams of Japanese runs, which still match
 * when the segmenter splits folded kana differently than in the knowledge.
 */

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
const JAPANESE_RUN = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]+/gu;

// English function words and question scaffolding, then Japanese particles and
// auxiliaries (kana already folded to hiragana, long vowels dropped).
const STOP_WORDS = new Set(
  [
    'a an the is are was be do does did i me my you your we our it its of to in on for and or at by with as',
    "what what's whats how who which why when where there this that can could should would will about any",
    'some so if than then get got tell know need want like just really exactly kind sort thing things',
    "someone one ones hi hey pls plz u ur im i'm",
    'の は が を に へ と で も や か な ね よ って とは です ます でしょう する して します した いる ある',
    'あります なに なん どう どんな どの どれ これ それ あれ この その こと もの ため よう けど から まで',
    'より だ ん じゃ ない なの',
  ]
    .join(' ')
    .split(' '),
);

export function wordTokens(normalized: string): string[] {
  const tokens: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (isWordLike && !STOP_WORDS.has(segment)) tokens.push(segment);
  }
  return tokens;
}

export function japaneseBigrams(normalized: string): string[] {
  const grams: string[] = [];
  for (const run of normalized.match(JAPANESE_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) grams.push(`~${run}`);
    for (let i = 0; i + 1 < chars.length; i++) grams.push(`~${chars[i]}${chars[i + 1]}`);
  }
  return grams;
}

/** Word tokens and bigrams together; duplicates are kept as term frequency. */
export function features(normalized: string): string[] {
  return [...wordTokens(normalized), ...japaneseBigrams(normalized)];
}
