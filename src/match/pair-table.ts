/**
 * A fixed-size map from a pair of integers to a vocabulary row, in typed
 * arrays: a question's character bigrams and word pairs are looked up by
 * their parts' numbers, with no string to build and hash per feature.
 */

const EMPTY = -1;

export class PairTable {
  private readonly firsts: Int32Array;
  private readonly seconds: Int32Array;
  private readonly rows: Int32Array;
  private readonly shift: number;

  /** @param most the most pairs there will be */
  constructor(most: number) {
    // At most half full, so a probe ends after a step or two.
    const bits = Math.max(4, Math.ceil(Math.log2(most * 2 + 1)));
    this.shift = 32 - bits;
    this.firsts = new Int32Array(1 << bits);
    this.seconds = new Int32Array(1 << bits);
    this.rows = new Int32Array(1 << bits).fill(EMPTY);
  }

  private slotOf(first: number, second: number): number {
    return (Math.imul(first, 0x9e3779b1) + Math.imul(second, 0x85ebca6b)) >>> this.shift;
  }

  /** Keeps the first row set for a pair. */
  set(first: number, second: number, row: number): void {
    const mask = this.rows.length - 1;
    let slot = this.slotOf(first, second);
    for (; this.rows[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.firsts[slot] === first && this.seconds[slot] === second) return;
    }
    this.firsts[slot] = first;
    this.seconds[slot] = second;
    this.rows[slot] = row;
  }

  /** The pair's row, or -1. */
  get(first: number, second: number): number {
    const { firsts, seconds, rows } = this;
    const mask = rows.length - 1;
    for (let slot = this.slotOf(first, second); ; slot = (slot + 1) & mask) {
      const row = rows[slot] as number;
      if (row === EMPTY || (firsts[slot] === first && seconds[slot] === second)) return row;
    }
  }
}
