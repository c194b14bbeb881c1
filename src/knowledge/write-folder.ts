import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { UsageError } from '../errors.js';
import { KNOWN_FILES } from './layers.js';
import type { KnowledgeBase } from './load.js';

/**
 * Writes a complete knowledge folder: the imported entries, plus every other
 * knowledge file of the current knowledge, so `kb check --knowledge DIR`
 * accepts it and the bot can run from it as it is.
 */
export function writeKnowledgeFolder(out: string, raws: readonly Record<string, unknown>[], from: KnowledgeBase): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    // Old entry files left beside the new ones would turn every entry into a duplicate.
    throw new UsageError(`--out ${out} is not empty; give a new or empty folder`);
  }
  mkdirSync(join(out, 'entries'), { recursive: true });
  for (const { file, entries } of entryFiles(raws)) {
    writeFileSync(join(out, 'entries', file), stringify({ entries }, { lineWidth: 0 }));
  }
  for (const file of KNOWN_FILES) copyKnowledgeFile(from, file, out);
}

/**
 * Entries grouped into one file per category, keeping the sheet's order:
 * the loader reads files by name, so when categories are not already in
 * alphabetical runs the files get a numbered prefix (01-basics.yaml …).
 */
export function entryFiles(raws: readonly Record<string, unknown>[]): { file: string; entries: unknown[] }[] {
  const runs: { category: string; entries: unknown[] }[] = [];
  for (const raw of raws) {
    const category = String(raw.category ?? 'entries') || 'entries';
    const last = runs.at(-1);
    if (last?.category === category) last.entries.push(raw);
    else runs.push({ category, entries: [raw] });
  }
  const names = runs.map((r) => r.category);
  const plain = new Set(names).size === names.length && names.every((n, i) => i === 0 || (names[i - 1] ?? '') < n);
  const width = String(runs.length).length;
  return runs.map((run, i) => ({
    file: plain ? `${run.category}.yaml` : `${String(i + 1).padStart(Math.max(2, width), '0')}-${run.category}.yaml`,
    entries: run.entries,
  }));
}

/**
 * With one knowledge folder a file is copied as it is (comments and all).
 * With several, the merged result is written, as one folder must hold it:
 * lists joined, UI strings merged, a replaced file as its last version.
 */
function copyKnowledgeFile(kb: KnowledgeBase, file: (typeof KNOWN_FILES)[number], out: string): void {
  const sources = kb.dirs.filter((d) => existsSync(join(d, file)));
  const last = sources.at(-1);
  if (!last) return;
  if (sources.length === 1) {
    copyFileSync(join(last, file), join(out, file));
    return;
  }
  const merged = file === 'glossary.yaml' ? kb.glossary : file === 'ui.yaml' ? kb.ui : undefined;
  const outOfScope = file === 'out-of-scope.yaml' ? kb.outOfScope : undefined;
  if (merged ?? outOfScope) {
    writeFileSync(join(out, file), stringify(merged ?? outOfScope, { lineWidth: 0 }));
    return;
  }
  // A replaced file: its last version, less the `override: true` that only made sense on top of another folder.
  const doc = parseDocument(readFileSync(join(last, file), 'utf8'));
  doc.delete('override');
  writeFileSync(join(out, file), doc.toString({ lineWidth: 0 }));
}
