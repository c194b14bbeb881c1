import { readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { KnowledgeError, UsageError } from '../errors.js';
import { type KnowledgeBase, loadKnowledge } from '../knowledge/load.js';
import { COLUMNS, entryToRow, rowsToEntries } from '../knowledge/sheet.js';
import { writeKnowledgeFolder } from '../knowledge/write-folder.js';
import type { KbFlags } from './kb.js';
import { loadKnowledgeFrom } from './knowledge-dir.js';

const SHEET_NAME = 'entries';
/** Excel reads a UTF-8 CSV as the local code page (mojibake for Japanese) unless it starts with a BOM. */
const BOM = '\uFEFF';

/** `kb export`: JSON lines (the default, for tools), CSV or XLSX; stdout, or --out FILE. */
export async function kbExport(flags: KbFlags): Promise<number> {
  const kb = loadKnowledgeFrom(flags.knowledge);
  const format = flags.format ?? (flags.out ? formatOf(flags.out) : 'jsonl');
  const body = await exported(kb, format);
  if (flags.out) writeFileSync(flags.out, body);
  else process.stdout.write(body);
  return 0;
}

async function exported(kb: KnowledgeBase, format: string): Promise<string | Buffer> {
  const rows = kb.entries.map(entryToRow);
  switch (format) {
    case 'jsonl':
      return kb.entries.map((e) => `${JSON.stringify(jsonRecord(e))}\n`).join('');
    case 'csv':
      return BOM + stringifyCsv(rows, { header: true, columns: [...COLUMNS], record_delimiter: 'windows' });
    case 'xlsx':
      return xlsx(rows);
    default:
      throw new UsageError(`--format must be jsonl, csv or xlsx, not "${format}"`);
  }
}

/** The JSON-lines record `kb export` has always printed. */
function jsonRecord(e: KnowledgeBase['entries'][number]) {
  return {
    id: e.id,
    category: e.category,
    title: { ja: e.ja.title, en: e.en.title },
    answer: { ja: e.ja.answer.trim(), en: e.en.answer.trim() },
    questions: { ja: e.ja.questions, en: e.en.questions },
    keywords: { ja: e.ja.keywords, en: e.en.keywords },
    related: e.related,
    source: e.source,
  };
}

async function xlsx(rows: readonly Record<string, string>[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c, key: c, width: c.startsWith('answer') ? 60 : 24 }));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  // Fixed dates: the file's bytes then depend on the knowledge only, not on the moment of export.
  book.created = new Date(0);
  book.modified = new Date(0);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function formatOf(file: string): string {
  const ext = extname(file).slice(1).toLowerCase();
  return ext === 'tsv' ? 'tsv' : ext;
}

/** `kb import FILE --out DIR`: a sheet → a complete knowledge folder that `kb check` accepts. */
export async function kbImport(file: string | undefined, flags: KbFlags): Promise<number> {
  if (!file) throw new UsageError('kb import needs a file: pmo-guide kb import entries.csv --out DIR');
  if (!flags.out) throw new UsageError('kb import needs --out DIR, a new folder for the imported knowledge');
  const { header, rows } = await readSheet(file);
  const { raws, problems } = rowsToEntries(file, header, rows);
  if (problems.length > 0) throw new KnowledgeError(problems);
  const current = loadKnowledgeFrom(flags.knowledge);
  writeKnowledgeFolder(flags.out, raws, current);
  const kb = loadKnowledge(resolve(flags.out));
  process.stdout.write(`ok: ${kb.entries.length} entries from ${file} in ${flags.out}\n`);
  return 0;
}

interface Sheet {
  header: string[];
  rows: Record<string, string>[];
}

async function readSheet(file: string): Promise<Sheet> {
  const format = formatOf(file);
  if (format === 'xlsx') return readXlsx(file);
  if (format !== 'csv' && format !== 'tsv') throw new UsageError(`cannot import "${file}": use .csv, .tsv or .xlsx`);
  const records: string[][] = parseCsv(readFileSync(file), {
    bom: true,
    delimiter: format === 'tsv' ? '\t' : ',',
    relax_column_count: true,
    skip_empty_lines: true,
  });
  const [header = [], ...body] = records;
  return { header, rows: body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))) };
}

async function readXlsx(file: string): Promise<Sheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(SHEET_NAME) ?? book.worksheets[0];
  if (!sheet) throw new UsageError(`${file} has no worksheet`);
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = cellText(cell.value);
  });
  const rows: Record<string, string>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(header.map((h, i) => [h, cellText(row.getCell(i + 1).value)])));
  });
  return { header, rows };
}

/** A cell as text: rich text joined, numbers and dates as written, empty as "". */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value && value.result !== undefined) return String(value.result);
  return '';
}
