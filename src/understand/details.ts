import type { KnowledgeBase } from '../knowledge/load.js';
import type { Detail, Entry } from '../knowledge/schema.js';
import { remember } from '../text/memo.js';
import type { PhraseGroup } from '../text/phrase-group.js';
import { PhraseSet } from './phrases.js';
import { answerSentences } from './precise.js';

/** Evidence in an answer's text that a detail is there: a substring, or a "re:" regular expression; the text folded by foldAnswer. */
type Evidence = (folded: string) => boolean;

function evidenceOf(found: readonly string[]): Evidence {
  const tests = found.map((f): Evidence => {
    if (f.startsWith('re:')) {
      const re = new RegExp(f.slice(3), 'iu');
      return (t) => re.test(t);
    }
    const needle = f.normalize('NFKC').toLowerCase();
    return (t) => t.includes(needle);
  });
  return (folded) => tests.some((test) => test(folded));
}

// Answer sentences are few and fixed, and every detail question tests each sentence of its entry: folded once.
const foldedAnswers = new Map<string, string>();
const FOLDED_ANSWERS_LIMIT = 10_000;

function foldAnswer(text: string): string {
  return remember(foldedAnswers, FOLDED_ANSWERS_LIMIT, text, (t) => t.normalize('NFKC').toLowerCase());
}

interface CompiledDetail {
  detail: Detail;
  evidence: Evidence;
}

/**
 * What a question asks for (a fee, a date, a pass rate…) and whether an
 * entry holds it. Coverage is read from the entries' own text, so adding the
 * fact to an answer is all an editor does to make the bot answer it.
 */
export class DetailCatalog {
  private readonly details: CompiledDetail[];
  /** Which details each entry holds, read from its text when first asked: a one-shot `ask` asks of one or two entries. */
  private readonly covered = new Map<string, Set<string>>();
  private readonly elsewhere: PhraseSet;
  /** Every detail's asking phrases in one set, so the longest phrase wins ("何問正解" is a score, not a count). */
  private readonly asking: PhraseSet;
  private readonly detailOfPhrase = new Map<string, Detail>();
  private readonly levels: PhraseSet;
  private readonly entries: ReadonlyMap<string, Entry>;

  /** @param group scans the question for the sets asked of every message together with others (phrase-group.ts) */
  constructor(kb: KnowledgeBase, group?: PhraseGroup) {
    this.entries = kb.byId;
    const file = kb.details;
    this.details = (file?.details ?? []).map((detail) => ({ detail, evidence: evidenceOf(detail.found) }));
    const phrases = this.details.flatMap(({ detail }) => [...detail.asks.ja, ...detail.asks.en]);
    this.asking = new PhraseSet(phrases, group);
    for (const { detail } of this.details) {
      for (const phrase of [...detail.asks.ja, ...detail.asks.en]) {
        const key = this.asking.keyOf(phrase);
        if (!this.detailOfPhrase.has(key)) this.detailOfPhrase.set(key, detail);
      }
    }
    // A term some entry mentions is not "elsewhere": that entry can answer it.
    const allText = kb.entries.map((e) => `${e.ja.answer}\n${e.en.answer}`.normalize('NFKC').toLowerCase()).join('\n');
    const unknown = (file?.elsewhere ?? []).filter((t) => !allText.includes(t.normalize('NFKC').toLowerCase()));
    this.elsewhere = new PhraseSet(unknown, group);
    this.levels = new PhraseSet(file?.levels ?? [], group);
  }

  private coveredBy(entry: Entry): Set<string> {
    const text = `${entry.ja.answer}\n${entry.en.answer}`;
    const folded = text.normalize('NFKC').toLowerCase();
    return new Set(this.details.filter((d) => d.evidence(folded)).map((d) => d.detail.id));
  }

  /** The details a question asks for, first asked first; either language's words count ("PMPの fee は?"). */
  asked(text: string): Detail[] {
    const keys = this.asking.found(text);
    // Most questions ask for no detail: no lists to build from nothing.
    if (keys.length === 0) return [];
    const found = keys.flatMap((key) => this.detailOfPhrase.get(key) ?? []);
    return [...new Set(found)];
  }

  /** As `asked`, with the phrase that asked, as the knowledge spells it (for `why`). */
  askedPhrases(text: string): { phrase: string; detail: string }[] {
    const keys = this.asking.found(text);
    // Every answer's decision asks; most questions hold no detail phrase: no lists to build from nothing.
    if (keys.length === 0) return [];
    const originals = this.asking.findOriginal(text);
    return keys.flatMap((key, i) => {
      const detail = this.detailOfPhrase.get(key);
      return detail ? [{ phrase: originals[i] ?? key, detail: detail.id }] : [];
    });
  }

  byId(detailId: string): Detail | undefined {
    return this.details.find((d) => d.detail.id === detailId)?.detail;
  }

  covers(entryId: string, detailId: string): boolean {
    let held = this.covered.get(entryId);
    if (!held) {
      const entry = this.entries.get(entryId);
      if (!entry) return false;
      held = this.coveredBy(entry);
      this.covered.set(entryId, held);
    }
    return held.has(detailId);
  }

  /**
   * As `covers`, for what the question singles out: "PMO-S★★の問題数" is not
   * answered by the ★ level's count, so a sentence must hold the detail and name that level.
   */
  coversAsked(entry: Entry, detailId: string, question: string): boolean {
    if (!this.covers(entry.id, detailId)) return false;
    const levels = this.levels.findOriginal(question);
    if (levels.length === 0) return true;
    const sentences = [...answerSentences(entry.ja.answer), ...answerSentences(entry.en.answer)];
    return sentences.some((s) => this.holds(detailId, s) && levels.every((level) => s.includes(level)));
  }

  /** Whether a sentence of an answer holds the detail: it then leads the reply. */
  holds(detailId: string, sentence: string): boolean {
    const detail = this.details.find((d) => d.detail.id === detailId);
    return detail ? detail.evidence(foldAnswer(sentence)) : false;
  }

  /** A certification or method the guide does not describe, as the user wrote it. */
  unknownTopic(text: string): string | undefined {
    return this.elsewhere.findOriginal(text)[0];
  }
}
