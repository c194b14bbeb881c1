/**
 * Every question of the question sets (dev, holdout, realistic incl. the
 * multi-turn turns) through `Bot.ask`, one JSON line each: what the user
 * gets (kind, intent, reason, title, short, suggestions, follow-ups,
 * confidence) and how (rule, candidates with their exact scores). A speed
 * change must leave this output byte-identical:
 * `node dist/bench/answers-snapshot.js > before.jsonl`, change, rebuild, diff.
 * Multi-turn turns are asked alone and again in their conversation (with the
 * topic the previous turn left), so the follow-up path is covered too.
 * `--cached DIR` reads the knowledge through the prebuilt index in DIR (written
 * on the first run, read on the next), so a start from it is compared too.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Lang } from '../src/index.js';
import { Bot, decideLanguage, defaultKnowledgeDir, loadKnowledge, loadKnowledgeCached } from '../src/index.js';
import { loadDevSet } from './devset.js';
import { loadMultiTurn } from './multiturn.js';
import { LANGS, loadRealistic } from './realistic.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { cached } = parseArgs({ options: { cached: { type: 'string' } } }).values;
const kb = cached
  ? await loadKnowledgeCached(defaultKnowledgeDir(), {
      cacheDir: cached,
      onProblem: (m) => process.stderr.write(`${m}\n`),
    })
  : loadKnowledge(defaultKnowledgeDir());
const bot = new Bot({ kb });
type Answered = ReturnType<Bot['ask']>;
type ConversationTopic = NonNullable<Parameters<Bot['ask']>[2]>;

function line(set: string, q: string, lang: Lang, answered: Answered): string {
  const { reply, match, decision } = answered;
  return JSON.stringify({
    set,
    lang,
    q,
    kind: reply.kind,
    intent: reply.intent,
    intents: reply.intents,
    reason: reply.reason,
    confidence: reply.confidence,
    title: reply.title,
    short: reply.short,
    context: reply.context?.intent,
    suggestions: reply.suggestions.map((s) => s.label),
    followUps: reply.followUps.map((s) => s.label),
    rule: decision?.rule,
    focus: decision?.focus,
    followUp: decision?.followUp,
    normalized: match.normalized,
    candidates: match.candidates,
    coverage: match.coverage,
    next: answered.next,
  });
}

function ask(set: string, q: string, locale: Lang, context: ConversationTopic | null = null): Answered {
  const lang = decideLanguage({ text: q, locale });
  const answered = bot.ask(q, lang, context);
  process.stdout.write(`${line(set, q, lang, answered)}\n`);
  return answered;
}

for (const file of ['devset', 'holdout']) {
  const set = loadDevSet(`${root}/bench/data/${file}.yaml`);
  for (const lang of LANGS) for (const { q } of set[lang]) ask(file, q, lang);
  for (const { q, lang } of set.out_of_scope) ask(`${file}/out`, q, lang);
}

const realistic = readdirSync(`${root}/bench/data/realistic`).filter(
  (f) => f.endsWith('.yaml') && !f.includes('multiturn'),
);
for (const file of realistic.sort()) {
  const lang = file.slice(0, 2) as Lang;
  for (const { q } of loadRealistic(`${root}/bench/data/realistic/${file}`, lang)) ask(file, q, lang);
}

for (const lang of LANGS) {
  const file = `${root}/bench/data/realistic/${lang}.multiturn.yaml`;
  if (!existsSync(file)) continue;
  for (const { turns } of loadMultiTurn(file)) {
    let topic: ConversationTopic | null = null;
    for (const { q } of turns) {
      ask(`${lang}.multiturn/alone`, q, lang);
      const { next } = ask(`${lang}.multiturn/context`, q, lang, topic);
      if (next !== undefined) topic = next;
    }
  }
}
