import type { KnowledgeProblem } from '../errors.js';
import { toProblem } from './files.js';
import { type Entry, EntrySchema, LANGS } from './schema.js';

/**
 * One spreadsheet row per entry, for editors who work in Excel or Google
 * Sheets. Lists (questions, keywords, related ids…) are one item per line
 * inside their cell, since questions may hold commas.
 */
export const COLUMNS = [
  'id',
  'category',
  'source',
  'related',
  'names',
  'about',
  'compares',
  'next',
  'commands',
  'title_ja',
  'answer_ja',
  'questions_ja',
  'keywords_ja',
  'title_en',
  'answer_en',
  'questions_en',
  'keywords_en',
] as const;
export type Column = (typeof COLUMNS)[number];
/** Columns added after sheets were first exported: a sheet without them still imports. */
const LATER_COLUMNS: readonly Column[] = ['next'];
export type Row = Record<Column, string>;

const lines = (items: readonly string[] | undefined) => (items ?? []).join('\n');
const items = (cell: string) =>
  cell
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** The merged view of an entry: `override` belongs to a folder layout, not to the entry. */
export function entryToRow(e: Entry): Row {
  return {
    id: e.id,
    category: e.category,
    source: e.source,
    related: lines(e.related),
    names: lines(e.names),
    about: e.about ?? '',
    compares: lines(e.compares),
    next: e.next ?? '',
    commands: lines(e.commands),
    title_ja: e.ja.title,
    answer_ja: e.ja.answer,
    questions_ja: lines(e.ja.questions),
    keywords_ja: lines(e.ja.keywords),
    title_en: e.en.title,
    answer_en: e.en.answer,
    questions_en: lines(e.en.questions),
    keywords_en: lines(e.en.keywords),
  };
}

/** The entry as YAML would hold it: empty optional lists and fields are left out, as an editor writes them. */
export function rowToRaw(row: Row): Record<string, unknown> {
  const list = (column: Column) => (items(row[column]).length > 0 ? { [column]: items(row[column]) } : {});
  const side = (lang: 'ja' | 'en') => ({
    title: row[`title_${lang}`],
    answer: row[`answer_${lang}`],
    questions: items(row[`questions_${lang}`]),
    keywords: items(row[`keywords_${lang}`]),
  });
  return {
    id: row.id.trim(),
    category: row.category.trim(),
    source: row.source,
    ...list('related'),
    ...list('names'),
    ...(row.about.trim() ? { about: row.about.trim() } : {}),
    ...list('compares'),
    ...(row.next?.trim() ? { next: row.next.trim() } : {}),
    ...list('commands'),
    ja: side('ja'),
    en: side('en'),
  };
}

/** The column a schema path lands in: ja.questions.3 → questions_ja. */
function columnOf(path: readonly PropertyKey[]): string {
  const [head, field] = path.map(String);
  if (head && (LANGS as readonly string[]).includes(head) && field) return `${field}_${head}`;
  return head ?? '';
}

/**
 * Header check and per-row validation; problems name the sheet, the row (as
 * a spreadsheet numbers it: the header is row 1) and the column.
 */
export function rowsToEntries(
  sheet: string,
  header: readonly string[],
  rows: readonly Record<string, string>[],
): { raws: Record<string, unknown>[]; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  const missing = COLUMNS.filter((c) => !header.includes(c) && !LATER_COLUMNS.includes(c));
  const unknown = header.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0)
    problems.push({ file: sheet, path: 'row 1', message: `missing column(s): ${missing.join(', ')}` });
  if (unknown.length > 0)
    problems.push({ file: sheet, path: 'row 1', message: `unknown column(s): ${unknown.join(', ')}` });
  if (problems.length > 0) return { raws: [], problems };
  const raws = rows.map((cells, i) => {
    const raw = rowToRaw(cells as Row);
    const result = EntrySchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const problem = toProblem(sheet, issue, [], String(raw.id || `row ${i + 2}`));
        problems.push({ ...problem, path: `row ${i + 2}, column ${columnOf(issue.path)}` });
      }
    }
    return raw;
  });
  return { raws, problems };
}
