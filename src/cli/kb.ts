import { UsageError } from '../errors.js';
import { LANGS } from '../knowledge/schema.js';
import { kbTest } from './kb-test.js';
import { loadKnowledgeFrom, resolveKnowledgeDir } from './knowledge-dir.js';

/** The `kb` subcommands' flags (a subset of the CLI's). */
export interface KbFlags {
  knowledge?: string | undefined;
  json?: boolean | undefined;
  lang?: string | undefined;
  min?: string | undefined;
  questions?: string | undefined;
  folds?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
}

export async function kbCommand([sub, ...args]: string[], flags: KbFlags): Promise<number> {
  switch (sub) {
    case 'check':
      return kbCheck(flags.knowledge);
    case 'test':
      return kbTest(flags);
    case 'export': {
      const { kbExport } = await import('./kb-sheet.js');
      return kbExport(flags);
    }
    case 'import': {
      const { kbImport } = await import('./kb-sheet.js');
      return kbImport(args[0], flags);
    }
    default:
      throw new UsageError('kb needs "check", "test", "export" or "import"');
  }
}

export function kbCheck(dir: string | undefined): number {
  const kb = loadKnowledgeFrom(dir);
  const questions = kb.entries.reduce((n, e) => n + LANGS.reduce((m, l) => m + e[l].questions.length, 0), 0);
  process.stdout.write(
    `ok: ${kb.entries.length} entries, ${questions} example questions, ${kb.glossary.synonyms.length} glossary terms in ${resolveKnowledgeDir(dir)}\n`,
  );
  return 0;
}
