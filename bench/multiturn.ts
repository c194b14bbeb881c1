import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Lang } from '../src/index.js';
import { type Judged, LANGS, type RealisticItem, replyIsRight } from './realistic.js';

/**
 * The multi-turn sets (bench/data/realistic/*.multiturn.yaml): short conversations
 * whose later turns lean on the earlier ones ("合格率は?" after PMP). Every
 * follow-up turn is asked twice through `ask --jsonl`: alone (a plain line)
 * and in its conversation (`{"q", "session"}` lines), to show what context adds.
 */

const entryId = z.string().regex(/^[a-z0-9-]+$/);
const Turn = z
  .object({ q: z.string().min(1), expect: z.union([entryId, z.tuple([entryId, entryId])]), topic: entryId.optional() })
  .strict();
const FileSchema = z
  .object({ conversations: z.array(z.object({ turns: z.array(Turn).min(2) }).strict()).min(1) })
  .strict();
export type MultiTurnConversation = z.infer<typeof FileSchema>['conversations'][number];

export function loadMultiTurn(file: string): MultiTurnConversation[] {
  return FileSchema.parse(parse(readFileSync(file, 'utf8'))).conversations;
}

/** One line of `ask --jsonl` as the judge needs it. */
interface Line extends Judged {
  suggestions: { id: string | null }[];
  context: string | null;
}

type Turn = z.infer<typeof Turn>;

/** Right when the reply is, and a "not covered" for a topic names that topic (its button leads there). */
export function turnIsRight(turn: Turn, lang: Lang, line: Line): boolean {
  const item: RealisticItem = { q: turn.q, kind: 'terse', expect: turn.expect, lang };
  if (!replyIsRight(item, line)) return false;
  return turn.expect !== 'not-covered' || !turn.topic || line.suggestions[0]?.id === turn.topic;
}

function askJsonLines(root: string, lines: readonly string[], lang: Lang): Line[] {
  const out = execFileSync(process.execPath, ['bin/pmo-guide.js', 'ask', '--jsonl'], {
    cwd: root,
    input: `${lines.join('\n')}\n`,
    env: { ...process.env, LANG: lang === 'ja' ? 'ja_JP.UTF-8' : 'en_US.UTF-8', LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

export interface FollowUpResult {
  lang: Lang;
  conversation: number;
  turn: Turn;
  alone: Line;
  inContext: Line;
}

/** Every follow-up turn of one language's set, answered alone and in its conversation. */
export function runMultiTurn(root: string, lang: Lang): FollowUpResult[] {
  const conversations = loadMultiTurn(`${root}/bench/data/realistic/${lang}.multiturn.yaml`);
  const scripted = conversations.flatMap((c, i) => c.turns.map((t) => JSON.stringify({ q: t.q, session: `c${i}` })));
  const inContext = askJsonLines(root, scripted, lang);
  const followUps = conversations.flatMap((c, i) => c.turns.slice(1).map((turn) => ({ conversation: i, turn })));
  const alone = askJsonLines(
    root,
    followUps.map((f) => JSON.stringify({ q: f.turn.q })),
    lang,
  );
  let index = 0;
  const results: FollowUpResult[] = [];
  conversations.forEach((c, i) => {
    c.turns.forEach((turn, t) => {
      const line = inContext[index++] as Line;
      if (t === 0) return;
      results.push({ lang, conversation: i, turn, alone: alone[results.length] as Line, inContext: line });
    });
  });
  return results;
}

const pct = (r: number, n: number) => (n === 0 ? '–' : `${((r / n) * 100).toFixed(1)}%`);

/** The bench's table: follow-up turns right alone and with context, per language. */
export function multiTurnTable(root: string, verbose: boolean): string {
  const langs = LANGS.filter((l) => existsSync(`${root}/bench/data/realistic/${l}.multiturn.yaml`));
  const rows = langs.map((lang) => {
    const results = runMultiTurn(root, lang);
    const conversations = new Set(results.map((r) => r.conversation)).size;
    const alone = results.filter((r) => turnIsRight(r.turn, lang, r.alone)).length;
    const inContext = results.filter((r) => turnIsRight(r.turn, lang, r.inContext));
    if (verbose) for (const r of results) if (!inContext.includes(r)) process.stderr.write(missLine(r));
    return `| ${lang} | ${conversations} | ${results.length} | ${pct(alone, results.length)} | ${pct(inContext.length, results.length)} |`;
  });
  const head =
    '| language | conversations | follow-up turns | right alone | right with context |\n|---|---:|---:|---:|---:|\n';
  return `${head}${rows.join('\n')}\n`;
}

function missLine({ lang, turn, inContext }: FollowUpResult): string {
  const got = inContext.matched
    ? inContext.intents?.join('+')
    : `(${inContext.kind}, for ${inContext.suggestions[0]?.id ?? '?'})`;
  return `[multi-turn] ${lang} MISS ${JSON.stringify(turn.q)} want ${JSON.stringify(turn.expect)}${turn.topic ? ` for ${turn.topic}` : ''} got ${got} (context ${inContext.context})\n`;
}
