/**
 * Every number that decides what pmo-guide answers, in one frozen object, so
 * tuning happens in one reviewed place and docs/matching.md can point here
 * instead of copying figures. Chosen on the dev sets (bench/data/devset.yaml and
 * bench/data/realistic/*.dev*.yaml), never on a held-out set; see
 * docs/matching.md, "Tuning and refitting".
 */
export const TUNING = Object.freeze({
  /**
   * Candidate score = bestExample × similarity to the closest example
   * question + entryBag × similarity to the entry's whole vocabulary +
   * classifier × the softmax probability (which separates neighbours that
   * share most words).
   */
  weights: Object.freeze({ bestExample: 0.6, entryBag: 0.4, classifier: 0.5 }),
  /**
   * Logistic calibration: evidence = (top + marginWeight × lead over the
   * runner-up) × coverage; confidence 0.5 sits at `midpoint`.
   */
  calibration: Object.freeze({ midpoint: 0.256, slope: 12, marginWeight: 0.25 }),
  /** Below this calibrated confidence the bot says it does not know instead of guessing. */
  confidenceThreshold: 0.5,
  /** When the "not our topic" class wins, confidence is capped this far below the threshold. */
  outOfScopeConfidenceCap: 0.2,
  /** Below this share of known words a question is not about PM or PMO at all (helpdesk pointer). */
  offTopicCoverage: 0.2,
  /** A runner-up scoring at least this share of the winner is offered next to the answer. */
  runnerUpRatio: 0.85,
  /** "Did you mean": at most this many, only from this confidence, only this close to the best. */
  suggestions: Object.freeze({ max: 3, minConfidence: 0.15, shareOfBest: 0.8 }),
  /** Precise answers: a sentence needs this similarity to lead; holding the asked detail adds `detailBonus`. */
  lead: Object.freeze({ minSentenceScore: 0.2, detailBonus: 1, shortSentenceChars: 40 }),
  /** Answers below this confidence are "low confidence" in `stats` for the knowledge team. */
  lowConfidence: 0.6,
  /**
   * A question naming one specific topic is answered by it when it scores at least this share of a
   * winner the question does not name ("…what does a PM keep managing while the work is running?").
   */
  namedTopicRatio: 0.7,
});
