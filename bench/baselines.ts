import Fuse from 'fuse.js';
// node-nlp ships CommonJS without types; the bench only needs its NlpManager.
import nlp from 'node-nlp';
import type { KnowledgeBase, Lang } from '../src/index.js';

/** Returns the predicted entry id, or null when the classifier declines to answer. */
export type Classifier = (question: string, lang: Lang) => string | null | Promise<string | null>;

/** Plain fuse.js over the raw example questions with its default options: the "obvious" approach. */
export function fuseBaseline(kb: KnowledgeBase): Classifier {
  const byLang = (lang: Lang) =>
    new Fuse(
      kb.entries.flatMap((e) => e[lang].questions.map((text) => ({ id: e.id, text }))),
      { keys: ['text'], includeScore: true },
    );
  const indexes = { ja: byLang('ja'), en: byLang('en') };
  return (q, lang) => indexes[lang].search(q, { limit: 1 })[0]?.item.id ?? null;
}

interface NlpResult {
  intent: string;
  score: number;
}
interface NlpManagerLike {
  addDocument(lang: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(lang: string, utterance: string): Promise<NlpResult>;
}

/** NLP.js trained on the same example questions; "None" or a score under 0.5 counts as declining. */
export async function nlpJsBaseline(kb: KnowledgeBase): Promise<Classifier> {
  const { NlpManager } = nlp as unknown as { NlpManager: new (o: object) => NlpManagerLike };
  const manager = new NlpManager({ languages: ['ja', 'en'], forceNER: false, autoSave: false, nlu: { log: false } });
  for (const e of kb.entries) {
    for (const lang of ['ja', 'en'] as const) for (const q of e[lang].questions) manager.addDocument(lang, q, e.id);
  }
  await manager.train();
  return async (q, lang) => {
    const r = await manager.process(lang, q);
    return r.intent === 'None' || r.score < 0.5 ? null : r.intent;
  };
}
