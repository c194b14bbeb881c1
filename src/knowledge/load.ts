import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KnowledgeError } from '../errors.js';
import { checkOnboarding } from '../onboarding/check.js';
import { type OnboardingFile, OnboardingFileSchema } from '../onboarding/schema.js';
import { checkCategories, checkCommands, checkGlossary, checkPlaceholders, checkReferences } from './checks.js';
import { type LocatedEntry, mergeEntries, readEntries } from './entries.js';
import { KnowledgeReader } from './files.js';
import { additive, categoriesOf, layeredUi, replaceable, unexpectedFiles } from './layers.js';
import {
  type DetailsFile,
  DetailsFileSchema,
  type Entry,
  type Glossary,
  GlossaryFileSchema,
  type OutOfScope,
  OutOfScopeFileSchema,
  type SmallTalkFile,
  SmallTalkFileSchema,
  UiFileSchema,
  type UiStrings,
} from './schema.js';

export { MAX_KNOWLEDGE_FILE_BYTES } from './files.js';

export interface KnowledgeBase {
  /** The first (base) knowledge folder. */
  readonly dir: string;
  /** Every folder, base first; later ones add entries and may override (KNOWLEDGE_DIR=base:ours). */
  readonly dirs: readonly string[];
  /** A content hash of every file read: equal files, equal version, on every instance. */
  readonly version: string;
  /** When this knowledge was loaded (ISO 8601). */
  readonly loadedAt: string;
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

/** `KNOWLEDGE_DIR` / `--knowledge`: one folder, or several separated by the platform's path-list separator. */
export function splitKnowledgeDirs(value: string): string[] {
  return value.split(delimiter).filter((d) => d.trim().length > 0);
}

/**
 * Loads and validates every file in the knowledge folder(s). All problems are
 * collected first and thrown together, so a reviewer fixes them in one pass.
 */
export function loadKnowledge(dirOrDirs: string | readonly string[]): KnowledgeBase {
  const dirs = typeof dirOrDirs === 'string' ? splitKnowledgeDirs(dirOrDirs) : [...dirOrDirs];
  const missing = dirs.filter((d) => !existsSync(d) || !statSync(d).isDirectory());
  if (dirs.length === 0 || missing.length > 0) {
    const named = missing.length > 0 ? missing : [String(dirOrDirs)];
    throw new KnowledgeError(named.map((file) => ({ file, path: '', message: 'knowledge folder not found' })));
  }
  // With one folder problems name files as before (entries/x.yaml); with several, which folder too.
  const reader = new KnowledgeReader(dirs.length > 1 ? (dir, file) => join(dir, file) : (_dir, file) => file);
  const read = dirs.map((dir, i) => readEntries(reader, dir, i));
  const located = mergeEntries(
    read.flatMap((r) => r.entries),
    reader.problems,
  );
  const lostFile = read.some((r) => r.lostFile);
  const glossaries = glossaryLayers(reader, dirs);
  const ui = layeredUi(reader, dirs, UiFileSchema);
  for (const dir of dirs) reader.problems.push(...unexpectedFiles(reader, dir));
  const onboarding = replaceable(reader, dirs, 'onboarding.yaml', OnboardingFileSchema);
  const ids = new Set(located.map((e) => e.id));
  if (onboarding && !lostFile) reader.problems.push(...checkOnboarding(onboarding.value, ids, onboarding.label));
  const outOfScope = additive(reader, dirs, 'out-of-scope.yaml', OutOfScopeFileSchema);
  const details = replaceable(reader, dirs, 'details.yaml', DetailsFileSchema);
  const smallTalk = replaceable(reader, dirs, 'smalltalk.yaml', SmallTalkFileSchema);
  reader.problems.push(...checkReferences(located, lostFile), ...checkCommands(located));
  reader.problems.push(...checkCategories(located, categoriesOf(ui.raw)));
  if (ui.value) reader.problems.push(...checkPlaceholders(ui.value, ui.label));
  if (reader.problems.length > 0 || !glossaries || !ui.value) throw new KnowledgeError(reader.problems);
  return {
    dir: dirs[0] ?? '',
    dirs,
    version: reader.version(),
    loadedAt: new Date().toISOString(),
    ...indexed(located),
    glossary: glossaries,
    ui: ui.value,
    onboarding: onboarding?.value,
    outOfScope: mergeOutOfScope(outOfScope.map((o) => o.value)),
    details: details?.value,
    smallTalk: smallTalk?.value,
  };
}

function indexed(located: readonly LocatedEntry[]): { entries: Entry[]; byId: Map<string, Entry> } {
  const entries = located.flatMap((l) => (l.entry ? [l.entry] : []));
  return { entries, byId: new Map(entries.map((e) => [e.id, e])) };
}

/** The first folder's glossary is required; later ones add synonyms. */
function glossaryLayers(reader: KnowledgeReader, dirs: readonly string[]): Glossary | undefined {
  const [base, ...later] = dirs;
  if (base === undefined) return undefined;
  const first = reader.required(base, 'glossary.yaml', GlossaryFileSchema);
  const layers = [
    ...(first ? [{ value: first, label: reader.label(base, 'glossary.yaml') }] : []),
    ...additive(reader, later, 'glossary.yaml', GlossaryFileSchema),
  ];
  for (const { value, label } of layers) reader.problems.push(...checkGlossary(value, label));
  return first && { synonyms: layers.flatMap((l) => l.value.synonyms) };
}

function mergeOutOfScope(files: readonly OutOfScope[]): OutOfScope | undefined {
  if (files.length === 0) return undefined;
  return { ja: files.flatMap((f) => f.ja), en: files.flatMap((f) => f.en) };
}
