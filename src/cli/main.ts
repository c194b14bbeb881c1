import { parseArgs } from 'node:util';
import { Bot } from '../bot/bot.js';
import { PmoGuideError, UsageError } from '../errors.js';
import { type Lang, LangSchema } from '../knowledge/schema.js';
import { askJsonLines, askOnce } from './ask.js';
import { chat } from './chat.js';
import { kbCommand } from './kb.js';
import { loadKnowledgeFrom } from './knowledge-dir.js';

const USAGE = `usage:
  pmo-guide ask "question" [--lang ja|en] [--json] [--explain]   --explain: why this answer, step by step
  pmo-guide ask --jsonl [--lang ja|en] [--explain]   one question per stdin line, one JSON object per line;
                                              a line {"q": "…", "session": "id"} continues that session's conversation
  pmo-guide chat                              interactive terminal chat
  pmo-guide kb check [--knowledge DIR]        validate the knowledge folder
  pmo-guide kb test [--min 0.8] [--lang ja|en] [--json] [--questions FILE] [--folds 5]
                                              each example question against a matcher that has not seen it;
                                              exit 1 when an entry is right less often than --min
  pmo-guide kb export [--format jsonl|csv|xlsx] [--out FILE]   every entry (one JSON object per line by default)
  pmo-guide kb import FILE --out DIR          a CSV, TSV or XLSX sheet → a complete knowledge folder
  pmo-guide stats [--since 7d] [--json] [--lang ja|en]   unanswered questions, feedback, onboarding
options: --knowledge DIR (or KNOWLEDGE_DIR) selects another knowledge folder, or several joined with ":"
(later folders add entries and may override some); LOG_LEVEL sets stderr logging`;

const OPTIONS = {
  lang: { type: 'string' },
  json: { type: 'boolean', default: false },
  jsonl: { type: 'boolean', default: false },
  explain: { type: 'boolean', default: false },
  knowledge: { type: 'string' },
  since: { type: 'string' },
  min: { type: 'string' },
  questions: { type: 'string' },
  folds: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Flags = ReturnType<typeof parseFlags>['values'];

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  const parsed = LangSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--lang must be "ja" or "en", not "${value}"`);
  return parsed.data;
}

async function ask(positionals: string[], flags: Flags): Promise<number> {
  const lang = parseLang(flags.lang);
  const bot = new Bot({ kb: loadKnowledgeFrom(flags.knowledge) });
  if (flags.jsonl) {
    await askJsonLines(bot, lang, process.stdin, process.stdout, flags.explain);
    return 0;
  }
  const question = positionals.join(' ');
  if (!question.trim()) throw new UsageError('ask needs a question, e.g. pmo-guide ask "PMPとは?"');
  askOnce(bot, question, { lang, json: flags.json, explain: flags.explain });
  return 0;
}

/** The terminal chat remembers onboarding progress and records analytics like the server does. */
async function chatWithRuntime(knowledge: string | undefined): Promise<void> {
  // Loaded lazily: `ask` must start fast and never touches the database drivers.
  const [{ config: loadDotenv }, { createLogger }, { createRuntime }, { loadRuntimeConfig }] = await Promise.all([
    import('dotenv'),
    import('../logger.js'),
    import('../runtime.js'),
    import('../config.js'),
  ]);
  loadDotenv({ quiet: true });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const runtime = await createRuntime(loadRuntimeConfig(), loadKnowledgeFrom(knowledge), logger);
  try {
    await chat(runtime.bot);
  } finally {
    await runtime.close();
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv);
  const [command, ...rest] = positionals;
  if (flags.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || flags.help ? 0 : 2;
  }
  switch (command) {
    case 'ask':
      return ask(rest, flags);
    case 'chat':
      await chatWithRuntime(flags.knowledge);
      return 0;
    case 'kb':
      return kbCommand(rest, flags);
    case 'stats': {
      const { statsCommand } = await import('./stats.js');
      return statsCommand(flags);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Expected problems (bad knowledge, bad usage) print as plain messages, never as stack traces. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    if (error instanceof PmoGuideError) {
      process.stderr.write(`pmo-guide: ${error.message}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}
