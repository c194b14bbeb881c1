import type { KnowledgeBase } from '../knowledge/load.js';
import type { Entry, Lang, ListingCommand } from '../knowledge/schema.js';
import { PRODUCT_NAME } from '../product.js';
import type { Reply } from '../reply.js';
import { type AnswerContext, askButton, entryReply, notice } from './answer.js';
import type { Command } from './commands.js';
import { switchButton } from './language-switch.js';
import { answerQuestion } from './question.js';

export { notice } from './answer.js';

const HELP_EXAMPLES = ['cert', 'role pmo', 'skills pm', 'career pmo'];

export function helpReply(ctx: AnswerContext, lang: Lang): Reply {
  const reply = notice('help', lang, PRODUCT_NAME, ctx.kb.ui.help[lang]);
  const command = (c: string, label: string) => ({ label, action: { type: 'command' as const, command: c, lang } });
  // Only the examples this knowledge can answer: an organisation's own folder may have no roles at all.
  const examples = HELP_EXAMPLES.filter((f) =>
    f === 'cert' ? listedBy(ctx.kb, 'cert').length > 0 : openedBy(ctx.kb, f),
  );
  reply.actions = [...examples, 'onboard'].map((c) => command(c, c));
  return reply;
}

/**
 * The entries a command lists, from the knowledge (`commands:` on each
 * entry), in knowledge order: a new `cert …` entry shows up in `/pmo cert`
 * with no code change.
 */
export function listedBy(kb: KnowledgeBase, name: ListingCommand): Entry[] {
  return kb.entries.filter((e) => e.commands.some((form) => form.startsWith(`${name} `)));
}

/** The entry a command form (`role expert`) opens, if any. */
function openedBy(kb: KnowledgeBase, form: string): Entry | undefined {
  return kb.entries.find((e) => e.commands.includes(form));
}

const idsOf = (entries: readonly Entry[]) => entries.map((e) => e.id);

function certList(ctx: AnswerContext, lang: Lang): Reply {
  const entries = listedBy(ctx.kb, 'cert');
  const lines = entries.map((e) => `- ${e[lang].title}`);
  const reply = notice('list', lang, ctx.kb.ui.certList[lang], lines.join('\n'));
  reply.actions = entries.map((e) => askButton(e, lang));
  reply.languageSwitch = switchButton({ kind: 'command', command: 'cert' }, lang);
  reply.share = { type: 'command', command: 'cert', lang };
  return reply;
}

/** Looks the argument up among a few entries only, e.g. `cert pmos` among the certifications. */
function answerAmong(ctx: AnswerContext, arg: string, ids: readonly string[], lang: Lang): Reply | undefined {
  const { reply } = answerQuestion(ctx, arg, lang, { among: new Set(ids) });
  return reply.matched ? reply : undefined;
}

/** Every entry of a command in one reply (both sides of pm/pmo), for `skills` or `career` without an argument. */
function allOf(ctx: AnswerContext, entries: readonly Entry[], lang: Lang, command: string): Reply | undefined {
  const replies = entries.map((e) => entryReply(ctx, e, lang, 1));
  const [first, ...rest] = replies;
  if (!first || rest.length === 0) return first;
  const joined = (part: (r: Reply) => string, separator: string) => replies.map(part).join(separator);
  // Switched, the command runs again: the first entry's own switch would show that entry alone.
  const languageSwitch = switchButton({ kind: 'command', command }, lang);
  const [title, text] = [joined((r) => r.title, ' / '), joined((r) => r.text, '\n\n')];
  const share = { type: 'command' as const, command, lang };
  return { ...first, title, text, followUps: [], languageSwitch, share };
}

/**
 * Runs a parsed command. Onboarding and stats need persistence and are
 * handed back to the caller (the Bot), which owns the store.
 */
export function runKnowledgeCommand(ctx: AnswerContext, command: Command, lang: Lang): Reply | undefined {
  switch (command.name) {
    case 'help':
      return helpReply(ctx, lang);
    case 'cert':
      if (!command.arg) return certList(ctx, lang);
      return answerAmong(ctx, command.arg, idsOf(listedBy(ctx.kb, 'cert')), lang) ?? certList(ctx, lang);
    case 'role': {
      const direct = openedBy(ctx.kb, `role ${command.arg.toLowerCase()}`);
      const among = idsOf(listedBy(ctx.kb, 'role'));
      const reply = direct ? entryReply(ctx, direct, lang, 1) : answerAmong(ctx, command.arg, among, lang);
      return reply ?? helpReply(ctx, lang);
    }
    case 'skills':
    case 'career': {
      if (!command.arg) return allOf(ctx, listedBy(ctx.kb, command.name), lang, command.name);
      const entry = openedBy(ctx.kb, `${command.name} ${command.arg}`);
      return entry && entryReply(ctx, entry, lang, 1);
    }
    case 'unknown': {
      const help = helpReply(ctx, lang);
      const head = ctx.kb.ui.unknownCommand[lang]
        .replaceAll('{command}', command.word)
        .replaceAll('{suggestion}', command.suggestion);
      return { ...help, text: `${head.trim()}\n\n${help.text}` };
    }
    default:
      return undefined;
  }
}
