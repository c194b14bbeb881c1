import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
