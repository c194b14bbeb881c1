import type { Lang } from '../knowledge/schema.js';
import type { Reply } from '../reply.js';
import { type AnswerContext, askButton, entryReply } from './answer.js';
import { type Command, TOPICS } from './commands.js';
import { answerQuestion } from './question.js';

/** A reply that is a plain notice (help, errors, acknowledgements). */
export function notice(kind: Reply['kind'], lang: Lang, title: string, text: string): Reply {
  return {
    kind,
    lang,
    matched: false,
    intent: null,
    confidence: 0,
    title,
    text: text.trim(),
    source: null,
    followUps: [],
    suggestions: [],
    actions: [],
    feedback: false,
  };
}

export function helpReply(ctx: AnswerContext, lang: Lang): Reply {
  const reply = notice('help', lang, 'pmo-guide', ctx.kb.ui.help[lang]);
  const command = (c: string, label: string) => ({ label, action: { type: 'command' as const, command: c, lang } });
  reply.actions = [
    command('cert', 'cert'),
    command('role pmo', 'role pmo'),
    command('skills pm', 'skills pm'),
    command('career pmo', 'career pmo'),
    command('onboard', 'onboard'),
  ];
  return reply;
}

function certList(ctx: AnswerContext, lang: Lang): Reply {
  const entries = TOPICS.certifications.flatMap((id) => ctx.kb.byId.get(id) ?? []);
  const lines = entries.map((e) => `- ${e[lang].title}`);
  const reply = notice('list', lang, ctx.kb.ui.certList[lang], lines.join('\n'));
  reply.actions = entries.map((e) => askButton(e, lang));
  return reply;
}

function entryById(ctx: AnswerContext, id: string, lang: Lang): Reply | undefined {
  const entry = ctx.kb.byId.get(id);
  return entry && entryReply(ctx, entry, lang, 1);
}

/** Looks the argument up among a few entries only, e.g. `cert pmos` among the certifications. */
function answerAmong(ctx: AnswerContext, arg: string, ids: readonly string[], lang: Lang): Reply | undefined {
  const { reply } = answerQuestion(ctx, arg, lang, { among: new Set(ids) });
  return reply.matched ? reply : undefined;
}

/** Both sides of a pm/pmo topic in one reply, for `skills` or `career` without an argument. */
function bothSides(ctx: AnswerContext, ids: { pm: string; pmo: string }, lang: Lang): Reply | undefined {
  const pm = entryById(ctx, ids.pm, lang);
  const pmo = entryById(ctx, ids.pmo, lang);
  if (!pm || !pmo) return pm ?? pmo;
  return { ...pm, title: `${pm.title} / ${pmo.title}`, text: `${pm.text}\n\n${pmo.text}`, followUps: [] };
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
      return answerAmong(ctx, command.arg, TOPICS.certifications, lang) ?? certList(ctx, lang);
    case 'role': {
      const id = TOPICS.roles[command.arg.toLowerCase()];
      const direct = id ? entryById(ctx, id, lang) : undefined;
      return direct ?? answerAmong(ctx, command.arg, Object.values(TOPICS.roles), lang) ?? helpReply(ctx, lang);
    }
    case 'skills':
    case 'career': {
      const ids = TOPICS[command.name];
      return command.arg ? entryById(ctx, ids[command.arg], lang) : bothSides(ctx, ids, lang);
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
