import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticKnowledge } from '../../bench/build-time.js';
import { Bot } from '../../src/bot/bot.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

describe('a knowledge base several times the shipped one', () => {
  // 3× is past the size where the classifier switches to its linear-time training.
  const dir = syntheticKnowledge(3);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bot = new Bot({ kb: loadKnowledge(dir) });

  it('still tells the original entries from their look-alike copies', () => {
    expect(bot.kb.entries.length).toBeGreaterThan(64);
    expect(bot.ask('PMPの受験資格は?', 'ja').reply.intent).toBe('cert-pmp');
    expect(bot.ask('what does a PMO expert do?', 'en').reply.intent).toBe('pmo-expert');
    expect(bot.ask('bravo what does a PMO expert do?', 'en').reply.intent).toBe('pmo-expert-bravo');
    expect(bot.ask('How do I reset my VPN password?', 'en').reply.matched).toBe(false);
  });
});
