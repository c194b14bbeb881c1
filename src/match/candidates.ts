/**
 * Which classes one training example updates when the knowledge is large.
 * Dense softmax training touches every class for every example, so its cost
 * grows with entries × examples (quadratic in the size of the knowledge).
 * Past DENSE_CLASS_LIMIT classes an example updates only the classes it can
 * be confused with — those sharing one of its distinctive terms — plus a few
 * random ones, so common words still learn to say "not this class"
 * everywhere. The cost per example is then bounded and training is linear.
 */

/** Up to this many classes (the shipped knowledge has 28) training stays exact and dense. */
export const DENSE_CLASS_LIMIT = 64;
/** A term found in more classes than this says little about which one: it picks no candidates. */
const DISTINCTIVE_MAX_CLASSES = 32;
/** Candidates kept per example, the ones sharing most distinctive terms first. */
const MAX_NEIGHBOURS = 16;
/** Random classes added to each step. */
export const RANDOM_NEGATIVES = 4;

/** For each example (term rows, label): the label first, then its likely confusions. */
export function neighbourClasses(
  examples: readonly { label: number; terms: Int32Array }[],
  terms: number,
): Int32Array[] {
  const classesOf: Set<number>[] = Array.from({ length: terms }, () => new Set<number>());
  for (const { label, terms: rows } of examples) for (const row of rows) classesOf[row]?.add(label);
  return examples.map(({ label, terms: rows }) => {
    const shared = new Map<number, number>();
    for (const row of rows) {
      const classes = classesOf[row];
      if (!classes || classes.size > DISTINCTIVE_MAX_CLASSES) continue;
      for (const c of classes) if (c !== label) shared.set(c, (shared.get(c) ?? 0) + 1);
    }
    const nearest = [...shared]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, MAX_NEIGHBOURS)
      .map(([c]) => c);
    return Int32Array.from([label, ...nearest]);
  });
}
