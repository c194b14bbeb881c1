import { describe, expect, it } from 'vitest';
import { decideLanguage, detectLanguage, languageFromLocale } from '../../src/text/language.js';

describe('language detection', () => {
  it.each([
    ['PMとPMOの違いは?', 'ja'],
    ['ＰＭＯ', undefined],
    ['ﾌﾟﾛﾏﾈ', 'ja'],
    ['資格', 'ja'],
    ['what does a PMO expert do?', 'en'],
    ['PMP?', undefined],
    ['cert pmp', undefined],
    ['', undefined],
    ['😀', undefined],
  ] as const)('%j → %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('lets the text win over the platform locale', () => {
    expect(decideLanguage({ text: 'PMPとは', locale: 'en-US' })).toBe('ja');
    expect(decideLanguage({ text: 'what is PMP', locale: 'ja-JP' })).toBe('en');
  });

  it('uses the locale when the text could be either language', () => {
    expect(decideLanguage({ text: 'PMP?', locale: 'ja-JP' })).toBe('ja');
    expect(decideLanguage({ text: 'PMP?', locale: 'en_GB' })).toBe('en');
  });

  it('lets an explicit choice override everything', () => {
    expect(decideLanguage({ text: 'PMPとは', force: 'en', locale: 'ja' })).toBe('en');
  });

  it('ignores unsupported locales', () => {
    expect(languageFromLocale('fr-FR')).toBeUndefined();
    expect(decideLanguage({ text: 'PMP', locale: 'fr-FR' })).toBe('en');
  });
});
