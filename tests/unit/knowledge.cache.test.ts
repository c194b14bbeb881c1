import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { loadKnowledgeCached } from '../../src/knowledge/cache.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/knowledge/load.js';
import { copyKnowledge } from '../helpers/knowledge.js';

const QUESTIONS: [string, 'ja' | 'en'][] = [
  ['what does a PMO expert do?', 'en'],
  ['what does a PMO expret do?', 'en'],
  ['PMPの受験資格は?', 'ja'],
  ['PMOアドミニストレータの仕事は？', 'ja'],
  ['how much does the weather cost in tokyo', 'en'],
];

function answers(kb: KnowledgeBase) {
  const bot = new Bot({ kb });
  return QUESTIONS.map(([q, lang]) => bot.ask(q, lang).reply);
}

const indexFile = (dir: string) => join(dir, readdirSync(dir).find((f) => f.endsWith('.json')) ?? '');

describe('prebuilt index (knowledge + matcher state)', () => {
  const knowledge = copyKnowledge();
  const fresh = answers(loadKnowledge(knowledge));

  it('is written on the first load and answers exactly as a fresh build from then on', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pmo-cache-'));
    const built = await loadKnowledgeCached(knowledge, { cacheDir });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const cached = await loadKnowledgeCached(knowledge, { cacheDir });
    expect({ ...cached, loadedAt: '' }).toEqual({ ...built, loadedAt: '' });
    expect(answers(built)).toEqual(fresh);
    expect(answers(cached)).toEqual(fresh);
  });

  it('ignores a damaged index with one line, answers as before and rewrites it', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pmo-cache-'));
    await loadKnowledgeCached(knowledge, { cacheDir });
    const file = indexFile(cacheDir);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text.slice(0, text.length - 200)}"}}`);
    const problems: string[] = [];
    const kb = await loadKnowledgeCached(knowledge, { cacheDir, onProblem: (m) => problems.push(m) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/damaged prebuilt index/);
    expect(answers(kb)).toEqual(fresh);
    expect(readFileSync(file, 'utf8') === text).toBe(true);
  });

  it('is rebuilt quietly when a knowledge file changed', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pmo-cache-'));
    const dir = copyKnowledge();
    const first = await loadKnowledgeCached(dir, { cacheDir });
    const glossary = join(dir, 'glossary.yaml');
    writeFileSync(glossary, `${readFileSync(glossary, 'utf8')}\n# an edit\n`);
    const problems: string[] = [];
    const second = await loadKnowledgeCached(dir, { cacheDir, onProblem: (m) => problems.push(m) });
    expect(problems).toEqual([]);
    expect(second.version).not.toBe(first.version);
    expect(second.version).toBe(loadKnowledge(dir).version);
  });
});
