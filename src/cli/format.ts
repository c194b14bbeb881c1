import type { Answered } from '../bot/answer.js';
import type { Reply, ReplyButton } from '../reply.js';

const isChoice = (b: ReplyButton) => b.action.type === 'onboard' && b.action.op === 'answer';

/**
 * The reply's own buttons as the terminal numbers them: answer choices, then
 * the way forward (the primary button), then the rest. Chat apps draw Back
 * left of Next; numbered the same way, [1] would be Next on the first step and
 * Back on every later one. This way Next is [1] on every answered step.
 */
function terminalOrder(actions: readonly ReplyButton[]): ReplyButton[] {
  const others = actions.filter((b) => !isChoice(b));
  return [
    ...actions.filter(isChoice),
    ...others.filter((b) => b.style === 'primary'),
    ...others.filter((b) => b.style !== 'primary'),
  ];
}

/** Every button of a reply in the order the terminal chat numbers them: the reply's own choices first, the language last. */
export function numberedButtons(reply: Reply): ReplyButton[] {
  const language = reply.languageSwitch ? [reply.languageSwitch] : [];
  return [...terminalOrder(reply.actions), ...reply.suggestions, ...reply.followUps, ...language];
}

/** Terminal text: the sentence that answers the question first, then title and the full entry. */
export function formatReply(reply: Reply, lang = reply.lang): string {
  const lead = reply.kind === 'answer' ? reply.short : undefined;
  const about = reply.context ? [reply.context.line] : [];
  const head = [...about, ...(lead ? [lead, ''] : []), ...(reply.title.trim() ? [reply.title, ''] : [])];
  const lines = [...head, reply.text];
  const buttons = numberedButtons(reply);
  if (buttons.length > 0) {
    lines.push('');
    buttons.forEach((b, i) => {
      lines.push(`  [${i + 1}] ${b.label}`);
    });
  }
  if (reply.source) lines.push('', `${lang === 'ja' ? '出典' : 'Source'}: ${reply.source}`);
  return lines.join('\n');
}

/** The one-object JSON contract of `pmo-guide ask --json/--jsonl`. */
export function toJson(answered: Pick<Answered, 'reply' | 'decision'>, ms: number) {
  const { reply } = answered;
  const button = (b: ReplyButton) => ({ id: b.action.type === 'ask' ? b.action.entryId : null, title: b.label });
  return {
    matched: reply.matched,
    intent: reply.intent,
    confidence: reply.confidence,
    lang: reply.lang,
    kind: reply.kind,
    intents: reply.intents ?? (reply.intent ? [reply.intent] : []),
    reason: reply.reason ?? null,
    short: reply.short ?? null,
    /** The conversation topic the question was read against (ask --jsonl sessions), else null. */
    context: answered.decision?.followUp?.context ?? null,
    title: reply.title,
    text: reply.text,
    ...(reply.sides ? { sides: reply.sides } : {}),
    source: reply.source,
    suggestions: reply.suggestions.map(button),
    related: reply.followUps.map(button),
    ms: Math.round(ms * 1000) / 1000,
  };
}
