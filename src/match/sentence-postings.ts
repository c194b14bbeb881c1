import type { QueryRows, Vocabulary } from './vocabulary.js';

interface Posting {
  sentence: number;
  weight: number;
}

/**
 * An answer's sentences as postings: for each vocabulary row, the sentences
 * holding it and with what weight. A question is scored against all of them
 * in one pass over its few terms, where a cosine per sentence spread each
 * sentence's few dozen terms out and back again. Built once per sentence list
 * (the answers are few and fixed).
 */
export class SentencePostings {
  private readonly byRow = new Map<number, Posting[]>();

  constructor(private readonly vectors: readonly QueryRows[]) {
    vectors.forEach((vector, sentence) => {
      for (let i = 0; i < vector.size; i++) {
        const row = vector.rows[i] as number;
        const posting = { sentence, weight: vector.weights[i] as number };
        const list = this.byRow.get(row);
        if (list) list.push(posting);
        else this.byRow.set(row, [posting]);
      }
    });
  }

  /**
   * Exactly `vocabulary.cosine(query, vector)` per sentence. Against a
   * sentence at least as large as the query, cosine() sums the query's terms
   * in the query's order, each times the sentence's weight or 0: the postings
   * add the same products in the same order, leaving out only the zeros
   * (adding +0 changes no sum). A sentence smaller than the query is summed
   * in its own order by cosine() itself.
   */
  scores(query: QueryRows, vocabulary: Vocabulary): number[] {
    const { vectors } = this;
    const scores = new Array<number>(vectors.length).fill(0);
    for (let t = 0; t < query.size; t++) {
      const list = this.byRow.get(query.rows[t] as number);
      if (!list) continue;
      const weight = query.weights[t] as number;
      for (const posting of list)
        scores[posting.sentence] = (scores[posting.sentence] as number) + weight * posting.weight;
    }
    vectors.forEach((vector, sentence) => {
      if (vector.size < query.size) scores[sentence] = vocabulary.cosine(query, vector);
    });
    return scores;
  }
}
