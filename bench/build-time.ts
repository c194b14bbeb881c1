/**
 * Start-up and hot-reload cost as the knowledge grows: loading (read, parse,
 * validate) and building the bot (matcher, classifier, understanding) for
 * the shipped knowledge and for synthetic copies of it 5× and 20× larger.
 * `node dist/bench/build-time.js`; `npm run bench` prints the same table.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { Bot, defaultKnowledgeDir, loadKnowledge } from '../src/index.js';

type Raw = Record<string, unknown> & { id: string; ja: Side; en: Side };
type Side = { title: string; questions: string[]; keywords: string[] };

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

/** Copy k of an entry: every id, name, title, question and keyword carries the copy's own word. */
function copyOf(entry: Raw, k: number): Raw {
  const word = `${WORDS[k % WORDS.length]}${Math.floor(k / WORDS.length) || ''}`;
  const id = (x: unknown) => `${String(x)}-${word}`;
  const list = (x: unknown, f: (s: string) => string) => (Array.isArray(x) ? x.map((s) => f(String(s))) : x);
  const side = (s: Side): Side => ({
    ...s,
    title: `${s.title} ${word}`,
    questions: s.questions.map((q) => `${word} ${q}`),
    keywords: [...s.keywords, word],
  });
  const copy: Raw = { ...entry, id: id(entry.id), ja: side(entry.ja), en: side(entry.en) };
  for (const key of ['related', 'compares']) if (key in entry) copy[key] = list(entry[key], id);
  if ('about' in entry) copy.about = id(entry.about);
  if ('names' in entry) copy.names = list(entry.names, (n) => `${n} ${word}`);
  copy.commands = [];
  return copy;
}

/** The shipped knowledge with `times` copies of every entry, in a temp folder. */
export function syntheticKnowledge(times: number): string {
  const dir = mkdtempSync(join(tmpdir(), `pmo-kb-x${times}-`));
  cpSync(defaultKnowledgeDir(), dir, { recursive: true });
  for (const file of readdirSync(join(dir, 'entries'))) {
    const path = join(dir, 'entries', file);
    const { entries } = parse(readFileSync(path, 'utf8')) as { entries: Raw[] };
    const copies = Array.from({ length: times - 1 }, (_, k) => entries.map((e) => copyOf(e, k + 1))).flat();
    // One file per copy keeps each under the per-file size limit.
    writeFileSync(path, stringify({ entries }));
    for (let k = 0; k < times - 1; k++) {
      const part = copies.slice(k * entries.length, (k + 1) * entries.length);
      writeFileSync(join(dir, 'entries', `${file.replace(/\.yaml$/, '')}-${k + 1}.yaml`), stringify({ entries: part }));
    }
  }
  return dir;
}

export interface BuildTime {
  label: string;
  entries: number;
  loadMs: number;
  buildMs: number;
}

function measure(label: string, dir: string): BuildTime {
  const t0 = performance.now();
  const kb = loadKnowledge(dir);
  const t1 = performance.now();
  new Bot({ kb });
  const t2 = performance.now();
  return { label, entries: kb.entries.length, loadMs: t1 - t0, buildMs: t2 - t1 };
}

/** Shipped, 5× and 20×; one warm-up build first so the figures are not JIT start-up. */
export function buildTimes(): BuildTime[] {
  measure('warm-up', defaultKnowledgeDir());
  const rows = [measure('shipped', defaultKnowledgeDir())];
  for (const times of [5, 20]) {
    const dir = syntheticKnowledge(times);
    try {
      rows.push(measure(`synthetic ${times}×`, dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function buildTimeTable(rows: readonly BuildTime[]): string {
  const lines = [
    '| knowledge | entries | load ms | build ms | total per entry (ms) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const per = (r.loadMs + r.buildMs) / r.entries;
      return `| ${r.label} | ${r.entries} | ${r.loadMs.toFixed(0)} | ${r.buildMs.toFixed(0)} | ${per.toFixed(1)} |`;
    }),
  ];
  lines.push('', 'Linear growth keeps "total per entry" about flat.');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`Knowledge load and bot build time\n\n${buildTimeTable(buildTimes())}\n`);
}
