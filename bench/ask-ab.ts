/**
 * Two builds' answer pipelines (`Bot.ask`) in one process, on the questions
 * side-by-side.ts times: this checkout's dist against another checkout's (a
 * build of main in a second worktree). A change of a few per cent drowns in
 * side-by-side.ts's swings on a shared box (its ratio to NLP.js moves by a
 * tenth from run to run), so here the two builds take turns every few
 * questions, each question keeps its fastest time over the rounds, and the
 * figures are ratios of those: the median question's, and the sum. Two
 * copies of the same build read within about 1 %.
 *
 *   node dist/bench/ask-ab.js <other checkout> [ja|en] [rounds=20]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../src/index.js';
import { Bot, defaultKnowledgeDir, loadKnowledge } from '../src/index.js';
import { questions } from './side-by-side.js';

/** Questions asked by one build before the other takes its turn: short enough that load bursts hit both. */
const TURN = 25;
const WARM_UP_ROUNDS = 3;

type Ask = (question: string) => void;

/** The other checkout's Bot, from its own dist (its own modules, memos and JIT state). */
async function otherBuild(checkout: string, lang: Lang): Promise<Ask> {
  const index = resolve(checkout, 'dist/src/index.js');
  const other = (await import(index)) as typeof import('../src/index.js');
  const bot = new other.Bot({ kb: other.loadKnowledge(other.defaultKnowledgeDir()) });
  return (q) => bot.ask(q, lang);
}

/** Asks questions [from, to), keeping each one's fastest time in `fastest`. */
function askTurn(ask: Ask, qs: readonly string[], from: number, to: number, fastest: Float64Array): void {
  for (let i = from; i < to; i++) {
    const start = performance.now();
    ask(qs[i] as string);
    const took = performance.now() - start;
    if (took < (fastest[i] as number)) fastest[i] = took;
  }
}

/** Per question, each build's fastest time over the rounds; the builds take turns, first one then the other. */
function fastestTimes(
  builds: readonly [Ask, Ask],
  qs: readonly string[],
  rounds: number,
): [Float64Array, Float64Array] {
  const fastest: [Float64Array, Float64Array] = [
    new Float64Array(qs.length).fill(Number.POSITIVE_INFINITY),
    new Float64Array(qs.length).fill(Number.POSITIVE_INFINITY),
  ];
  const scratch = new Float64Array(qs.length);
  for (let round = 0; round < WARM_UP_ROUNDS; round++)
    for (const ask of builds) askTurn(ask, qs, 0, qs.length, scratch);
  for (let round = 0; round < rounds; round++) {
    for (let from = 0, turn = round; from < qs.length; from += TURN, turn++) {
      const order = turn % 2 === 0 ? [0, 1] : [1, 0];
      for (const b of order)
        askTurn(builds[b] as Ask, qs, from, Math.min(qs.length, from + TURN), fastest[b] as Float64Array);
    }
  }
  return fastest;
}

const median = (times: Float64Array) => [...times].sort((a, b) => a - b)[times.length >> 1] ?? 0;
const sum = (times: Float64Array) => times.reduce((a, b) => a + b, 0);
const us = (ms: number) => `${(1000 * ms).toFixed(1)} µs`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [checkout, langArg, roundsArg] = process.argv.slice(2);
  if (!checkout) throw new Error('usage: node dist/bench/ask-ab.js <other checkout> [ja|en] [rounds]');
  const lang: Lang = langArg === 'en' ? 'en' : 'ja';
  const bot = new Bot({ kb: loadKnowledge(defaultKnowledgeDir()) });
  const self: Ask = (q) => bot.ask(q, lang);
  const qs = questions(lang);
  const [mine, theirs] = fastestTimes([self, await otherBuild(checkout, lang)], qs, Number(roundsArg ?? 20));
  process.stdout.write(
    `${lang}, ${qs.length} questions, this build / ${checkout}:\n` +
      `  median question ${us(median(mine))} / ${us(median(theirs))} = ${(median(mine) / median(theirs)).toFixed(3)}\n` +
      `  all questions ${(sum(mine) / sum(theirs)).toFixed(3)}\n`,
  );
}
