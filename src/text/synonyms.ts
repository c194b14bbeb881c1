import type { Glossary } from '../knowledge/schema.js';
import { foldKana, normalize, singleSpaced } from './normalize.js';
import { PhraseTrie } from './phrase-trie.js';

/** `onRewrite` hears every variant replaced (`why` lists them). */
export type SynonymRewriter = (normalized: string, onRewrite?: (variant: string, canonical: string) => void) => string;

const ASCII_ONLY = /^[\x20-\x7e]+$/;

/**
 * Builds one rewriter from the glossary: every variant (normalized the same
 * way as questions) becomes its canonical term, longest variant first so
 * プロジェクトマネージャー wins over マネージャー. Latin variants only match
 * whole words, so "admin" does not fire inside "administrator".
 */
export function buildSynonymRewriter(glossary: Glossary): SynonymRewriter {
  return synonymRewriter(synonymTable(glossary));
}

/** Each variant's canonical term, both normalized, in the glossary's order (the first listing of a variant wins). */
export function synonymTable(glossary: Glossary): Map<string, string> {
  const canonicalOf = new Map<string, string>();
  for (const { canonical, variants } of glossary.synonyms) {
    const target = normalize(canonical);
    for (const variant of variants) {
      // The hiragana spelling too: someone may type えきすぱーと for エキスパート.
      for (const key of new Set([normalize(variant), foldKana(normalize(variant))])) {
        if (key && key !== target && !canonicalOf.has(key)) canonicalOf.set(key, target);
      }
    }
  }
  return canonicalOf;
}

/** The rewriter of synonymTable(), which the prebuilt index keeps (normalizing every variant costs a start-up). */
export function synonymRewriter(canonicalOf: ReadonlyMap<string, string>): SynonymRewriter {
  if (canonicalOf.size === 0) return (s) => s;
  const variants = new PhraseTrie(
    [...canonicalOf.keys()].map((v) => ({ text: v, head: ASCII_ONLY.test(v), tail: ASCII_ONLY.test(v) })),
  );
  return (normalized, onRewrite) => {
    const rewritten = variants.replace(normalized, (m) => {
      const canonical = canonicalOf.get(m) ?? m;
      onRewrite?.(m, canonical);
      return ` ${canonical} `;
    });
    // Normalized text with no variant in it is usually tidy already: one test instead of two copies.
    return UNTIDY_SPACE.test(rewritten) ? singleSpaced(rewritten).trim() : rewritten;
  };
}

/** What `.replace(/\s+/g, ' ').trim()` would change: a run of spaces, a space at either end, or another space character. */
const UNTIDY_SPACE = /\s\s|^\s|\s$|[^\S ]/;
