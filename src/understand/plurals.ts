/**
 * Lowercase "pmos" is both the plural of PMO ("what docs do pmos usually
 * make") and PMO-S once its hyphen is dropped, which is how normalization and
 * the glossary read it. Typed with a word that asks about people or their work
 * in front and no certification word anywhere, it is the plural: written back
 * as "PMOs", which normalization folds to PMO.
 */

// Certification talk: "pmos exam", "is pmos hard to pass", "pmos★★", 「pmosの資格」.
const CERT_CUE =
  /\b(certs?|certifications?|certified|certificates?|exams?|tests?|qualifications?|pass|passing|passed|study|studying|levels?|stars?|specialists?|npmo|pjm-?a)\b|★|資格|試験|認定|合格|受験/iu;
// Words that put a plural noun after them: "do pmos", "are pmos", "the pmos on my team", "most pmos".
const PLURAL_BEFORE =
  /\b(do|are|were|have|the|most|many|all|our|your|their|some|other|good|new|junior|senior|experienced|those|these|for|of|with|between|among|two|three|several)\s+pmos\b/gu;

export function pluralPmos(text: string): string {
  if (!text.includes('pmos') || CERT_CUE.test(text)) return text;
  return text.replace(PLURAL_BEFORE, (phrase) => `${phrase.slice(0, -'pmos'.length)}PMOs`);
}
