import { stemmer } from 'stemmer';
import { remember } from './memo.js';
import { foldKana, isPrintableAscii } from './normalize.js';
import type { Segment, Segmenter } from './segment.js';

/**
 * Turns normalized text into match features:
 * - word tokens from the segmenter (segment.ts: Japanese cut by the
 *   knowledge's own lexicon), kana-folded, English words stemmed;
 * - adjacent word pairs ("pmo+manager"), so compounds outweigh their parts;
 * - character bigrams of kanji/katakana runs, which still match when the
 *   segmenter cuts a term differently than in the knowledge. Hiragana runs
 *   are left out: they are mostly particles and endings, i.e. noise.
 */

const CONTENT_RUN = /[\p{Script=Han}\p{Script=Katakana}]+/gu;
const ASCII_WORD = /^[a-z]+$/;

// English function words and question scaffolding, then Japanese particles and
// auxiliaries (kana already folded to hiragana, long vowels dropped).
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    'a an the is are was be do does did i me my you your we our it its of to in on for and or at by with as',
    "what what's whats how who which why when where there this that can could should would will about any",
    'some so if than then get got tell know need want like just really exactly kind sort thing things',
    "someone one ones hi hey pls plz u ur im i'm",
    'の は が を に へ と で も や か な ね よ って とは です ます でしょう する して します した いる ある',
    'あります なに なん どう どんな どの どれ これ それ あれ この その こと もの ため よう けど から まで',
    'より だ ん じゃ ない なの',
    // Chat fillers: they say how someone talks, not what they ask; unknown to the
    // knowledge, they would only lower the share of the question it recognises.
    'basically actually literally honestly seriously pretty quite kinda sorta gonna wanna gotta nah yeah yep',
    'lol btw tbh imo rn ppl folks guys stuff wait anyway even maybe hmm uh um oh wondering curious',
    'ぶっちゃけ けっきょく 結局 なんか ちょっと 正直 じっさい 実際 要するに つまり ざっくり とりあえず まじ やっぱ やっぱり そもそも さ',
  ]
    .join(' ')
    .split(' '),
);

// Stemming costs more than the rest of a word's features; a bot meets the same few thousand words again and again.
const stems = new Map<string, string>();
const STEMS_LIMIT = 20_000;

/** English words lose their inflection ("skills" → "skill"); other tokens are kept as they are. */
function stem(token: string): string {
  if (token.length <= 3 || !ASCII_WORD.test(token)) return token;
  return remember(stems, STEMS_LIMIT, token, stemmer);
}

/** A segment's content word (kana-folded, English stemmed), or undefined for a space, a mark or a stop word. */
export function tokenOf({ folded, isWordLike }: Segment): string | undefined {
  return isWordLike && !STOP_WORDS.has(folded) ? stem(folded) : undefined;
}

/** Content words (kana-folded, stop words dropped), English ones stemmed. */
export function wordTokens(normalized: string, segmenter: Segmenter): string[] {
  const tokens: string[] = [];
  for (const segment of segmenter.segments(normalized)) {
    const token = tokenOf(segment);
    if (token !== undefined) tokens.push(token);
  }
  return tokens;
}

export function wordPairs(tokens: readonly string[]): string[] {
  return addWordPairs(tokens, []);
}

export function japaneseBigrams(normalized: string): string[] {
  return addJapaneseBigrams(normalized, []);
}

// The adders push onto one array: a question's features are built with no intermediate lists to collect.
function addWordPairs(tokens: readonly string[], out: string[]): string[] {
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}+${tokens[i + 1]}`);
  return out;
}

function addJapaneseBigrams(normalized: string, out: string[]): string[] {
  // An English question has no kanji or katakana: one cheap test instead of a Unicode-script match.
  if (isPrintableAscii(normalized)) return out;
  for (const run of normalized.match(CONTENT_RUN) ?? []) {
    // By code point, not UTF-16 unit: a rare kanji outside the BMP is one character.
    let previous: string | undefined;
    let count = 0;
    for (const char of foldKana(run)) {
      if (previous !== undefined) out.push(`~${previous}${char}`);
      previous = char;
      count++;
    }
    if (count === 1) out.push(`~${previous}`);
  }
  return out;
}

/** Every feature of a text; duplicates are kept as term frequency. */
export function features(normalized: string, segmenter: Segmenter): string[] {
  const words = wordTokens(normalized, segmenter);
  return addJapaneseBigrams(normalized, addWordPairs(words, words.slice()));
}
