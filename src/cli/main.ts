import { loadCliConfig } from '../config.js';
import { loadEnvironment } from '../environment.js';
import { PmoGuideError, UsageError } from '../errors.js';
import { type CommandLine, type Flags, helpText, parseCommandLine, usageFor, versionText } from './args.js';
import { askBot, askJsonLines, askOnce } from './ask.js';
import { loadKnowledgeIndexed } from './knowledge-index.js';
import { endQuietlyWhenStdoutCloses } from './output.js';

async function ask(words: string[], flags: Flags): Promise<number> {
  const bot = askBot(await loadKnowledgeIndexed(flags.knowledge), flags.lang);
  if (flags.jsonl) {
    await askJsonLines(bot, flags.lang, process.stdin, process.stdout, flags.explain);
    return 0;
  }
  await askOnce(bot, words.join(' '), { lang: flags.lang, json: flags.json, explain: flags.explain });
  return 0;
}

/** The terminal chat remembers onboarding progress and records analytics like the server does. */
async function chatWithRuntime(knowledge: string | undefined, logLevel: string): Promise<void> {
  // Loaded lazily: `ask` must start fast and never touches the database drivers.
  const [{ createLogger }, { createRuntime }, { loadRuntimeConfig }, { chat }] = await Promise.all([
    import('../logger.js'),
    import('../runtime.js'),
    import('../config.js'),
    import('./chat.js'),
  ]);
  const logger = createLogger(logLevel);
  const runtime = await createRuntime(loadRuntimeConfig(), await loadKnowledgeIndexed(knowledge), logger);
  try {
    await chat(runtime.bot);
  } finally {
    await runtime.close();
  }
}

async function run(line: Extract<CommandLine, { kind: 'run' }>): Promise<number> {
  const { command, words, flags } = line;
  // Read once, before any command: .env under the real environment, validated the same way for all.
  loadEnvironment();
  const config = loadCliConfig();
  switch (command) {
    case 'ask':
      return ask(words, flags);
    case 'chat':
      await chatWithRuntime(flags.knowledge, config.logLevel);
      return 0;
    case 'stats': {
      const { statsCommand } = await import('./stats.js');
      return statsCommand(flags);
    }
    default: {
      // Loaded lazily like chat and stats: `ask` needs none of the kb tools (YAML, spreadsheets).
      const { kbCommand } = await import('./kb.js');
      return kbCommand([command.slice('kb '.length), ...words], flags);
    }
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.kind === 'version') {
    process.stdout.write(`${versionText()}\n`);
    return 0;
  }
  if (line.kind === 'help') {
    process.stdout.write(`${helpText(line.command)}\n`);
    return line.bare ? 2 : 0;
  }
  return run(line);
}

/** Expected problems (bad knowledge, bad usage, bad configuration) print as plain messages, never as stack traces. */
export async function main(argv: string[]): Promise<number> {
  endQuietlyWhenStdoutCloses();
  try {
    return await dispatch(argv);
  } catch (error) {
    if (!(error instanceof PmoGuideError)) throw error;
    process.stderr.write(`pmo-guide: ${error.message}\n`);
    if (error instanceof UsageError) process.stderr.write(`\n${usageFor(argv)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
