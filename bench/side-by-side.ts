/**
 * Speed as ratios against references measured in the same run, interleaved,
 * best of N: absolute times on a shared box swing by a third with other load,
 * ratios of interleaved best-of-N runs much less.
 * - per question, warm: pmo-guide's whole answer pipeline (`Bot.ask`) vs
 *   NLP.js trained on the same knowledge, per language, median and p99;
 *   beside them the matcher alone (`Matcher.match`: normalization, typo
 *   correction, segmentation, scoring), the part that does what NLP.js's
 *   classifier does, so the table shows what the reading rules on top cost;
 * - one-shot: `node bin/pmo-guide.js ask "…"` vs `node -e 0`.
 * `node dist/bench/side-by-side.js` runs it alone (`--per-question`: without
 * the one-shot rows); `npm run bench` prints it first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../src/index.js';
import { Bot, defaultKnowledgeDir, loadKnowledge, Matcher } from '../src/index.js';
import { type Classifier, nlpJsBaseline } from './baselines.js';
import { loadDevSet } from './devset.js';
import { LANGS, loadRealistic } from './realistic.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

export interface Timing {
  median: number;
  p99: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Questions to time: the tuned-on sets only (held-out sets stay unread). */
export function questions(lang: Lang): string[] {
  const dev = loadDevSet(`${root}/bench/data/devset.yaml`);
  const realistic = ['dev', 'dev2', 'dev3', 'dev4', 'dev5']
    .map((split) => `${root}/bench/data/realistic/${lang}.${split}.yaml`)
    .filter((file) => existsSync(file))
    .flatMap((file) => loadRealistic(file, lang).map((i) => i.q));
  return [...dev[lang].map((d) => d.q), ...realistic];
}

async function timeOnce(classify: Classifier, qs: readonly string[], lang: Lang): Promise<Timing> {
  const times: number[] = [];
  for (const q of qs) {
    const t = performance.now();
    await classify(q, lang);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99) };
}

const best = (a: Timing, b: Timing): Timing => ({ median: Math.min(a.median, b.median), p99: Math.min(a.p99, b.p99) });
const WORST: Timing = { median: Number.POSITIVE_INFINITY, p99: Number.POSITIVE_INFINITY };

/** Both matchers over the same questions, alternating round by round; each keeps its best median and p99. */
export async function perQuestion(
  contenders: readonly Classifier[],
  lang: Lang,
  qs: readonly string[],
): Promise<Timing[]> {
  for (const classify of contenders) await timeOnce(classify, qs, lang); // JIT warm-up, untimed
  const results = contenders.map(() => WORST);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, classify] of contenders.entries()) {
      results[i] = best(results[i] ?? WORST, await timeOnce(classify, qs, lang));
    }
  }
  return results;
}

function wallMs(args: readonly string[]): number {
  const t = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore', env: process.env });
  if (run.status !== 0) throw new Error(`side-by-side: node ${args.join(' ')} exited ${run.status}`);
  return performance.now() - t;
}

/** One-shot `ask` vs `node -e 0`, interleaved, best of N each. */
export function oneShot(question = 'what does a PMO expert do?'): { ask: number; node: number } {
  wallMs(['bin/pmo-guide.js', 'ask', question]); // writes the prebuilt index if it was stale
  let ask = Number.POSITIVE_INFINITY;
  let node = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    ask = Math.min(ask, wallMs(['bin/pmo-guide.js', 'ask', question]));
    node = Math.min(node, wallMs(['-e', '0']));
  }
  return { ask, node };
}

const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;
const ms = (x: number) => `${x.toFixed(3)} ms`;

export async function sideBySideTable({ oneShotRows = true } = {}): Promise<string> {
  const kb = loadKnowledge(defaultKnowledgeDir());
  const bot = new Bot({ kb });
  const ours: Classifier = (q, lang) => {
    const { reply } = bot.ask(q, lang);
    return reply.matched ? reply.intent : null;
  };
  const matcher = new Matcher(kb);
  const matchingAlone: Classifier = (q, lang) => matcher.match(q, lang).candidates[0]?.entryId ?? null;
  const nlp = await nlpJsBaseline(kb);
  const rows = ['| what | pmo-guide | reference (same run) | ratio |', '|---|---:|---:|---:|'];
  for (const lang of LANGS) {
    const qs = questions(lang);
    const [mine, alone, theirs] = await perQuestion([ours, matchingAlone, nlp], lang, qs);
    if (!mine || !alone || !theirs) continue;
    const row = (what: string, timing: Timing, key: keyof Timing) =>
      `| ${what} | ${ms(timing[key])} | NLP.js ${ms(theirs[key])} | ${ratio(timing[key], theirs[key])} |`;
    rows.push(row(`per question ${lang}, median (${qs.length} q)`, mine, 'median'));
    rows.push(row(`per question ${lang}, p99`, mine, 'p99'));
    rows.push(row(`matching alone ${lang}, median`, alone, 'median'));
  }
  if (oneShotRows) {
    const shot = oneShot();
    rows.push(
      `| one-shot \`ask\` | ${shot.ask.toFixed(0)} ms | \`node -e 0\` ${shot.node.toFixed(0)} ms | ${ratio(shot.ask, shot.node)} |`,
    );
  }
  return `Side by side (interleaved, best of ${ROUNDS}; ratio < 1 is faster than the reference):\n\n${rows.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const oneShotRows = !process.argv.includes('--per-question');
  process.stdout.write(`${await sideBySideTable({ oneShotRows })}\n`);
}
