import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { type Lang, LangSchema } from '../knowledge/schema.js';

/**
 * The command line: which command, its words and its options, checked
 * against what that command takes. Every option is known to the parser, but
 * an option a command does not use is an error, not silently ignored: a
 * user who typed `kb check --json` expects JSON and should hear they get none.
 */

const OPTIONS = {
  lang: { type: 'string' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  explain: { type: 'boolean' },
  knowledge: { type: 'string' },
  since: { type: 'string' },
  min: { type: 'string' },
  questions: { type: 'string' },
  folds: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;
export type OptionName = keyof typeof OPTIONS;

const OPTION_HELP: Record<OptionName, string> = {
  lang: "--lang ja|en      the language of the reply (default: the text's own, else LANG)",
  json: '--json            one JSON object instead of text',
  jsonl: '--jsonl           read one question per stdin line, write one JSON object per line',
  explain: '--explain         add how the answer came about, step by step',
  knowledge: '--knowledge DIR   another knowledge folder (default: KNOWLEDGE_DIR, else the bundled one)',
  since: '--since 7d        how far back: 30m, 24h, 7d, 2w or an ISO date (default 7d)',
  min: '--min 0.8         exit 1 when an entry is right less often than this',
  questions: "--questions FILE  also test these labelled questions (the bench's devset format)",
  folds: '--folds 5         how many parts the example questions are split into',
  format: "--format jsonl    jsonl, csv or xlsx (default: from --out's extension, else jsonl)",
  out: '--out PATH        write to this file (export) or new folder (import)',
  help: '--help, -h        this text',
  version: '--version, -v     the version',
};

interface CommandSpec {
  /** Usage lines after `pmo-guide `. */
  usage: readonly string[];
  about: string;
  options: readonly OptionName[];
  /** Words after the command: free text (a question), up to one command name (help) or file, or none. */
  words: 'text' | 'command' | 'file' | 'none';
}

export const COMMANDS = {
  ask: {
    usage: ['ask "question" [--lang ja|en] [--json] [--explain]', 'ask --jsonl [--lang ja|en] [--explain]'],
    about:
      'Answers one question, or runs a command such as `help` or `cert pmp`, exactly as chat does. With --jsonl a\n' +
      'line may be {"q": "…", "session": "id"}: lines of one session are one conversation.',
    options: ['lang', 'json', 'jsonl', 'explain', 'knowledge'],
    words: 'text',
  },
  chat: {
    usage: ['chat [--knowledge DIR]'],
    about: 'Interactive terminal chat; numbers pick the buttons the last reply offered.',
    options: ['knowledge'],
    words: 'none',
  },
  'kb check': {
    usage: ['kb check [--knowledge DIR]'],
    about: 'Validates the knowledge folder and lists every problem with file, entry and field.',
    options: ['knowledge'],
    words: 'none',
  },
  'kb test': {
    usage: ['kb test [--min 0.8] [--lang ja|en] [--json] [--questions FILE] [--folds 5] [--knowledge DIR]'],
    about:
      'Asks each example question of a bot that has not seen it, and reports how often each entry is right,\n' +
      'worst first, with confusions and questions too few or too alike.',
    options: ['min', 'lang', 'json', 'questions', 'folds', 'knowledge'],
    words: 'none',
  },
  'kb export': {
    usage: ['kb export [--format jsonl|csv|xlsx] [--out FILE] [--knowledge DIR]'],
    about: 'Writes every entry: one JSON object per line by default, or a sheet (one row per entry).',
    options: ['format', 'out', 'knowledge'],
    words: 'none',
  },
  'kb import': {
    usage: ['kb import FILE --out DIR [--knowledge DIR]'],
    about: 'Turns a CSV, TSV or XLSX sheet into a complete knowledge folder that kb check accepts.',
    options: ['out', 'knowledge'],
    words: 'file',
  },
  stats: {
    usage: ['stats [--since 7d] [--json] [--lang ja|en] [--knowledge DIR]'],
    about:
      'What users asked in Slack, Teams and the terminal chat that the bot could not answer, feedback per\n' +
      'answer, and onboarding; read from the same store as the server (DATA_DIR or DATABASE_URL).',
    options: ['since', 'json', 'lang', 'knowledge'],
    words: 'none',
  },
  help: {
    usage: ['help [command]', '--version'],
    about: "This text, or one command's.",
    options: [],
    words: 'command',
  },
} as const satisfies Record<string, CommandSpec>;
export type CommandName = keyof typeof COMMANDS;

export interface Flags {
  lang?: Lang | undefined;
  json: boolean;
  jsonl: boolean;
  explain: boolean;
  knowledge?: string | undefined;
  since?: string | undefined;
  min?: string | undefined;
  questions?: string | undefined;
  folds?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
}

export type CommandLine =
  /** `bare`: no command at all, which is worth the help text but not a success. */
  | { kind: 'help'; command?: CommandName | undefined; bare?: true }
  | { kind: 'version' }
  | { kind: 'run'; command: Exclude<CommandName, 'help'>; words: string[]; flags: Flags };

const FOOTER =
  '`pmo-guide help <command>` or `pmo-guide <command> --help` explains one command.\n' +
  'Configuration: .env in the current folder, under the real environment (see .env.example).';

function usageLines(names: readonly CommandName[]): string {
  return ['usage:', ...names.flatMap((n) => COMMANDS[n].usage.map((u) => `  pmo-guide ${u}`))].join('\n');
}

/** The usage block printed under a usage error: the command's own, or every command's. */
export function usageOf(command: CommandName | undefined): string {
  return usageLines(command ? [command] : (Object.keys(COMMANDS) as CommandName[]));
}

export function helpText(command: CommandName | undefined): string {
  if (!command) return `${usageOf(undefined)}\n\n${FOOTER}`;
  const spec: CommandSpec = COMMANDS[command];
  const options = [...spec.options, 'help' as const].map((o) => `  ${OPTION_HELP[o]}`);
  return `${usageOf(command)}\n\n${spec.about}\n\noptions:\n${options.join('\n')}`;
}

/** `kb check` is one command of two words; `kb` alone names none. */
function commandOf(positionals: readonly string[]): { name?: CommandName; rest: string[] } {
  const [first = '', second = ''] = positionals;
  const two = `${first} ${second}`;
  if (Object.hasOwn(COMMANDS, two)) return { name: two as CommandName, rest: positionals.slice(2) };
  if (Object.hasOwn(COMMANDS, first)) return { name: first as CommandName, rest: positionals.slice(1) };
  return { rest: positionals.slice(1) };
}

/** The commands whose first word is `first`: `kb` names four. */
function family(first: string): CommandName[] {
  return (Object.keys(COMMANDS) as CommandName[]).filter((n) => n.startsWith(`${first} `));
}

function unknownCommand(positionals: readonly string[]): UsageError {
  const [first = '', second] = positionals;
  const subcommands = family(first).map((n) => `"${n.slice(first.length + 1)}"`);
  if (subcommands.length === 0) return new UsageError(`unknown command "${first}"`);
  if (second) return new UsageError(`unknown command "${first} ${second}"`);
  const choices = `${subcommands.slice(0, -1).join(', ')} or ${subcommands.at(-1)}`;
  return new UsageError(`${first} needs ${choices}`);
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** One clear line per mistake; node's own messages quote awkwardly and name no command. */
function checkOption(token: Token, command: CommandName | undefined): void {
  if (token.kind !== 'option') return;
  const name = token.name as OptionName;
  if (!Object.hasOwn(OPTIONS, name)) throw new UsageError(`unknown option ${token.rawName}`);
  const spec = OPTIONS[name];
  if (spec.type === 'string' && (token.value === undefined || token.value.startsWith('-'))) {
    throw new UsageError(`${token.rawName} needs a value`);
  }
  if (spec.type === 'boolean' && token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
  const allowed: readonly OptionName[] = command ? COMMANDS[command].options : [];
  if (command && name !== 'help' && name !== 'version' && !allowed.includes(name)) {
    throw new UsageError(`${token.rawName} does not apply to "${command}"`);
  }
}

function parseLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  const parsed = LangSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--lang must be "ja" or "en", not "${value}"`);
  return parsed.data;
}

function checkWords(command: CommandName, words: string[], flags: Flags): void {
  const { words: takes } = COMMANDS[command];
  const most = { none: 0, file: 1, command: 2, text: Number.POSITIVE_INFINITY }[takes];
  if (words.length > most) throw new UsageError(`unexpected "${words.slice(most).join(' ')}" after ${command}`);
  if (command === 'help' && words.length > 0 && !commandOf(words).name) throw unknownCommand(words);
  if (command !== 'ask') return;
  if (flags.jsonl && words.length > 0)
    throw new UsageError('ask --jsonl reads questions from stdin, not the command line');
  if (!flags.jsonl && !words.join(' ').trim())
    throw new UsageError('ask needs a question, e.g. pmo-guide ask "PMPとは?"');
}

function read(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
}

/**
 * The usage to show under a usage error: of the command named on the command
 * line (even one with mistakes in it), of `kb`'s commands for `kb frob`, else
 * of every command.
 */
export function usageFor(argv: readonly string[]): string {
  const { positionals } = read(argv);
  const { name } = commandOf(positionals);
  if (name) return usageOf(name);
  const related = family(positionals[0] ?? '');
  return usageLines(related.length > 0 ? related : (Object.keys(COMMANDS) as CommandName[]));
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals, tokens } = read(argv);
  const { name, rest } = commandOf(positionals);
  if (positionals.length > 0 && !name) throw unknownCommand(positionals);
  for (const token of tokens) checkOption(token, name);
  if (values.version === true) return { kind: 'version' };
  if (values.help === true) return { kind: 'help', command: name === 'help' ? commandOf(rest).name : name };
  if (!name) return { kind: 'help', bare: true };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const flags: Flags = {
    lang: parseLang(str(values.lang)),
    json: values.json === true,
    jsonl: values.jsonl === true,
    explain: values.explain === true,
    knowledge: str(values.knowledge),
    since: str(values.since),
    min: str(values.min),
    questions: str(values.questions),
    folds: str(values.folds),
    format: str(values.format),
    out: str(values.out),
  };
  checkWords(name, rest, flags);
  if (name === 'help') return { kind: 'help', command: commandOf(rest).name };
  return { kind: 'run', command: name, words: rest, flags };
}

/** package.json's version; the file sits two folders up from src/cli, three from dist/src/cli. */
export function versionText(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'pmo-guide' && typeof pkg.version === 'string') return `pmo-guide ${pkg.version}`;
    } catch {
      // Not this folder: try the next one up.
    }
  }
  return 'pmo-guide (version unknown)';
}
