import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/knowledge/load.js';

let cached: KnowledgeBase | undefined;

/** The knowledge shipped in knowledge/, loaded once per test file. */
export function realKnowledge(): KnowledgeBase {
  cached ??= loadKnowledge(defaultKnowledgeDir());
  return cached;
}

/** One entry of the knowledge, by id; a test naming one that is gone fails here, loudly. */
export function entryOf(kb: KnowledgeBase, id: string) {
  const found = kb.byId.get(id);
  if (!found) throw new Error(`knowledge has no ${id}`);
  return found;
}

/** A scratch copy of the real knowledge folder that a test may break. */
export function copyKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmo-kb-'));
  cpSync(defaultKnowledgeDir(), dir, { recursive: true });
  return dir;
}

/** Edits one YAML file through its document model, keeping the rest of the file as written. */
export function editYaml(dir: string, file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const path = join(dir, file);
  const doc = parseDocument(readFileSync(path, 'utf8'));
  edit(doc);
  writeFileSync(path, doc.toString());
}

/**
 * The real knowledge loaded from a copy whose ui.yaml has `strings` changed
 * (path → text, e.g. `[['labels', 'share', 'en'], 'Post it']`), as a knowledge
 * team would edit it: a renderer showing the new text reads it from ui.yaml.
 */
export function knowledgeWithUi(strings: readonly [readonly string[], string][]): KnowledgeBase {
  const dir = copyKnowledge();
  try {
    editYaml(dir, 'ui.yaml', (doc) => {
      for (const [path, text] of strings) doc.setIn(path, text);
    });
    return loadKnowledge(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A valid entry an organisation might add: `words` go into its title, answer, questions and keywords. */
export function newEntry(id: string, words: { ja: string; en: string }, extra: Record<string, unknown> = {}) {
  const side = (lang: 'ja' | 'en', w: string) => ({
    title: lang === 'ja' ? `${w}とは` : `What is ${w}?`,
    answer: lang === 'ja' ? `${w}は私たちの組織の資格です。` : `${w} is our organisation's own certification.`,
    questions:
      lang === 'ja'
        ? [`${w}とは?`, `${w}って何?`, `${w}について教えて`, `${w}の概要`, `${w}の内容は?`, `${w}を知りたい`]
        : [`What is ${w}?`, `Tell me about ${w}`, `${w}?`, `Explain ${w}`, `What does ${w} cover?`, `${w} overview`],
    keywords: [w],
  });
  return {
    id,
    category: 'certifications',
    source: 'our wiki',
    ...extra,
    ja: side('ja', words.ja),
    en: side('en', words.en),
  };
}
