import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeProblem } from '../errors.js';
import type { KnowledgeReader } from './files.js';
import { toProblem } from './files.js';
import { type Entry, EntryFileShape, EntrySchema } from './schema.js';

/** An entry where it was found; `entry` is absent when it failed validation but had an id. */
export interface LocatedEntry {
  file: string;
  /** Which knowledge folder (0 = the first) it came from. */
  folder: number;
  id: string;
  override: boolean;
  entry?: Entry;
}

export interface FolderEntries {
  entries: LocatedEntry[];
  /** A whole entry file could not be read: its ids are unknown, so "unknown id" elsewhere would only be noise. */
  lostFile: boolean;
}

/** Every entry of one folder's entries/*.yaml, valid or not (an invalid one keeps its id). */
export function readEntries(reader: KnowledgeReader, dir: string, folder: number): FolderEntries {
  const entriesDir = join(dir, 'entries');
  if (!existsSync(entriesDir)) {
    // Only the first folder must have entries: a later one may bring just a glossary or UI strings.
    if (folder === 0) reader.problems.push({ file: 'entries/', path: '', message: 'folder of entry files is missing' });
    return { entries: [], lostFile: false };
  }
  const files = readdirSync(entriesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0 && folder === 0) {
    reader.problems.push({ file: 'entries/', path: '', message: 'no .yaml entry files' });
  }
  let lostFile = false;
  const entries = files.flatMap((f) => {
    const file = reader.label(dir, `entries/${f}`);
    const parsed = reader.validate(file, reader.read(dir, `entries/${f}`), EntryFileShape);
    if (!parsed) lostFile = true;
    return parsed ? parsed.entries.flatMap((raw, i) => validateEntry(file, folder, raw, i, reader.problems)) : [];
  });
  return { entries, lostFile };
}

/**
 * Entries are validated one by one so a broken entry does not hide its
 * neighbours: the others still load and their related ids still resolve.
 * An invalid entry keeps its id (when it has one) for the same reason.
 */
function validateEntry(
  file: string,
  folder: number,
  raw: unknown,
  i: number,
  problems: KnowledgeProblem[],
): LocatedEntry[] {
  const result = EntrySchema.safeParse(raw);
  if (result.success) {
    const entry = result.data;
    return [{ file, folder, id: entry.id, override: entry.override === true, entry }];
  }
  const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as { id?: unknown; override?: unknown };
  const id = typeof fields.id === 'string' ? fields.id : undefined;
  for (const issue of result.error.issues) {
    problems.push(toProblem(file, issue, ['entries', i], id ?? `#${i + 1}`));
  }
  return id ? [{ file, folder, id, override: fields.override === true }] : [];
}

/**
 * Later folders add entries and may replace one of an earlier folder, but
 * only on purpose (`override: true`); any other repeated id is an error
 * naming both files. The replacement takes the original's place, so lists
 * keep their order.
 */
export function mergeEntries(located: readonly LocatedEntry[], problems: KnowledgeProblem[]): LocatedEntry[] {
  const byId = new Map<string, LocatedEntry>();
  for (const item of located) {
    const first = byId.get(item.id);
    const at = (message: string) => problems.push({ file: item.file, entryId: item.id, path: 'id', message });
    if (!first) {
      if (item.override) at('has "override: true" but no earlier knowledge folder defines this id');
      byId.set(item.id, item);
    } else if (item.override && first.folder < item.folder) {
      byId.set(item.id, item);
    } else if (first.folder < item.folder) {
      at(`duplicate id (first defined in ${first.file}); add "override: true" to replace that entry on purpose`);
    } else {
      at(`duplicate id (first defined in ${first.file})`);
    }
  }
  return [...byId.values()];
}
