import type { Lang } from '../knowledge/schema.js';
import { isPrintableAscii } from './normalize.js';
import { plainCode } from './one-pass-fold.js';

const JAPANESE_SCRIPT = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const LATIN_WORD = /[a-z]{2,}/g;

/**
 * Acronyms and command words that English and Japanese speakers type alike.
 * A message made only of these ("PMP?", "cert pmp") does not tell us the
 * speaker's language, so the platform locale decides instead.
 */
const SHARED_WORDS = new Set([
  'pm',
  'pmo',
  'pmp',
  'pmi',
  'ipa',
  'pjm',
  'pjma',
  'pmos',
  'npmo',
  'pmbok',
  'dx',
  'it',
  'ok',
  'cert',
  'certs',
  'role',
  'roles',
  'skill',
  'skills',
  'career',
  'onboard',
  'help',
  'stats',
  'admin',
  'expert',
  'manager',
  'status',
  'restart',
]);

// Runs of one Japanese script: a particle, a kanji compound, a katakana term each count as one "word".
const JAPANESE_RUN = /\p{Script=Hiragana}+|\p{Script=Katakana}+|\p{Script=Han}+/gu;

function englishWords(folded: string): string[] {
  return (folded.toLowerCase().match(LATIN_WORD) ?? []).filter((w) => !SHARED_WORDS.has(w));
}

/** What the language decision weighed: Japanese script runs and English words (shared acronyms not counted). */
export function languageEvidence(text: string): { japanese: number; english: number } {
  const folded = text.normalize('NFKC');
  return { japanese: folded.match(JAPANESE_RUN)?.length ?? 0, english: englishWords(folded).length };
}

/**
 * The language the text itself shows, or undefined when it could be either.
 * A mixed message goes to the language carrying more of it: 「PMO managerの
 * roleって?」 is Japanese (its grammar is), "what is the PMOスペシャリスト
 * cert?" is English (one Japanese term in an English sentence).
 */
export function detectLanguage(text: string): Lang | undefined {
  const folded = text.normalize('NFKC');
  const english = englishWords(folded).length;
  if (JAPANESE_SCRIPT.test(folded)) {
    const japanese = folded.match(JAPANESE_RUN)?.length ?? 0;
    return japanese >= english ? 'ja' : 'en';
  }
  return english > 0 ? 'en' : undefined;
}

// Names both languages write in Latin letters; "PMOとは" is not a mixed-language message.
const ACRONYMS = new Set(['pm', 'pmo', 'pmp', 'pmi', 'ipa', 'pjm', 'pjma', 'pmos', 'npmo', 'pmbok', 'dx', 'it']);

/** Japanese script and English words in one message: worth reading against both languages' examples. */
export function isMixedLanguage(text: string): boolean {
  // Printable ASCII is its own NFKC form and holds no Japanese: most English questions stop here.
  if (isPrintableAscii(text)) return false;
  const plain = mixedInOneWalk(text);
  if (plain !== undefined) return plain;
  const folded = text.normalize('NFKC');
  if (!JAPANESE_SCRIPT.test(folded)) return false;
  return (folded.toLowerCase().match(LATIN_WORD) ?? []).some((w) => !ACRONYMS.has(w));
}

/** The longest of ACRONYMS: a longer word is English. */
const LONGEST_ACRONYM = 5;

/**
 * isMixedLanguage() of text of plain characters (one-pass-fold.ts), in one walk with no NFKC,
 * lower-casing or word list; undefined for any other text. Each run of Latin letters (full-width
 * ones as NFKC makes them) is a word.
 */
function mixedInOneWalk(text: string): boolean | undefined {
  let japanese = false;
  let english = false;
  let wordStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? plainCode(text.charCodeAt(i)) : 0;
    if (code < 0) return undefined;
    if (isLatinLetter(code)) {
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0 && i - wordStart >= 2) english ||= !isAcronym(text, wordStart, i);
    wordStart = -1;
    // Kana and kanji; ・ and ー are of no script.
    japanese ||= code >= 0x3041 && code !== 0x30fb && code !== 0x30fc;
  }
  return japanese && english;
}

const isLatinLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

function isAcronym(text: string, start: number, end: number): boolean {
  if (end - start > LONGEST_ACRONYM) return false;
  let word = '';
  for (let i = start; i < end; i++) word += String.fromCharCode(plainCode(text.charCodeAt(i)) | 0x20);
  return ACRONYMS.has(word);
}

/** Maps a platform locale ("ja-JP", "en_US", "ja") to a supported language. */
export function languageFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const primary = locale.toLowerCase().split(/[-_]/)[0];
  if (primary === 'ja') return 'ja';
  if (primary === 'en') return 'en';
  return undefined;
}

export interface LanguageInputs {
  text: string;
  /** An explicit choice (CLI --lang) that always wins. */
  force?: Lang | undefined;
  /** The platform's locale, used when the text does not decide. */
  locale?: string | undefined;
  fallback?: Lang;
}

export function decideLanguage({ text, force, locale, fallback = 'en' }: LanguageInputs): Lang {
  return force ?? detectLanguage(text) ?? languageFromLocale(locale) ?? fallback;
}
