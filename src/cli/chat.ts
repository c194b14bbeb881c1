import { createInterface } from 'node:readline';
import type { Bot } from '../bot/bot.js';
import type { Lang } from '../knowledge/schema.js';
import type { IncomingMessage } from '../message.js';
import type { Reply } from '../reply.js';
import type { Sender } from '../user.js';
import { formatReply, numberedButtons } from './format.js';

// One conversation per run: follow-ups continue this chat's topic, a new `pmo-guide chat` starts fresh.
const user = {
  platform: 'cli',
  workspaceId: 'local',
  userId: process.env.USER || 'local',
  conversation: `chat:${process.pid}:${Date.now()}`,
} as const;

function noSuchButton(typed: string, count: number, lang: Lang): string {
  if (lang === 'ja') {
    return count > 0
      ? `[${typed}] はありません。1〜${count} の番号を選ぶか、質問を入力してください。`
      : `ここには番号付きの選択肢がありません。質問を入力してください。`;
  }
  return count > 0
    ? `There is no [${typed}]: pick 1 to ${count}, or type a question.`
    : 'There are no numbered choices here: type a question.';
}

/**
 * Interactive terminal chat with the same answers as Slack and Teams. A
 * number picks one of the buttons the last reply offered.
 */
export async function chat(bot: Bot): Promise<void> {
  // Iterating lines (rather than awaiting rl.question) keeps piped input that
  // arrives all at once: every line is answered, in order.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  // LANG is the terminal's locale hint, read by the core as it reads Slack's or Teams' (capped as the core caps it).
  const locale = process.env.LANG?.slice(0, 50);
  const sender: Sender = { ...user, ...(locale ? { locale } : {}) };
  let last: Reply = await bot.greeting(sender);
  process.stdout.write(`${formatReply(last)}\n\n(exit: Ctrl-D / "exit")\n`);
  rl.setPrompt('\n> ');
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    const picked = /^\d+$/.test(line) ? numberedButtons(last)[Number(line) - 1] : undefined;
    if (/^\d+$/.test(line) && !picked) {
      // A mistyped pick, not a question: the bot would record it as one it could not answer.
      process.stdout.write(`\n${noSuchButton(line, numberedButtons(last).length, last.lang)}\n`);
      rl.prompt();
      continue;
    }
    const message: IncomingMessage = picked
      ? { kind: 'action', action: picked.action, ...sender }
      : { kind: 'text', text: line, ...sender };
    last = await bot.handle(message);
    process.stdout.write(`\n${formatReply(last)}\n`);
    rl.prompt();
  }
  rl.close();
}
