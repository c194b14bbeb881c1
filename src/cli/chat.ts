import { createInterface } from 'node:readline';
import type { Bot } from '../bot/bot.js';
import type { IncomingMessage } from '../message.js';
import type { Reply } from '../reply.js';
import { formatReply, numberedButtons } from './format.js';

// One conversation per run: follow-ups continue this chat's topic, a new `pmo-guide chat` starts fresh.
const user = {
  platform: 'cli',
  workspaceId: 'local',
  userId: process.env.USER || 'local',
  conversation: `chat:${process.pid}:${Date.now()}`,
} as const;

/**
 * Interactive terminal chat with the same answers as Slack and Teams. A
 * number picks one of the buttons the last reply offered.
 */
export async function chat(bot: Bot): Promise<void> {
  // Iterating lines (rather than awaiting rl.question) keeps piped input that
  // arrives all at once: every line is answered, in order.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const locale = process.env.LANG;
  let last: Reply = bot.greeting(locale?.startsWith('ja') ? 'ja' : 'en');
  process.stdout.write(`${formatReply(last)}\n\n(exit: Ctrl-D / "exit")\n`);
  rl.setPrompt('\n> ');
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    const picked = /^\d+$/.test(line) ? numberedButtons(last)[Number(line) - 1] : undefined;
    const message: IncomingMessage = picked
      ? { kind: 'action', action: picked.action, ...user, ...(locale ? { locale } : {}) }
      : { kind: 'text', text: line, ...user, ...(locale ? { locale } : {}) };
    last = await bot.handle(message);
    process.stdout.write(`\n${formatReply(last)}\n`);
    rl.prompt();
  }
  rl.close();
}
