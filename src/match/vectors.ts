/** Sparse TF-IDF vectors, L2-normalized so a dot product is the cosine. */
export type SparseVector = ReadonlyMap<string, number>;

/** Each term's IDF: the map built from the knowledge, or the Vocabulary holding it by row. */
export type IdfLookup = Pick<ReadonlyMap<string, number>, 'get'>;

export function termCounts(features: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of features) counts.set(f, (counts.get(f) ?? 0) + 1);
  return counts;
}

export function inverseDocumentFrequency(bags: readonly Map<string, number>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const bag of bags) for (const term of bag.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [term, n] of df) idf.set(term, Math.log(1 + bags.length / n));
  return idf;
}

/** Sub-linear term frequency: a word repeated in many examples should not dominate. */
export function weigh(counts: Map<string, number>, idf: IdfLookup): SparseVector {
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, count] of counts) {
    const w = (1 + Math.log(count)) * (idf.get(term) ?? 0);
    if (w <= 0) continue;
    vector.set(term, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  for (const [term, w] of vector) vector.set(term, w / norm);
  return vector;
}

/** weigh(termCounts(features), idf) in one Map: a question's counts become its weights in place. */
export function weighFeatures(features: readonly string[], idf: IdfLookup): SparseVector {
  const vector = termCounts(features);
  let norm = 0;
  for (const term of vector.keys()) {
    const w = (1 + Math.log(vector.get(term) as number)) * (idf.get(term) ?? 0);
    // Deleting the entry being visited is safe: a Map iterator goes on with the next one.
    if (w <= 0) vector.delete(term);
    else {
      vector.set(term, w);
      norm += w * w;
    }
  }
  norm = Math.sqrt(norm);
  for (const term of vector.keys()) vector.set(term, (vector.get(term) as number) / norm);
  return vector;
}

export function cosine(a: SparseVector, b: SparseVector): number {
  // Runs for every answer sentence of every reply: no pair or [term, weight] entry allocated per step.
  const small = a.size <= b.size ? a : b;
  const large = small === a ? b : a;
  let sum = 0;
  for (const term of small.keys()) sum += (small.get(term) as number) * (large.get(term) ?? 0);
  return sum;
}
