import { DENSE_CLASS_LIMIT, neighbourClasses, RANDOM_NEGATIVES } from './candidates.js';
import type { ClassifierState } from './state.js';
import type { SparseVector } from './vectors.js';
import type { QueryRows, Vocabulary } from './vocabulary.js';

/**
 * A small multinomial logistic regression over the same sparse features as
 * the TF-IDF similarity. Similarity alone weighs "PMO" low because almost
 * every entry mentions it; a discriminative model learns that it is exactly
 * the word separating career-pm from career-pmo. Trained at start-up
 * (typed arrays, no allocation per step) and deterministically (fixed
 * shuffle seed), so every process answers alike.
 */
export interface TrainingExample {
  label: number;
  features: SparseVector;
}

const EPOCHS = 12;
const LEARNING_RATE = 1.2;

interface Encoded {
  label: number;
  terms: Int32Array;
  values: Float64Array;
}

export class SoftmaxClassifier {
  /** Term → weight row, while training (a model from fromState() reads by vocabulary row instead). */
  private readonly termIndex = new Map<string, number>();
  /** Vocabulary row → weight row (-1: unseen in training); set by fromState(). */
  private rows: Int32Array = new Int32Array(0);
  // Float32 only past DENSE_CLASS_LIMIT: half the memory traffic where training is sampled; small knowledge unchanged.
  private weights: Float64Array | Float32Array = new Float64Array(0);
  private readonly logits: Float64Array;
  /** Per question, reused: the known terms' weight row offsets and values (see knownTerms). */
  private bases = new Int32Array(64);
  private values = new Float64Array(64);

  private constructor(private readonly classes: number) {
    this.logits = new Float64Array(classes);
  }

  static train(classes: number, examples: readonly TrainingExample[]): SoftmaxClassifier {
    const model = new SoftmaxClassifier(classes);
    const encoded = examples.map((e) => model.encode(e));
    const size = model.termIndex.size * classes;
    model.weights = classes > DENSE_CLASS_LIMIT ? new Float32Array(size) : new Float64Array(size);
    const order = encoded.map((_, i) => i);
    const random = seededRandom(0x5eed);
    // Large knowledge trains in linear time (see candidates.ts); small knowledge exactly as always.
    const neighbours = classes > DENSE_CLASS_LIMIT ? neighbourClasses(encoded, model.termIndex.size) : undefined;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      shuffle(order, random);
      const rate = LEARNING_RATE / (1 + epoch * 0.2);
      for (const i of order) {
        const example = encoded[i] as Encoded;
        const near = neighbours?.[i];
        if (near) model.sampledStep(example, withRandom(near, classes, random), rate);
        else model.step(example, rate);
      }
    }
    return model;
  }

  /**
   * The trained model, for the matcher and the prebuilt index: its weight
   * rows found by `vocabulary` row, so a question is read by row and a start
   * from the index builds no term Map.
   */
  state(vocabulary: Vocabulary): ClassifierState {
    const rows = new Int32Array(vocabulary.size).fill(-1);
    for (const [term, row] of vocabulary.rowOf) rows[row] = this.termIndex.get(term) ?? -1;
    return { classes: this.classes, weights: this.weights, rows };
  }

  /** A model exactly as state() saw it; throws when the parts do not fit together (a damaged index). */
  static fromState({ classes, weights, rows }: ClassifierState): SoftmaxClassifier {
    const model = new SoftmaxClassifier(classes);
    if (weights.length % classes !== 0) throw new Error('classifier weights do not fit its classes');
    model.weights = weights;
    model.rows = rows;
    return model;
  }

  /**
   * Class probabilities for a question (terms never seen in training are
   * ignored), for a model from fromState(). The array is reused: it holds
   * these until the next call.
   */
  predict(query: QueryRows): Float64Array {
    const count = this.knownTerms(query);
    const { classes, weights, logits, bases, values } = this;
    logits.fill(0);
    // Four terms per pass over the classes, each logit read and written once for the four: the
    // same products added in the same (query term) order as one term at a time, so bit-identical.
    let k = 0;
    for (; k + 3 < count; k += 4) addFourTerms(logits, weights, bases, values, k);
    for (; k < count; k++) {
      const base = bases[k] as number;
      const x = values[k] as number;
      for (let c = 0; c < classes; c++) logits[c] = (logits[c] as number) + (weights[base + c] as number) * x;
    }
    return softmaxInPlace(logits);
  }

  /** The query's terms seen in training, in query order: each one's weight row offset and value, in `bases` and `values`. */
  private knownTerms(query: QueryRows): number {
    if (this.bases.length < query.size) {
      this.bases = new Int32Array(2 * query.size);
      this.values = new Float64Array(2 * query.size);
    }
    const { classes, rows, bases, values } = this;
    let count = 0;
    for (let t = 0; t < query.size; t++) {
      const row = rows[query.rows[t] as number] ?? -1;
      if (row < 0) continue;
      bases[count] = row * classes;
      values[count++] = query.weights[t] as number;
    }
    return count;
  }

  private encode({ label, features }: TrainingExample): Encoded {
    const terms = new Int32Array(features.size);
    const values = new Float64Array(features.size);
    let i = 0;
    for (const [term, x] of features) {
      let row = this.termIndex.get(term);
      if (row === undefined) {
        row = this.termIndex.size;
        this.termIndex.set(term, row);
      }
      terms[i] = row;
      values[i++] = x;
    }
    return { label, terms, values };
  }

  private step({ label, terms, values }: Encoded, rate: number): void {
    const { classes, weights, logits } = this;
    logits.fill(0);
    for (let i = 0; i < terms.length; i++) {
      const base = (terms[i] as number) * classes;
      const x = values[i] as number;
      for (let c = 0; c < classes; c++) logits[c] = (logits[c] as number) + (weights[base + c] as number) * x;
    }
    softmaxInPlace(logits);
    logits[label] = (logits[label] as number) - 1;
    for (let i = 0; i < terms.length; i++) {
      const base = (terms[i] as number) * classes;
      const g = rate * (values[i] as number);
      for (let c = 0; c < classes; c++) weights[base + c] = (weights[base + c] as number) - g * (logits[c] as number);
    }
  }

  /** step() over `candidates` only (candidates[0] is the label): softmax and update among them. */
  private sampledStep({ terms, values }: Encoded, candidates: Int32Array, rate: number): void {
    const { classes, weights } = this;
    const logits = new Float64Array(candidates.length);
    for (let i = 0; i < terms.length; i++) {
      const base = (terms[i] as number) * classes;
      const x = values[i] as number;
      for (let k = 0; k < candidates.length; k++) {
        logits[k] = (logits[k] as number) + (weights[base + (candidates[k] as number)] as number) * x;
      }
    }
    softmaxInPlace(logits);
    logits[0] = (logits[0] as number) - 1;
    for (let i = 0; i < terms.length; i++) {
      const base = (terms[i] as number) * classes;
      const g = rate * (values[i] as number);
      for (let k = 0; k < candidates.length; k++) {
        const at = base + (candidates[k] as number);
        weights[at] = (weights[at] as number) - g * (logits[k] as number);
      }
    }
  }
}

/** Terms k to k + 3 (weight row offsets in `bases`) times their `values`, added to every logit in term order. */
function addFourTerms(
  logits: Float64Array,
  weights: Float64Array | Float32Array,
  bases: Int32Array,
  values: Float64Array,
  k: number,
): void {
  const b0 = bases[k] as number;
  const b1 = bases[k + 1] as number;
  const b2 = bases[k + 2] as number;
  const b3 = bases[k + 3] as number;
  const x0 = values[k] as number;
  const x1 = values[k + 1] as number;
  const x2 = values[k + 2] as number;
  const x3 = values[k + 3] as number;
  for (let c = 0; c < logits.length; c++) {
    const sum = (logits[c] as number) + (weights[b0 + c] as number) * x0 + (weights[b1 + c] as number) * x1;
    logits[c] = sum + (weights[b2 + c] as number) * x2 + (weights[b3 + c] as number) * x3;
  }
}

/** The neighbours plus a few random classes (a class twice only counts its update twice; harmless). */
function withRandom(near: Int32Array, classes: number, random: () => number): Int32Array {
  const out = new Int32Array(near.length + RANDOM_NEGATIVES);
  out.set(near);
  for (let k = near.length; k < out.length; k++) out[k] = Math.floor(random() * classes);
  return out;
}

function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c] as number) - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) logits[c] = (logits[c] as number) / sum;
  return logits;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32: tiny, fast and good enough for shuffling training order.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as number, items[i] as number];
  }
}
