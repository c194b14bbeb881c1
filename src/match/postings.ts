import type { PostingsState } from './state.js';
import type { SparseVector } from './vectors.js';
import type { QueryRows, Vocabulary } from './vocabulary.js';

/**
 * Inverted index over the example vectors: a question is scored only against
 * the examples that share a term with it, in one pass over its few terms,
 * instead of a cosine against every example (the matcher's old hot spot).
 * Scores are identical to the per-example cosine.
 *
 * Postings lie back to back in typed arrays, a vocabulary row's from
 * `start[row]` to `start[row + 1]`, with each example's entry as an index:
 * questions score by row with no Map per question, and the prebuilt index
 * stores and restores the arrays as they are (thousands of small arrays per
 * term cost more to allocate at start-up than one answer).
 */
export class ExampleIndex {
  private readonly state: PostingsState;
  // Reused between questions: one allocation for the index's lifetime, not one per question.
  private readonly dots: Float64Array;
  private readonly touched: Int32Array;
  private readonly best: Float64Array;
  /** Each entry's examples are [entryStart[e], entryStart[e + 1]) when they lie in entry order (as built); else undefined. */
  private readonly entryStart: Int32Array | undefined;

  private constructor(state: PostingsState, entries: number) {
    this.state = state;
    this.dots = new Float64Array(state.entryOf.length);
    this.touched = new Int32Array(state.entryOf.length);
    this.best = new Float64Array(entries);
    this.entryStart = entryRanges(state.entryOf, entries);
  }

  /** @param examples each example's entry, as an index into a list of `entries` entries */
  static build(
    examples: readonly { entry: number; vector: SparseVector }[],
    entries: number,
    vocabulary: Vocabulary,
  ): ExampleIndex {
    const lists: { example: number; weight: number }[][] = Array.from({ length: vocabulary.size }, () => []);
    // In example order: each row's examples stay ascending.
    examples.forEach(({ vector }, example) => {
      for (const [term, weight] of vector) {
        const row = vocabulary.rowOf.get(term);
        // A term outside the vocabulary has no IDF, so no question ever weighs it.
        if (row !== undefined) lists[row]?.push({ example, weight });
      }
    });
    const start = new Int32Array(vocabulary.size + 1);
    lists.forEach((list, row) => {
      start[row + 1] = (start[row] as number) + list.length;
    });
    const flat = lists.flat();
    const state: PostingsState = {
      start,
      examples: Int32Array.from(flat, (p) => p.example),
      weights: Float64Array.from(flat, (p) => p.weight),
      entryOf: Int32Array.from(examples, (e) => e.entry),
    };
    return new ExampleIndex(state, entries);
  }

  /** Postings as toState() gave them, for a list of `entries` entries; the prebuilt index checks them first (state.ts). */
  static fromState(state: PostingsState, entries: number): ExampleIndex {
    return new ExampleIndex(state, entries);
  }

  /** What the index holds, for the prebuilt index. */
  toState(): PostingsState {
    return this.state;
  }

  /**
   * The best cosine of the query against any one example, per entry index (0
   * for an entry sharing no term). The array is reused: it holds this
   * question's scores until the next call.
   */
  bestPerEntry(query: QueryRows): Float64Array {
    // A question sharing a term with most examples (a usual Japanese one) reads them all in order:
    // no note of which it touched, no branch per posting.
    if (this.entryStart && 2 * this.postingsOf(query) >= this.dots.length)
      return this.bestReadingAll(query, this.entryStart);
    return this.bestReadingTouched(query);
  }

  /** How many postings the query's rows hold. */
  private postingsOf(query: QueryRows): number {
    const { start } = this.state;
    let count = 0;
    for (let t = 0; t < query.size; t++) {
      const row = query.rows[t] as number;
      count += (start[row + 1] as number) - (start[row] as number);
    }
    return count;
  }

  /** bestPerEntry() summing into every example's slot, then taking each entry's best over its range. */
  private bestReadingAll(query: QueryRows, entryStart: Int32Array): Float64Array {
    const { dots, best } = this;
    const { start, examples, weights } = this.state;
    // The same products summed in the same (query term) order as bestReadingTouched: bit-identical.
    for (let t = 0; t < query.size; t++) {
      const row = query.rows[t] as number;
      addScaled(dots, examples, weights, start[row] as number, start[row + 1] as number, query.weights[t] as number);
    }
    for (let entry = 0; entry < best.length; entry++) {
      let top = 0;
      const end = entryStart[entry + 1] as number;
      for (let example = entryStart[entry] as number; example < end; example++) {
        const score = dots[example] as number;
        if (score > top) top = score;
        dots[example] = 0;
      }
      best[entry] = top;
    }
    return best;
  }

  /** bestPerEntry() visiting only the examples the query's postings touch. */
  private bestReadingTouched(query: QueryRows): Float64Array {
    const { dots, touched, best } = this;
    const { start, examples, weights, entryOf } = this.state;
    let count = 0;
    for (let t = 0; t < query.size; t++) {
      const row = query.rows[t] as number;
      const queryWeight = query.weights[t] as number;
      const end = start[row + 1] as number;
      for (let i = start[row] as number; i < end; i++) {
        const example = examples[i] as number;
        const dot = dots[example] as number;
        if (dot === 0) touched[count++] = example;
        dots[example] = dot + queryWeight * (weights[i] as number);
      }
    }
    best.fill(0);
    for (let i = 0; i < count; i++) {
      const example = touched[i] as number;
      const entry = entryOf[example] as number;
      const score = dots[example] as number;
      dots[example] = 0;
      if (score > (best[entry] as number)) best[entry] = score;
    }
    return best;
  }
}

/**
 * Postings [from, end) times `by`, each added to its example's slot. Four
 * per pass: the very additions of one at a time, in the same order (so
 * bit-identical), with a quarter of the loop's branches, and the four
 * postings' loads overlap: ~15% less time on the long rows (pm, pmo) that
 * nearly every Japanese question holds.
 */
function addScaled(
  dots: Float64Array,
  examples: Int32Array,
  weights: Float64Array,
  from: number,
  end: number,
  by: number,
): void {
  let i = from;
  for (; i + 3 < end; i += 4) {
    const e0 = examples[i] as number;
    const e1 = examples[i + 1] as number;
    const e2 = examples[i + 2] as number;
    const e3 = examples[i + 3] as number;
    dots[e0] = (dots[e0] as number) + by * (weights[i] as number);
    dots[e1] = (dots[e1] as number) + by * (weights[i + 1] as number);
    dots[e2] = (dots[e2] as number) + by * (weights[i + 2] as number);
    dots[e3] = (dots[e3] as number) + by * (weights[i + 3] as number);
  }
  for (; i < end; i++) {
    const example = examples[i] as number;
    dots[example] = (dots[example] as number) + by * (weights[i] as number);
  }
}

/** Where each entry's examples start, when `entryOf` lists them entry by entry; undefined otherwise. */
function entryRanges(entryOf: Int32Array, entries: number): Int32Array | undefined {
  const start = new Int32Array(entries + 1);
  let previous = 0;
  for (const entry of entryOf) {
    if (entry < previous || entry >= entries) return undefined;
    previous = entry;
    start[entry + 1] = (start[entry + 1] as number) + 1;
  }
  for (let entry = 0; entry < entries; entry++)
    start[entry + 1] = (start[entry + 1] as number) + (start[entry] as number);
  return start;
}
