import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { newEntry, realKnowledge } from '../helpers/knowledge.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pmo-sheet-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/pmo-guide.js'), 'kb', ...args], { cwd: work, encoding: 'buffer' });

function ok(result: ReturnType<typeof cli>): Buffer {
  expect(result.stderr.toString(), 'stderr').toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Every file of a knowledge folder, by relative path. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (f.endsWith('.yaml')) out[f] = readFileSync(join(dir, f), 'utf8');
  }
  return out;
}

describe('spreadsheet round trip', () => {
  it('CSV: export → import → export is byte-identical, and the imported folder is the same knowledge', () => {
    const first = ok(cli('export', '--format', 'csv'));
    writeFileSync(join(work, 'entries.csv'), first);
    expect(ok(cli('import', 'entries.csv', '--out', 'from-csv')).toString()).toMatch(/^ok: \d+ entries/);
    expect(ok(cli('check', '--knowledge', 'from-csv')).toString()).toMatch(/^ok: /);
    const second = ok(cli('export', '--format', 'csv', '--knowledge', 'from-csv'));
    expect(second.equals(first)).toBe(true);
    const imported = loadKnowledge(join(work, 'from-csv'));
    expect(imported.entries).toEqual(realKnowledge().entries);
    expect(imported.ui).toEqual(realKnowledge().ui);
  });

  it('XLSX round-trips to the same YAML as CSV', () => {
    ok(cli('export', '--format', 'xlsx', '--out', 'entries.xlsx'));
    ok(cli('import', 'entries.xlsx', '--out', 'from-xlsx'));
    if (!readdirSync(work).includes('from-csv')) {
      writeFileSync(join(work, 'entries.csv'), ok(cli('export', '--format', 'csv')));
      ok(cli('import', 'entries.csv', '--out', 'from-csv'));
    }
    expect(filesOf(join(work, 'from-xlsx'))).toEqual(filesOf(join(work, 'from-csv')));
  });

  it('imports from several folders into one: their entries, in order, and the merged UI strings', () => {
    const ours = join(work, 'ours');
    mkdirSync(join(ours, 'entries'), { recursive: true });
    writeFileSync(
      join(ours, 'entries', 'ours.yaml'),
      stringify({
        entries: [newEntry('our-rules-meetings', { ja: '会議体', en: 'meetings' }, { category: 'our-rules' })],
      }),
    );
    writeFileSync(
      join(ours, 'ui.yaml'),
      stringify({ override: true, categories: { 'our-rules': { ja: '社内', en: 'Ours' } } }),
    );
    const both = `${defaultKnowledgeDir()}${delimiter}${ours}`;
    ok(cli('export', '--format', 'csv', '--knowledge', both, '--out', 'both.csv'));
    ok(cli('import', 'both.csv', '--knowledge', both, '--out', 'from-both'));
    const merged = loadKnowledge(join(work, 'from-both'));
    expect(merged.entries).toEqual(loadKnowledge(both).entries);
    expect(merged.ui.categories['our-rules']).toEqual({ ja: '社内', en: 'Ours' });
  });

  it('imports TSV, and reports bad rows by row and column', () => {
    const records: Record<string, string>[] = parseCsv(ok(cli('export', '--format', 'csv')), {
      bom: true,
      columns: true,
    });
    const rows = records.slice(0, 3).map((r) => ({ ...r }));
    const third = rows[2] as Record<string, string>;
    third.title_en = '';
    third.questions_ja = 'only one question';
    writeFileSync(join(work, 'bad.tsv'), stringifyCsv(rows, { header: true, delimiter: '\t' }));
    const result = cli('import', 'bad.tsv', '--out', 'from-bad');
    expect(result.status).toBe(1);
    const stderr = result.stderr.toString();
    expect(stderr).toContain(`bad.tsv › entry "${third.id}" › row 4, column title_en: must not be empty`);
    expect(stderr).toContain('row 4, column questions_ja: needs at least 6 example questions');
    expect(readdirSync(work)).not.toContain('from-bad');
  });
});
