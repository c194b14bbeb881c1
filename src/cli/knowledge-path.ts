import { fileURLToPath } from 'node:url';

// Apart from knowledge-dir.ts so the `ask` path can find the folder without loading the YAML reader.
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
