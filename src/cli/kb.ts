import { LANGS } from '../knowledge/schema.js';
import { loadKnowledgeFrom, resolveKnowledgeDir } from './knowledge-dir.js';

export function kbCheck(dir: string | undefined): number {
  const kb = loadKnowledgeFrom(dir);
  const questions = kb.entries.reduce((n, e) => n + LANGS.reduce((m, l) => m + e[l].questions.length, 0), 0);
  process.stdout.write(
    `ok: ${kb.entries.length} entries, ${questions} example questions, ${kb.glossary.synonyms.length} glossary terms in ${resolveKnowledgeDir(dir)}\n`,
  );
  return 0;
}

export function kbExport(dir: string | undefined): number {
  const kb = loadKnowledgeFrom(dir);
  for (const e of kb.entries) {
    const record = {
      id: e.id,
      category: e.category,
      title: { ja: e.ja.title, en: e.en.title },
      answer: { ja: e.ja.answer.trim(), en: e.en.answer.trim() },
      questions: { ja: e.ja.questions, en: e.en.questions },
      keywords: { ja: e.ja.keywords, en: e.en.keywords },
      related: e.related,
      source: e.source,
    };
    process.stdout.write(`${JSON.stringify(record)}\n`);
  }
  return 0;
}
