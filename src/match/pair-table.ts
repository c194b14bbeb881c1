/**
 * A fixed-size map from a pair of integers to a vocabulary row, in a typed
 * array: a question's character bigrams and word pairs are looked up by
 * their parts' numbers, with no string to build and hash per feature.
 * Each slot's two parts and row lie side by side: a lookup reads one cache
 * line, not one in each of three arrays (the table is far bigger than the
 * cache, and a question makes a dozen lookups).
 */

const EMPTY = -1;
/** A slot's numbers: first part, second part, row, and one unused, so a slot never straddles a cache line. */
const SLOT = 4;
const FIRST = 0;
const SECOND = 1;
const ROW = 2;

export class PairTable {
  private readonly slots: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  /** @param most the most pairs there will be; or the slots of another table's toSlots() */
  constructor(most: number | Int32Array) {
    // At most half full, so a probe ends after a step or two.
    const bits = typeof most === 'number' ? Math.max(4, Math.ceil(Math.log2(most * 2 + 1))) : slotBits(most);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    if (typeof most !== 'number') {
      this.slots = most;
      return;
    }
    this.slots = new Int32Array(SLOT << bits);
    for (let at = ROW; at < this.slots.length; at += SLOT) this.slots[at] = EMPTY;
  }

  /** The table as it is, for the prebuilt index. */
  toSlots(): Int32Array {
    return this.slots;
  }

  private slotOf(first: number, second: number): number {
    return (Math.imul(first, 0x9e3779b1) + Math.imul(second, 0x85ebca6b)) >>> this.shift;
  }

  /** Keeps the first row set for a pair. */
  set(first: number, second: number, row: number): void {
    const { slots, mask } = this;
    for (let slot = this.slotOf(first, second); ; slot = (slot + 1) & mask) {
      const at = SLOT * slot;
      if (slots[at + ROW] !== EMPTY) {
        if (slots[at + FIRST] === first && slots[at + SECOND] === second) return;
        continue;
      }
      slots[at + FIRST] = first;
      slots[at + SECOND] = second;
      slots[at + ROW] = row;
      return;
    }
  }

  /** The pair's row, or -1. */
  get(first: number, second: number): number {
    const { slots, mask } = this;
    for (let slot = this.slotOf(first, second); ; slot = (slot + 1) & mask) {
      const at = SLOT * slot;
      const row = slots[at + ROW] as number;
      if (row === EMPTY || (slots[at + FIRST] === first && slots[at + SECOND] === second)) return row;
    }
  }
}

/** The bits of a table's slot count, from its slots; throws for an array no table has. */
function slotBits(slots: Int32Array): number {
  const bits = bitsOfSize(slots.length);
  if (bits === undefined) throw new Error('not the slots of a pair table');
  return bits;
}

/** The bits of the slot count of a table `length` numbers long; undefined when no table has that length. */
function bitsOfSize(length: number): number | undefined {
  const bits = Math.log2(length / SLOT);
  return Number.isInteger(bits) && bits >= 4 && bits <= 30 ? bits : undefined;
}

/**
 * Whether `slots` could be a table's toSlots() over `rows` vocabulary rows:
 * a size a table has, and each slot empty or holding a row of the vocabulary.
 */
export function isPairSlots(slots: unknown, rows: number): slots is Int32Array {
  if (!(slots instanceof Int32Array) || bitsOfSize(slots.length) === undefined) return false;
  for (let at = ROW; at < slots.length; at += SLOT) {
    const row = slots[at] as number;
    if (row < EMPTY || row >= rows) return false;
  }
  return true;
}
