import type { PostingsState } from './state.js';
import type { SparseVector } from './vectors.js';

/**
 * Inverted index over the example vectors: a question is scored only against
 * the examples that share a term with it, in one pass over its few terms,
 * instead of a cosine against every example (the matcher's old hot spot).
 * Scores are identical to the per-example cosine.
 *
 * The postings of all terms lie end to end in three typed arrays (term slot
 * → [starts[slot], starts[slot + 1]) in `examples` and `weights`): the
 * prebuilt index stores and restores them as they are, where thousands of
 * small arrays per term cost more to allocate at start-up than one answer.
 */
export class ExampleIndex {
  private readonly state: PostingsState;
  // Reused between questions: one allocation for the index's lifetime, not one per question.
  private readonly dots: Float64Array;
  private readonly touched: number[] = [];

  private constructor(state: PostingsState) {
    this.state = state;
    this.dots = new Float64Array(state.entryOf.length);
  }

  static build(examples: readonly { entryId: string; vector: SparseVector }[]): ExampleIndex {
    const slots = new Map<string, number>();
    const counts: number[] = [];
    for (const { vector } of examples) {
      for (const term of vector.keys()) {
        let slot = slots.get(term);
        if (slot === undefined) {
          slot = slots.size;
          slots.set(term, slot);
        }
        counts[slot] = (counts[slot] ?? 0) + 1;
      }
    }
    const starts = new Int32Array(slots.size + 1);
    for (let slot = 0; slot < slots.size; slot++) starts[slot + 1] = (starts[slot] ?? 0) + (counts[slot] ?? 0);
    const total = starts[slots.size] ?? 0;
    const state = { slots, starts, examples: new Int32Array(total), weights: new Float64Array(total) };
    // Filled in example order, as the per-term lists were: each term's examples stay ascending.
    const next = starts.slice(0, slots.size);
    examples.forEach(({ vector }, example) => {
      for (const [term, weight] of vector) {
        const slot = slots.get(term) as number;
        const at = next[slot] as number;
        state.examples[at] = example;
        state.weights[at] = weight;
        next[slot] = at + 1;
      }
    });
    return new ExampleIndex({ ...state, entryOf: examples.map((e) => e.entryId) });
  }

  /** Throws when the parts do not fit together (a damaged prebuilt index). */
  static fromState(state: PostingsState): ExampleIndex {
    const { slots, starts, examples, weights, entryOf } = state;
    const total = starts[slots.size];
    if (starts.length !== slots.size + 1 || examples.length !== total || weights.length !== total) {
      throw new Error('postings do not fit their terms');
    }
    if (examples.some((example) => example < 0 || example >= entryOf.length)) {
      throw new Error('postings name an example that is not there');
    }
    return new ExampleIndex(state);
  }

  /** What the index holds, for the prebuilt index. */
  toState(): PostingsState {
    return this.state;
  }

  /** The best cosine of the query against any one example, per entry (entries with no shared term are absent). */
  bestPerEntry(query: SparseVector, among?: ReadonlySet<string>): Map<string, number> {
    const { slots, starts, examples, weights, entryOf } = this.state;
    const dots = this.dots;
    for (const [term, queryWeight] of query) {
      const slot = slots.get(term);
      if (slot === undefined) continue;
      const end = starts[slot + 1] as number;
      for (let i = starts[slot] as number; i < end; i++) {
        const example = examples[i] as number;
        const dot = dots[example] as number;
        if (dot === 0) this.touched.push(example);
        dots[example] = dot + queryWeight * (weights[i] as number);
      }
    }
    const best = new Map<string, number>();
    for (const example of this.touched) {
      const entryId = entryOf[example] ?? '';
      const score = dots[example] ?? 0;
      dots[example] = 0;
      if (among && !among.has(entryId)) continue;
      if (score > (best.get(entryId) ?? 0)) best.set(entryId, score);
    }
    this.touched.length = 0;
    return best;
  }
}
