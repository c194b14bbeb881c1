import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { KnowledgeProblem } from '../errors.js';
import type { KnowledgeReader } from './files.js';

/**
 * The knowledge files besides entries, read across several folders. A later
 * folder adds to the lists (glossary, out-of-scope) and may replace a whole
 * file or some UI strings, but only when it says so (`override: true` at the
 * top of the file): nothing an earlier folder defines changes silently.
 */

export const KNOWN_FILES = [
  'glossary.yaml',
  'ui.yaml',
  'onboarding.yaml',
  'out-of-scope.yaml',
  'details.yaml',
  'smalltalk.yaml',
] as const;

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The file's raw value in each folder that has it, with its label. */
function present(reader: KnowledgeReader, dirs: readonly string[], file: string): { label: string; raw: unknown }[] {
  return dirs.flatMap((dir) =>
    existsSync(join(dir, file)) ? [{ label: reader.label(dir, file), raw: reader.read(dir, file) }] : [],
  );
}

/** Splits off a top-level `override: true`, which says "replace what an earlier folder defines". */
function takeOverride(raw: unknown): { override: boolean; rest: unknown } {
  if (!isObject(raw) || !('override' in raw)) return { override: false, rest: raw };
  const { override, ...rest } = raw;
  return { override: override === true, rest };
}

function overrideProblem(label: string, earlier: string | undefined): KnowledgeProblem {
  const message = earlier
    ? `${earlier} already defines this file; add "override: true" at the top to replace it on purpose`
    : 'has "override: true" but no earlier knowledge folder defines this file';
  return { file: label, path: 'override', message };
}

/** A file a later folder may replace whole (onboarding, details, small talk). */
export function replaceable<S extends z.ZodType>(
  reader: KnowledgeReader,
  dirs: readonly string[],
  file: string,
  schema: S,
): { value: z.infer<S>; label: string } | undefined {
  let current: { value: z.infer<S>; label: string } | undefined;
  let earlier: string | undefined;
  for (const { label, raw } of present(reader, dirs, file)) {
    const { override, rest } = takeOverride(raw);
    if (override !== (earlier !== undefined)) reader.problems.push(overrideProblem(label, earlier));
    const value = reader.validate(label, rest, schema);
    if (value !== undefined) current = { value, label };
    earlier = label;
  }
  return current;
}

/** A file whose later copies add items (glossary synonyms, out-of-scope questions); the first is the base. */
export function additive<S extends z.ZodType>(
  reader: KnowledgeReader,
  dirs: readonly string[],
  file: string,
  schema: S,
): { value: z.infer<S>; label: string }[] {
  return present(reader, dirs, file).flatMap(({ label, raw }) => {
    const value = reader.validate(label, raw, schema);
    return value === undefined ? [] : [{ value, label }];
  });
}

/** The merged UI strings when valid; `raw` is the best merge even when not, for checks that can still run. */
export interface UiLayers<T> {
  value: T | undefined;
  raw: unknown;
  label: string;
}

/**
 * ui.yaml: the first folder's file is complete; a later one, marked
 * `override: true`, lists only the strings it changes. Each layer is checked
 * merged onto the ones before it, and its problems name its own file.
 */
export function layeredUi<S extends z.ZodType>(
  reader: KnowledgeReader,
  dirs: readonly string[],
  schema: S,
): UiLayers<z.infer<S>> {
  const [base = '', ...later] = dirs;
  let label = reader.label(base, 'ui.yaml');
  if (!existsSync(join(base, 'ui.yaml'))) {
    reader.problems.push({ file: label, path: '', message: 'required file is missing' });
    return { value: undefined, raw: undefined, label };
  }
  let raw = reader.read(base, 'ui.yaml');
  let value: z.infer<S> | undefined = reader.validate(label, raw, schema);
  for (const layer of present(reader, later, 'ui.yaml')) {
    const { override, rest } = takeOverride(layer.raw);
    if (!override) reader.problems.push(overrideProblem(layer.label, label));
    raw = deepMerge(raw, rest);
    value = value === undefined ? undefined : reader.validate(layer.label, raw, schema);
    label = layer.label;
  }
  return { value, raw, label };
}

/** The categories a UI file names, even when something else in it is invalid. */
export function categoriesOf(raw: unknown): Record<string, unknown> {
  return isObject(raw) && isObject(raw.categories) ? raw.categories : {};
}

function deepMerge(base: unknown, layer: unknown): unknown {
  if (!isObject(base) || !isObject(layer)) return layer === undefined ? base : layer;
  const out: Raw = { ...base };
  for (const [key, value] of Object.entries(layer)) out[key] = deepMerge(base[key], value);
  return out;
}

/** A misspelt file name (e.g. glosary.yaml) would otherwise be silently ignored. */
export function unexpectedFiles(reader: KnowledgeReader, dir: string): KnowledgeProblem[] {
  const known = new Set<string>(KNOWN_FILES);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !known.has(f))
    .map((f) => ({
      file: reader.label(dir, f),
      path: '',
      message: `unexpected file (known files: ${[...known].join(', ')}, entries/*.yaml)`,
    }));
}
