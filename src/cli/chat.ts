import { createInterface } from 'node:readline/promises';
import type { Bot } from '../bot/bot.js';
import type { IncomingMessage } from '../message.js';
import type { Reply } from '../reply.js';
import { formatReply, numberedButtons } from './format.js';

const user = { platform: 'cli', workspaceId: 'local', userId: process.env.USER || 'local' } as const;

/**
 * Interactive terminal chat with the same answers as Slack and Teams. A
 * number picks one of the buttons the last reply offered.
 */
export async function chat(bot: Bot): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const locale = process.env.LANG;
  let last: Reply = bot.greeting(locale?.startsWith('ja') ? 'ja' : 'en');
  process.stdout.write(`${formatReply(last)}\n\n(exit: Ctrl-D / "exit")\n`);
  try {
    for (;;) {
      const line = (await rl.question('\n> ')).trim();
      if (line === 'exit' || line === 'quit') break;
      const picked = /^\d+$/.test(line) ? numberedButtons(last)[Number(line) - 1] : undefined;
      const message: IncomingMessage = picked
        ? { kind: 'action', action: picked.action, ...user, ...(locale ? { locale } : {}) }
        : { kind: 'text', text: line, ...user, ...(locale ? { locale } : {}) };
      last = await bot.handle(message);
      process.stdout.write(`\n${formatReply(last)}\n`);
    }
  } catch (error) {
    // Ctrl-D closes the interface mid-question; that is the normal way out.
    if ((error as { code?: string }).code !== 'ERR_USE_AFTER_CLOSE') throw error;
  } finally {
    rl.close();
  }
}
