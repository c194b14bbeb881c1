import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { Bot } from '../bot/bot.js';
import { UsageError } from '../errors.js';
import {
  crossValidate,
  DEFAULT_FOLDS,
  type EntryResult,
  heldOutResults,
  type LabelledQuestion,
  labelledResults,
  RECOMMENDED_QUESTIONS,
  worstFirst,
} from '../knowledge/evaluate.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { type Lang, LangSchema } from '../knowledge/schema.js';
import { Matcher } from '../match/matcher.js';
import { formatTestReport, type TestReport } from './kb-test-format.js';
import { loadKnowledgeFrom, resolveKnowledgeDir } from './knowledge-dir.js';

export interface KbTestFlags {
  knowledge?: string | undefined;
  json?: boolean | undefined;
  lang?: string | undefined;
  min?: string | undefined;
  questions?: string | undefined;
  folds?: string | undefined;
}

/** `pmo-guide kb test`: exit 1 when any entry (in either language) is right less often than --min. */
export function kbTest(flags: KbTestFlags): number {
  const min = fraction(flags.min ?? '0.8', '--min');
  const folds = Math.round(fraction(flags.folds ?? String(DEFAULT_FOLDS), '--folds', 2, 50));
  const lang: Lang = LangSchema.catch(process.env.LANG?.startsWith('ja') ? 'ja' : 'en').parse(flags.lang);
  const labelled = flags.questions ? readQuestions(flags.questions) : undefined;
  const kb = loadKnowledgeFrom(flags.knowledge);
  const started = performance.now();
  const report = run(kb, { folds, min, labelled, file: flags.questions, progress: progressBar() });
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  report.knowledge = resolveKnowledgeDir(flags.knowledge);
  process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatTestReport(report, lang)}\n`);
  return report.failing.length > 0 ? 1 : 0;
}

interface RunOptions {
  folds: number;
  min: number;
  labelled: LabelledQuestion[] | undefined;
  file: string | undefined;
  progress: (done: number, total: number) => void;
}

function run(kb: KnowledgeBase, options: RunOptions): TestReport {
  const got = crossValidate(kb, options.folds, options.progress);
  const full = new Bot({ kb });
  const entries = heldOutResults(kb, got, new Matcher(kb)).sort(worstFirst);
  const fromFile = options.labelled && labelledResults(kb, full, options.labelled).sort(worstFirst);
  const below = (r: EntryResult) => r.accuracy < options.min;
  const failing = [...entries, ...(fromFile ?? [])].filter(below).map((r) => `${r.id} (${r.lang})`);
  const sum = (rows: readonly EntryResult[], f: (r: EntryResult) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    knowledge: '',
    seconds: 0,
    folds: options.folds,
    min: options.min,
    entryCount: kb.entries.length,
    questions: sum(entries, (r) => r.total),
    right: sum(entries, (r) => r.right),
    failing: [...new Set(failing)],
    tooFew: entries.filter((r) => (r.questions ?? 0) < RECOMMENDED_QUESTIONS).map((r) => `${r.id} (${r.lang})`),
    entries,
    ...(fromFile && options.file
      ? {
          file: {
            path: options.file,
            total: sum(fromFile, (r) => r.total),
            right: sum(fromFile, (r) => r.right),
            entries: fromFile,
          },
        }
      : {}),
  };
}

function fraction(text: string, flag: string, lo = 0, hi = 1): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < lo || value > hi) {
    throw new UsageError(`${flag} must be a number from ${lo} to ${hi}, not "${text}"`);
  }
  return value;
}

const Labelled = z.object({ q: z.string().min(1), intent: z.string().min(1) }).strict();
/** The format of bench/data/devset.yaml: questions per language with their entry, and questions to decline. */
const QuestionsFile = z
  .object({
    ja: z.array(Labelled).default([]),
    en: z.array(Labelled).default([]),
    out_of_scope: z.array(z.object({ q: z.string().min(1), lang: LangSchema }).strict()).default([]),
  })
  .strict();

function readQuestions(file: string): LabelledQuestion[] {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--questions ${file}: ${(error as Error).message}`);
  }
  const parsed = QuestionsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--questions ${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const { ja, en, out_of_scope } = parsed.data;
  return [
    ...ja.map(({ q, intent }) => ({ q, lang: 'ja' as const, expected: intent })),
    ...en.map(({ q, intent }) => ({ q, lang: 'en' as const, expected: intent })),
    ...out_of_scope.map(({ q, lang }) => ({ q, lang, expected: null })),
  ];
}

/** A bar on a terminal, where someone waits; nothing at all when piped, so tools read clean output. */
function progressBar(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  if (!stream.isTTY) return () => undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} folds`);
    if (done === total) stream.write('\r\u001b[2K');
  };
}
