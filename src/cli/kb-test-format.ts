import { type EntryResult, NO_ANSWER, RECOMMENDED_QUESTIONS } from '../knowledge/evaluate.js';
import type { Lang } from '../knowledge/schema.js';

/** What `kb test --json` prints; the text report is drawn from the same object. */
export interface TestReport {
  knowledge: string;
  seconds: number;
  folds: number;
  min: number;
  entryCount: number;
  /** Example questions held out (each once). */
  questions: number;
  right: number;
  /** "id (lang)" of every entry below --min. */
  failing: string[];
  /** "id (lang)" of entries with fewer example questions than recommended. */
  tooFew: string[];
  /** Worst first. */
  entries: EntryResult[];
  /** Results for a --questions file, against the full knowledge. */
  file?: { path: string; total: number; right: number; entries: EntryResult[] };
}

const TEXT = {
  en: {
    head: (r: TestReport) =>
      `kb test: ${r.entryCount} entries, ${r.questions} example questions, each held out once (${r.folds}-fold), ${r.seconds} s — ${r.knowledge}`,
    overall: (right: number, total: number) => `right: ${right}/${total} (${percent(right, total)})`,
    worst: 'per entry, worst first:',
    goes: (count: number, to: string) => (to === NO_ANSWER ? `${count} not answered` : `${count} go to ${to}`),
    alike: 'too alike:',
    more: (n: number) => `… and ${n} more pairs (--json lists them)`,
    unused: 'keywords no question uses:',
    tooFew: (n: number) => `fewer than ${n} example questions:`,
    file: (path: string) => `questions from ${path} (against the whole knowledge):`,
    verdict: (r: TestReport) =>
      r.failing.length === 0
        ? `ok: every entry is right at least ${percent(r.min, 1)} of the time`
        : `FAIL: ${r.failing.length} below ${percent(r.min, 1)}: ${r.failing.join(', ')}`,
  },
  ja: {
    head: (r: TestReport) =>
      `kb test: ${r.entryCount}エントリ、例文${r.questions}件(各例文を一度ずつ除外して検証、${r.folds}分割)${r.seconds}秒 — ${r.knowledge}`,
    overall: (right: number, total: number) => `正解: ${right}/${total}(${percent(right, total)})`,
    worst: 'エントリ別(悪い順):',
    goes: (count: number, to: string) => (to === NO_ANSWER ? `${count}件は回答なし` : `${count}件は ${to} へ`),
    alike: '似すぎた例文:',
    more: (n: number) => `…ほか${n}組(--json で全件)`,
    unused: 'どの例文にも出てこないキーワード:',
    tooFew: (n: number) => `例文が${n}件未満:`,
    file: (path: string) => `${path} の質問(ナレッジ全体で検証):`,
    verdict: (r: TestReport) =>
      r.failing.length === 0
        ? `ok: すべてのエントリが${percent(r.min, 1)}以上正解`
        : `FAIL: ${percent(r.min, 1)}未満が${r.failing.length}件: ${r.failing.join(', ')}`,
  },
} as const;

const MAX_ALIKE_SHOWN = 3;

function percent(n: number, total: number): string {
  return `${total === 0 ? '100.0' : ((n / total) * 100).toFixed(1)}%`;
}

function entryLines(r: EntryResult, lang: Lang, min: number): string[] {
  const t = TEXT[lang];
  const mark = r.accuracy < min ? '  ✗' : '';
  const lines = [`  ${r.id} (${r.lang}) ${r.right}/${r.total} ${percent(r.right, r.total)}${mark}  ${r.title}`];
  if (r.confusions.length > 0) lines.push(`      → ${r.confusions.map((c) => t.goes(c.count, c.to)).join(', ')}`);
  // A few pairs show the pattern; the JSON report has them all.
  const alike = r.alike ?? [];
  for (const [a, b] of alike.slice(0, MAX_ALIKE_SHOWN)) lines.push(`      ${t.alike} "${a}" / "${b}"`);
  if (alike.length > MAX_ALIKE_SHOWN) lines.push(`      ${t.more(alike.length - MAX_ALIKE_SHOWN)}`);
  if (r.unusedKeywords?.length) lines.push(`      ${t.unused} ${r.unusedKeywords.join(', ')}`);
  return lines;
}

/** The report for a person, in the editor's language. */
export function formatTestReport(r: TestReport, lang: Lang): string {
  const t = TEXT[lang];
  const lines = [t.head(r), t.overall(r.right, r.questions), '', t.worst];
  for (const row of r.entries) lines.push(...entryLines(row, lang, r.min));
  if (r.tooFew.length > 0) lines.push('', `${t.tooFew(RECOMMENDED_QUESTIONS)} ${r.tooFew.join(', ')}`);
  if (r.file) {
    lines.push('', t.file(r.file.path), t.overall(r.file.right, r.file.total));
    for (const row of r.file.entries) lines.push(...entryLines(row, lang, r.min));
  }
  lines.push('', t.verdict(r));
  return lines.join('\n');
}
