import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { ReplySchema } from '../../src/reply.js';
import { decideLanguage } from '../../src/text/language.js';
import { normalize } from '../../src/text/normalize.js';
import { realKnowledge } from '../helpers/knowledge.js';

const bot = new Bot({ kb: realKnowledge() });

function timeAsk(text: string): number {
  const started = performance.now();
  bot.ask(text, decideLanguage({ text }));
  return performance.now() - started;
}

// Inputs people (and broken clients) really send: empty, huge, emoji, control
// characters, lone surrogates, mixed scripts.
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ maxLength: 200 }).map((s) => `PMOの${s}は?`),
  fc.constantFrom('', ' ', '\u0000', '\u200b\u200b', '😀'.repeat(500), '\ud800', 'ＰＭＯ\u0301\u0308', 'ｰｰｰｰ'),
  fc.nat({ max: 100_000 }).map((n) => 'あ'.repeat(n)),
  fc.nat({ max: 100_000 }).map((n) => 'x '.repeat(Math.floor(n / 2))),
);

describe('any input', () => {
  it('is answered with a valid reply, never an exception, and quickly', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        const { reply } = bot.ask(text, decideLanguage({ text }));
        expect(ReplySchema.safeParse(reply).success).toBe(true);
        // "A few milliseconds", judged on the better of two runs so a GC pause or a
        // busy CI core does not fail the test; a real blow-up is slow every time.
        expect(Math.min(timeAsk(text), timeAsk(text))).toBeLessThan(10);
      }),
      { numRuns: 300 },
    );
  });

  it('normalizes idempotently', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        expect(normalize(normalize(text))).toBe(normalize(text));
      }),
    );
  });

  it('goes through the full message path without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, fc.constantFrom('text', 'command'), async (text, kind) => {
        const reply = await bot.handle({ kind, text, platform: 'cli', workspaceId: 'w', userId: 'u' });
        expect(ReplySchema.safeParse(reply).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
