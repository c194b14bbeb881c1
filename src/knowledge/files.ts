import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { KnowledgeProblem } from '../errors.js';

/**
 * The largest knowledge file loaded. The biggest real one is ~35 KB; parsing
 * YAML costs many times a file's size in memory (a file of tens of MB took
 * 2 GB), so a larger file is refused by its size before it is read.
 */
export const MAX_KNOWLEDGE_FILE_BYTES = 1024 * 1024;

/** yaml's own default: more aliases than this in one file is an alias bomb ("billion laughs"), not knowledge. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads the YAML files of one or more knowledge folders, collecting problems
 * instead of throwing, and hashing every byte it reads: the hash is the
 * knowledge version /healthz reports, so two instances with the same files
 * report the same version.
 */
export class KnowledgeReader {
  readonly problems: KnowledgeProblem[] = [];
  private readonly hash: Hash = createHash('sha256');

  /** @param label how a file of `dir` is named in problems: `entries/x.yaml`, or `DIR/entries/x.yaml` with several folders */
  constructor(readonly label: (dir: string, file: string) => string) {}

  /** A short content hash of everything read so far. */
  version(): string {
    return this.hash.copy().digest('hex').slice(0, 16);
  }

  /** The parsed YAML of a file, or undefined (with a problem recorded) when it cannot be read. */
  read(dir: string, file: string): unknown {
    const full = join(dir, file);
    const name = this.label(dir, file);
    const size = statSync(full).size;
    if (size > MAX_KNOWLEDGE_FILE_BYTES) {
      const limit = `${MAX_KNOWLEDGE_FILE_BYTES / 1024 / 1024} MB`;
      this.problems.push({ file: name, path: '', message: `file is ${size} bytes; the limit is ${limit} per file` });
      return undefined;
    }
    const text = readFileSync(full, 'utf8');
    this.hash.update(`${file}\u0000${text}\u0000`);
    return parseYamlText(text, name, this.problems);
  }

  /** A file that must exist and match its schema. */
  required<S extends z.ZodType>(dir: string, file: string, schema: S): z.infer<S> | undefined {
    if (!existsSync(join(dir, file))) {
      this.problems.push({ file: this.label(dir, file), path: '', message: 'required file is missing' });
      return undefined;
    }
    return this.validate(this.label(dir, file), this.read(dir, file), schema);
  }

  validate<S extends z.ZodType>(name: string, raw: unknown, schema: S): z.infer<S> | undefined {
    if (raw === undefined) return undefined;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.problems.push(toProblem(name, issue));
    return undefined;
  }
}

/**
 * Parses one YAML text. A syntax error is reported with the YAML library's
 * own sentence ("Tabs are not allowed as indentation") and its line, which
 * tell an editor what to fix; the bare code (TAB_AS_INDENT) did not.
 */
export function parseYamlText(text: string, file: string, problems: KnowledgeProblem[]): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length === 0) return documentValue(doc, file, problems);
  for (const err of doc.errors) {
    const line = err.linePos?.[0];
    const sentence = (err.message.split('\n')[0] ?? err.code).replace(/( at line \d+, column \d+)?:?\s*$/, '');
    problems.push({
      file,
      path: line ? `line ${line.line}, column ${line.col}` : '',
      message: `YAML: ${sentence} (${err.code})`,
    });
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

export function toProblem(
  file: string,
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[] = [],
  entryId?: string,
): KnowledgeProblem {
  const path = [...prefix, ...issue.path].map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : issue.message;
  return { file, ...(entryId ? { entryId } : {}), path, message };
}
