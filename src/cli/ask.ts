import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Bot } from '../bot/bot.js';
import type { Lang } from '../knowledge/schema.js';
import { decideLanguage } from '../text/language.js';
import { formatReply, toJson } from './format.js';

export interface AskOptions {
  lang?: Lang | undefined;
  json: boolean;
}

function answerOne(bot: Bot, question: string, force: Lang | undefined) {
  const started = performance.now();
  const lang = decideLanguage({ text: question, force, locale: process.env.LANG });
  const answered = bot.ask(question, lang);
  return { answered, ms: performance.now() - started };
}

export function askOnce(bot: Bot, question: string, options: AskOptions): void {
  const { answered, ms } = answerOne(bot, question, options.lang);
  const out = options.json ? JSON.stringify(toJson(answered, ms)) : formatReply(answered.reply);
  process.stdout.write(`${out}\n`);
}

/**
 * One JSON object per stdin line, in order, from one process (the bench and
 * other tools rely on it). Answering is faster than a slow reader (a pipe to
 * a busy program) drains stdout, so writing waits for 'drain' whenever the
 * stream says its buffer is full; otherwise every answer would pile up in
 * memory. Reading stdin pauses meanwhile.
 */
export async function askJsonLines(
  bot: Bot,
  lang: Lang | undefined,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
) {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const { answered, ms } = answerOne(bot, line, lang);
    if (!output.write(`${JSON.stringify(toJson(answered, ms))}\n`)) await once(output, 'drain');
  }
}
