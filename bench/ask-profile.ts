/**
 * Where the warm answer pipeline (`Bot.ask`) spends its time on the same
 * questions `side-by-side.js --per-question` times: asks them all a few
 * times untimed, then again under the inspector's sampling profiler, and
 * prints each function's self time and its time including callees, as
 * shares of `ask`. Functions the JIT inlined count toward their caller.
 *
 *   node dist/bench/ask-profile.js [en|ja] [rounds]
 */
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../src/index.js';
import { Bot, defaultKnowledgeDir, loadKnowledge } from '../src/index.js';
import { questions } from './side-by-side.js';
import { type CpuProfile, type ProfileNode, shareTable } from './support/cpu-profile.js';

const nameOf = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/dist\//, '')}:${lineNumber + 1}`;

/** Self and inclusive samples by function; a function recursing into itself counts once per stack. */
function tally(profile: CpuProfile): { self: Map<string, number>; inclusive: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const onStack = new Set<string>();
  const walk = (node: ProfileNode): number => {
    const name = nameOf(node);
    const own = hits.get(node.id) ?? 0;
    self.set(name, (self.get(name) ?? 0) + own);
    const outer = !onStack.has(name);
    onStack.add(name);
    let total = own;
    for (const child of node.children ?? []) total += walk(byId.get(child) as ProfileNode);
    if (outer) {
      onStack.delete(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + total);
    }
    return total;
  };
  const [root] = profile.nodes;
  if (root) walk(root);
  return { self, inclusive };
}

async function profileAsk(lang: Lang, rounds: number): Promise<CpuProfile> {
  const bot = new Bot({ kb: loadKnowledge(defaultKnowledgeDir()) });
  const qs = questions(lang);
  for (let round = 0; round < 3; round++) for (const q of qs) bot.ask(q, lang); // JIT warm-up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  for (let round = 0; round < rounds; round++) for (const q of qs) bot.ask(q, lang);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return profile as CpuProfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const lang: Lang = process.argv[2] === 'ja' ? 'ja' : 'en';
  const { self, inclusive } = tally(await profileAsk(lang, Number(process.argv[3] ?? 20)));
  const ask = [...inclusive].find(([name]) => name.startsWith('ask '))?.[1] ?? 1;
  process.stdout.write(`${shareTable(`Self time, ${lang}, share of ask`, self, ask, 30).join('\n')}\n\n`);
  process.stdout.write(`${shareTable(`Including callees, ${lang}, share of ask`, inclusive, ask, 50).join('\n')}\n`);
}
