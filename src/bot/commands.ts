import Fuse from 'fuse.js';

/**
 * The text commands shared by Slack's `/pmo …` and Teams' typed commands.
 * Parsing lives here once; adapters only pass the text through.
 */
export type Command =
  | { name: 'help' }
  | { name: 'cert'; arg?: string }
  | { name: 'role'; arg: string }
  | { name: 'skills'; arg?: 'pm' | 'pmo' }
  | { name: 'career'; arg?: 'pm' | 'pmo' }
  | { name: 'onboard'; arg?: 'status' | 'restart' }
  | { name: 'stats'; arg?: string }
  | { name: 'unknown'; word: string; suggestion: string }
  | { name: 'question'; text: string };

export const COMMAND_NAMES = ['help', 'cert', 'role', 'skills', 'career', 'onboard', 'stats'] as const;

const commandFuse = new Fuse([...COMMAND_NAMES, 'certs', 'skill', 'careers', 'roles'], {
  includeScore: true,
  threshold: 0.4,
});
const ALIASES: Record<string, (typeof COMMAND_NAMES)[number]> = {
  '?': 'help',
  '？': 'help',
  ヘルプ: 'help',
  certs: 'cert',
  skill: 'skills',
  careers: 'career',
  roles: 'role',
};

function splitWords(text: string): [string, string] {
  const trimmed = text.normalize('NFKC').trim();
  const space = trimmed.search(/\s/);
  if (space < 0) return [trimmed.toLowerCase(), ''];
  return [trimmed.slice(0, space).toLowerCase(), trimmed.slice(space + 1).trim()];
}

const pmOrPmo = (arg: string): 'pm' | 'pmo' | undefined =>
  arg.toLowerCase() === 'pm' ? 'pm' : arg.toLowerCase() === 'pmo' ? 'pmo' : undefined;

function build(name: (typeof COMMAND_NAMES)[number], arg: string): Command | undefined {
  switch (name) {
    case 'help':
      return arg ? undefined : { name };
    case 'cert':
      return arg ? { name, arg } : { name };
    case 'role':
      return arg ? { name, arg } : { name: 'help' };
    case 'skills':
    case 'career': {
      const which = pmOrPmo(arg);
      if (arg && !which) return undefined;
      return which ? { name, arg: which } : { name };
    }
    case 'onboard': {
      const op = arg.toLowerCase();
      if (op === 'status' || op === 'restart') return { name, arg: op };
      return arg ? undefined : { name };
    }
    case 'stats':
      return arg ? { name, arg } : { name };
  }
}

/**
 * `lenient` is for slash-command arguments, where the user addressed the bot
 * on purpose: a near-miss like "crt" is an unknown command with a
 * suggestion. Free chat text is strict: only an exact command form counts,
 * so "career path for PMO?" stays a question.
 */
export function parseCommand(text: string, mode: 'lenient' | 'strict'): Command {
  const [head, rest] = splitWords(text);
  if (!head) return { name: 'help' };
  const name = ALIASES[head] ?? (COMMAND_NAMES as readonly string[]).find((c) => c === head);
  if (name) {
    const parsed = build(name as (typeof COMMAND_NAMES)[number], rest);
    if (parsed) return parsed;
    return { name: 'question', text };
  }
  if (mode === 'lenient' && !rest && /^[a-z]+$/.test(head)) {
    const [hit] = commandFuse.search(head, { limit: 1 });
    if (hit) return { name: 'unknown', word: head, suggestion: ALIASES[hit.item] ?? hit.item };
  }
  return { name: 'question', text };
}
