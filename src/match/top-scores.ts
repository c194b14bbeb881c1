/**
 * The best few of a run of scores, best first, in typed arrays reused from
 * one question to the next: a candidate object and an array splice per score
 * that made the top for a while cost more than scoring the few dozen entries.
 */
export class TopScores {
  private readonly indexes: Int32Array;
  private readonly scores: Float64Array;
  /** How many are kept, at most `most`. */
  size = 0;

  constructor(private readonly most: number) {
    this.indexes = new Int32Array(most);
    this.scores = new Float64Array(most);
  }

  clear(): void {
    this.size = 0;
  }

  /** Keeps the score if it is among the best so far; a tie goes after those already kept (as a stable sort would). */
  offer(index: number, score: number): void {
    const { indexes, scores } = this;
    let at = this.size;
    while (at > 0 && (scores[at - 1] as number) < score) at--;
    if (at >= this.most) return;
    // The one past the last place falls out when all places are taken.
    for (let k = Math.min(this.size, this.most - 1); k > at; k--) {
      scores[k] = scores[k - 1] as number;
      indexes[k] = indexes[k - 1] as number;
    }
    scores[at] = score;
    indexes[at] = index;
    if (this.size < this.most) this.size++;
  }

  /** The index offered with the k-th best score. */
  index(k: number): number {
    return this.indexes[k] as number;
  }

  score(k: number): number {
    return this.scores[k] as number;
  }
}
