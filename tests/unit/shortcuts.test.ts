import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SmallTalkFile } from '../../src/knowledge/schema.js';
import { isMixedLanguage } from '../../src/text/language.js';
import { asks, asksAboutWhatWasSaid, questionFocus, sentencesOf } from '../../src/understand/focus.js';
import { SmallTalk } from '../../src/understand/smalltalk.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * Shortcuts the answer path takes for speed must answer exactly as the full
 * computation: these references are that computation, with no shortcut.
 */
function fullQuestionFocus(text: string): string | undefined {
  const sentences = sentencesOf(text);
  if (sentences.length < 2) return undefined;
  const asking = sentences.filter(asks);
  if (asking.length === 0 || asking.length === sentences.length) return undefined;
  if (asking.some(asksAboutWhatWasSaid)) return undefined;
  return asking.join(' ');
}

function fullIsMixedLanguage(text: string): boolean {
  const folded = text.normalize('NFKC');
  if (!/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(folded)) return false;
  const acronyms = new Set(['pm', 'pmo', 'pmp', 'pmi', 'ipa', 'pjm', 'pjma', 'pmos', 'npmo', 'pmbok', 'dx', 'it']);
  return (folded.toLowerCase().match(/[a-z]{2,}/g) ?? []).some((w) => !acronyms.has(w));
}

// Sentence ends of both languages, spaces of every kind, words that ask and words that don't.
const message = fc
  .array(
    fc.constantFrom(
      'what',
      'is',
      'PMO',
      'ok',
      'that true',
      '.',
      '?',
      '!',
      '。',
      '？',
      ' ',
      '\n',
      '\t',
      'PMとは',
      'ｐｍｏ',
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));

describe('answer-path shortcuts', () => {
  it('a message with no sentence end before more text has no asking sentence to single out', () => {
    fc.assert(
      fc.property(message, (text) => {
        expect(questionFocus(text)).toBe(fullQuestionFocus(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('an ASCII message is never mixed-language', () => {
    fc.assert(
      fc.property(fc.oneof(message, fc.string({ maxLength: 20 })), (text) => {
        expect(isMixedLanguage(text)).toBe(fullIsMixedLanguage(text));
      }),
      { numRuns: 3000 },
    );
  });
});

// Small-talk words, stops of both languages, and characters folding joins or changes: combining and
// half-width voicing marks, a final sigma, hyphens, ™ (folds to letters), invisible and wide spaces.
const chatter = fc
  .array(
    fc.constantFrom(
      'thanks',
      'ok',
      'bye',
      'ありがとう',
      'よろしく',
      'PMs',
      'what is PMO',
      'ΑΣ',
      'ｶ',
      'ﾞ',
      '\u3099',
      'e\u0301',
      '?',
      '？',
      '!',
      '！',
      '。',
      '、',
      ',',
      '，',
      '.',
      '-',
      '™',
      '゛',
      '👍',
      ' ',
      '\u3000',
      '\n',
      '\u200b',
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('small talk opening a message', () => {
  const smallTalk = new SmallTalk(realKnowledge().smallTalk as SmallTalkFile);

  it('reads the opening exactly as detect() of the opening alone', () => {
    fc.assert(
      fc.property(chatter, (text) => {
        const trimmed = text.trim();
        const cut = trimmed.search(/[\p{P}\p{S}\p{Extended_Pictographic}]/u);
        if (cut <= 0) return;
        smallTalk.detect(trimmed); // as the answer path does first
        expect(smallTalk.openingKind(trimmed, cut)).toBe(smallTalk.detect(trimmed.slice(0, cut)));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds a short message opening with small talk exactly when detect() finds its opening to be', () => {
    fc.assert(
      fc.property(chatter, (text) => {
        const trimmed = text.trim();
        if (trimmed.length > 40) return; // what follows the opening then may be too long to be a remark
        const cut = trimmed.search(/[\p{P}\p{S}\p{Extended_Pictographic}]/u);
        const opening = cut > 0 ? smallTalk.detect(trimmed.slice(0, cut)) : undefined;
        expect(smallTalk.leading(text, () => true)).toBe(opening);
      }),
      { numRuns: 5000 },
    );
  });
});
