/**
 * foldCharacters() as first written, every pass on every text: NFKC, invisible
 * characters out, plural acronyms, lower case, long vowels and hyphens out.
 * The property tests hold every shortcut of src/text/normalize.ts to it.
 */
export function plainFold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Co}]/gu, '')
    .replace(/(?<![A-Za-z])([A-Z]{2,})s(?![A-Za-z])/g, '$1')
    .toLowerCase()
    .replace(/[\u002D\u2010-\u2015\u2212\u2E3A\u2E3B\u30FC\uFE58\uFE63\uFF0D\uFF70]/g, '');
}
