import { fileURLToPath } from 'node:url';
import { type KnowledgeBase, loadKnowledge } from '../knowledge/load.js';

/** The knowledge shipped with the package, found relative to this file in src/ or dist/src/. */
export function defaultKnowledgeDir(): string {
  const here = fileURLToPath(import.meta.url);
  const root = here.includes('/dist/') ? '../../../knowledge' : '../../knowledge';
  return fileURLToPath(new URL(root, import.meta.url));
}

/** `--knowledge DIR`, else KNOWLEDGE_DIR, else the bundled folder. */
export function resolveKnowledgeDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.KNOWLEDGE_DIR || defaultKnowledgeDir());
}

export function loadKnowledgeFrom(flag: string | undefined): KnowledgeBase {
  return loadKnowledge(resolveKnowledgeDir(flag));
}
