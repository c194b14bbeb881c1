import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { KnowledgeError, type KnowledgeProblem } from '../errors.js';
import { checkOnboarding } from '../onboarding/check.js';
import { type OnboardingFile, OnboardingFileSchema } from '../onboarding/schema.js';
import {
  type DetailsFile,
  DetailsFileSchema,
  type Entry,
  EntryFileShape,
  EntrySchema,
  type Glossary,
  GlossaryFileSchema,
  type OutOfScope,
  OutOfScopeFileSchema,
  type SmallTalkFile,
  SmallTalkFileSchema,
  UiFileSchema,
  type UiStrings,
} from './schema.js';

export interface KnowledgeBase {
  readonly dir: string;
  readonly entries: readonly Entry[];
  readonly byId: ReadonlyMap<string, Entry>;
  readonly glossary: Glossary;
  readonly ui: UiStrings;
  /** The guided path for new members (knowledge/onboarding.yaml), when the folder has one. */
  readonly onboarding?: OnboardingFile | undefined;
  /** Questions to decline (knowledge/out-of-scope.yaml), when the folder has one. */
  readonly outOfScope?: OutOfScope | undefined;
  /** Details questions ask for, unknown topics and comparison words (knowledge/details.yaml), when present. */
  readonly details?: DetailsFile | undefined;
  /** Thanks / ok / bye phrases and their replies (knowledge/smalltalk.yaml), when present. */
  readonly smallTalk?: SmallTalkFile | undefined;
}

/**
 * The largest knowledge file loaded. The biggest real one is ~35 KB; parsing
 * YAML costs many times a file's size in memory (a file of tens of MB took
 * 2 GB), so a larger file is refused by its size before it is read.
 */
export const MAX_KNOWLEDGE_FILE_BYTES = 1024 * 1024;

/** yaml's own default: more aliases than this in one file is an alias bomb ("billion laughs"), not knowledge. */
const MAX_ALIAS_COUNT = 100;

const KNOWN_FILES = [
  'glossary.yaml',
  'ui.yaml',
  'onboarding.yaml',
  'out-of-scope.yaml',
  'details.yaml',
  'smalltalk.yaml',
];

/**
 * Loads and validates every file in the knowledge folder. All problems are
 * collected first and thrown together, so a reviewer fixes them in one pass.
 */
export function loadKnowledge(dir: string): KnowledgeBase {
  const problems: KnowledgeProblem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new KnowledgeError([{ file: dir, path: '', message: 'knowledge folder not found' }]);
  }
  const entries = loadEntries(dir, problems);
  const glossary = loadFile(dir, 'glossary.yaml', GlossaryFileSchema, problems);
  const ui = loadFile(dir, 'ui.yaml', UiFileSchema, problems);
  problems.push(...unexpectedFiles(dir));
  const byId = indexEntries(entries, problems);
  const onboarding = optionalFile(dir, 'onboarding.yaml', OnboardingFileSchema, problems);
  if (onboarding) problems.push(...checkOnboarding(onboarding, byId));
  const outOfScope = optionalFile(dir, 'out-of-scope.yaml', OutOfScopeFileSchema, problems);
  const details = optionalFile(dir, 'details.yaml', DetailsFileSchema, problems);
  const smallTalk = optionalFile(dir, 'smalltalk.yaml', SmallTalkFileSchema, problems);
  problems.push(...checkComparisons(entries));
  if (problems.length > 0 || !glossary || !ui) throw new KnowledgeError(problems);
  return { dir, entries: [...byId.values()], byId, glossary, ui, onboarding, outOfScope, details, smallTalk };
}

/** An entry where it was found; `entry` is absent when it failed validation but had an id. */
interface LocatedEntry {
  file: string;
  id: string;
  entry?: Entry;
}

function loadEntries(dir: string, problems: KnowledgeProblem[]): LocatedEntry[] {
  const entriesDir = join(dir, 'entries');
  if (!existsSync(entriesDir)) {
    problems.push({ file: 'entries/', path: '', message: 'folder of entry files is missing' });
    return [];
  }
  const files = readdirSync(entriesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) problems.push({ file: 'entries/', path: '', message: 'no .yaml entry files' });
  return files.flatMap((f) => {
    const file = `entries/${f}`;
    const parsed = loadFile(dir, file, EntryFileShape, problems);
    return parsed ? parsed.entries.flatMap((raw, i) => validateEntry(file, raw, i, problems)) : [];
  });
}

/**
 * Entries are validated one by one so a broken entry does not hide its
 * neighbours: the others still load and their related ids still resolve.
 * An invalid entry keeps its id (when it has one) for the same reason.
 */
function validateEntry(file: string, raw: unknown, i: number, problems: KnowledgeProblem[]): LocatedEntry[] {
  const result = EntrySchema.safeParse(raw);
  if (result.success) return [{ file, id: result.data.id, entry: result.data }];
  const rawId = (raw as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'string' ? rawId : undefined;
  for (const issue of result.error.issues) {
    problems.push(toProblem(file, issue, ['entries', i], id ?? `#${i + 1}`));
  }
  return id ? [{ file, id }] : [];
}

function loadFile<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
  problems: KnowledgeProblem[],
): z.infer<S> | undefined {
  const full = join(dir, file);
  if (!existsSync(full)) {
    problems.push({ file, path: '', message: 'required file is missing' });
    return undefined;
  }
  const raw = parseYaml(full, file, problems);
  if (raw === undefined) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(toProblem(file, issue));
  return undefined;
}

function optionalFile<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
  problems: KnowledgeProblem[],
): z.infer<S> | undefined {
  return existsSync(join(dir, file)) ? loadFile(dir, file, schema, problems) : undefined;
}

function parseYaml(full: string, file: string, problems: KnowledgeProblem[]): unknown {
  const size = statSync(full).size;
  if (size > MAX_KNOWLEDGE_FILE_BYTES) {
    const limit = `${MAX_KNOWLEDGE_FILE_BYTES / 1024 / 1024} MB`;
    problems.push({ file, path: '', message: `file is ${size} bytes; the limit is ${limit} per file` });
    return undefined;
  }
  const doc = parseDocument(readFileSync(full, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length === 0) return documentValue(doc, file, problems);
  for (const err of doc.errors) {
    const line = err.linePos?.[0];
    problems.push({ file, path: line ? `line ${line.line}, column ${line.col}` : '', message: `YAML: ${err.code}` });
  }
  return undefined;
}

/** toJS throws (not reports) on an alias bomb; it becomes one more problem naming the file. */
function documentValue(doc: ReturnType<typeof parseDocument>, file: string, problems: KnowledgeProblem[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ file, path: '', message: `YAML: ${reason}` });
    return undefined;
  }
}

function toProblem(
  file: string,
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[] = [],
  entryId?: string,
): KnowledgeProblem {
  const path = [...prefix, ...issue.path].map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : issue.message;
  return { file, ...(entryId ? { entryId } : {}), path, message };
}

/** Valid entries by id; reports duplicate ids and related ids that point nowhere (invalid entries' ids still count). */
function indexEntries(entries: LocatedEntry[], problems: KnowledgeProblem[]): Map<string, Entry> {
  const byId = new Map<string, Entry>();
  const fileOf = new Map<string, string>();
  for (const { file, id, entry } of entries) {
    const first = fileOf.get(id);
    if (first) {
      problems.push({ file, entryId: id, path: 'id', message: `duplicate id (first defined in ${first})` });
      continue;
    }
    fileOf.set(id, file);
    if (entry) byId.set(id, entry);
  }
  for (const { file, id, entry } of entries) {
    entry?.related.forEach((rel, i) => {
      if (!fileOf.has(rel)) {
        problems.push({ file, entryId: id, path: `related.${i}`, message: `unknown entry id "${rel}"` });
      } else if (rel === id) {
        problems.push({ file, entryId: id, path: `related.${i}`, message: 'an entry cannot relate to itself' });
      }
    });
  }
  return byId;
}

/** A misspelt file name (e.g. glosary.yaml) would otherwise be silently ignored. */
function unexpectedFiles(dir: string): KnowledgeProblem[] {
  const known = new Set(KNOWN_FILES);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !known.has(f))
    .map((f) => ({
      file: f,
      path: '',
      message: `unexpected file (known files: ${[...known].join(', ')}, entries/*.yaml)`,
    }));
}

/** `compares` and `about` must name other, existing entries. */
function checkComparisons(entries: readonly LocatedEntry[]): KnowledgeProblem[] {
  const ids = new Set(entries.map((e) => e.id));
  return entries.flatMap(({ file, id, entry }) => {
    const refs: [string, string][] = (entry?.compares ?? []).map((other, i) => [`compares.${i}`, other]);
    if (entry?.about) refs.push(['about', entry.about]);
    return refs.flatMap(([path, other]) =>
      ids.has(other) && other !== id
        ? []
        : [{ file, entryId: id, path, message: `unknown or own entry id "${other}"` }],
    );
  });
}
