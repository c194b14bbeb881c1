import type { SparseVector } from './vectors.js';

/**
 * A small multinomial logistic regression over the same sparse features as
 * the TF-IDF similarity. Similarity alone weighs "PMO" low because almost
 * every entry mentions it; a discriminative model learns that it is exactly
 * the word separating career-pm from career-pmo. Trained at start-up in a few
 * milliseconds, deterministically (fixed shuffle seed).
 */
export interface TrainingExample {
  label: number;
  features: SparseVector;
}

const EPOCHS = 40;
const LEARNING_RATE = 0.8;
const L2 = 1e-4;

export class SoftmaxClassifier {
  private readonly weights = new Map<string, Float64Array>();
  private readonly bias: Float64Array;

  constructor(private readonly classes: number) {
    this.bias = new Float64Array(classes);
  }

  static train(classes: number, examples: readonly TrainingExample[]): SoftmaxClassifier {
    const model = new SoftmaxClassifier(classes);
    const order = examples.map((_, i) => i);
    const random = seededRandom(0x5eed);
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      shuffle(order, random);
      const rate = LEARNING_RATE / (1 + epoch * 0.1);
      for (const i of order) {
        const example = examples[i];
        if (example) model.step(example, rate);
      }
    }
    return model;
  }

  /** Class probabilities for a feature vector. */
  predict(features: SparseVector): Float64Array {
    const logits = Float64Array.from(this.bias);
    for (const [term, x] of features) {
      const w = this.weights.get(term);
      if (!w) continue;
      for (let c = 0; c < this.classes; c++) logits[c] = (logits[c] ?? 0) + (w[c] ?? 0) * x;
    }
    return softmax(logits);
  }

  private step(example: TrainingExample, rate: number): void {
    const p = this.predict(example.features);
    p[example.label] = (p[example.label] ?? 0) - 1;
    for (const [term, x] of example.features) {
      let w = this.weights.get(term);
      if (!w) {
        w = new Float64Array(this.classes);
        this.weights.set(term, w);
      }
      for (let c = 0; c < this.classes; c++) w[c] = (w[c] ?? 0) * (1 - rate * L2) - rate * (p[c] ?? 0) * x;
    }
    for (let c = 0; c < this.classes; c++) this.bias[c] = (this.bias[c] ?? 0) - rate * (p[c] ?? 0) * 0.1;
  }
}

function softmax(logits: Float64Array): Float64Array {
  const max = Math.max(...logits);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c] ?? 0) - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) logits[c] = (logits[c] ?? 0) / sum;
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
