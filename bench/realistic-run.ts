/** Quick per-kind report of pmo-guide on the realistic sets (dev by default): `node dist/bench/realistic-run.js [holdout] [--verbose]`. */
import { fileURLToPath } from 'node:url';
import { Bot, decideLanguage, defaultKnowledgeDir, loadKnowledge } from '../src/index.js';
import { bucketOf, loadRealistic, replyIsRight } from './realistic.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SPLITS = ['holdout', 'dev2', 'dev3', 'dev4', 'dev5'];
const split = SPLITS.find((s) => process.argv.includes(s)) ?? 'dev';
const verbose = process.argv.includes('--verbose');
const bot = new Bot({ kb: loadKnowledge(defaultKnowledgeDir()) });
const tally = new Map<string, [number, number]>();
const add = (key: string, ok: boolean) => {
  const [r, n] = tally.get(key) ?? [0, 0];
  tally.set(key, [r + (ok ? 1 : 0), n + 1]);
};
for (const lang of ['ja', 'en'] as const) {
  for (const item of loadRealistic(`${root}/bench/data/realistic/${lang}.${split}.yaml`, lang)) {
    const { reply } = bot.ask(item.q, decideLanguage({ text: item.q, locale: lang }));
    const ok = replyIsRight(item, reply);
    add(`${lang} ${bucketOf(item)}`, ok);
    add(`${lang} kind:${item.kind}`, ok);
    if (!ok && verbose) {
      const got =
        reply.kind === 'comparison'
          ? reply.intents?.join('+')
          : reply.matched
            ? reply.intent
            : `(${reply.kind}/${reply.reason ?? ''})`;
      process.stdout.write(
        `MISS ${lang} ${item.kind} want ${JSON.stringify(item.expect)} got ${got} c=${reply.confidence} :: ${item.q}\n`,
      );
    }
  }
}
for (const [k, [r, n]] of [...tally].sort())
  process.stdout.write(`${k.padEnd(24)} ${r}/${n} ${((r / n) * 100).toFixed(1)}%\n`);
