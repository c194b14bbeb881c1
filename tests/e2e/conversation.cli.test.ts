import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryOf, realKnowledge } from '../helpers/knowledge.js';

/** The terminal side of conversations: `ask --jsonl` sessions, `ask --explain`, `chat`. */

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, LOG_LEVEL: 'silent', LANG: 'C.UTF-8' };
const cli = (args: string[], input?: string, extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/pmo-guide.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, ...extra },
    input,
  });
const kb = realKnowledge();
const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('ask --jsonl sessions', () => {
  it('reads a session’s lines as one conversation, and plain lines alone', () => {
    const input = [
      { q: 'PMPの受験資格は?', session: 'a' },
      { q: 'what does a PMO expert do?', session: 'b' },
      { q: '合格率は?', session: 'a' },
      { q: 'and the manager?', session: 'b' },
      { q: '合格率は?' },
    ].map((l) => JSON.stringify(l));
    const lines = jsonLines(cli(['ask', '--jsonl'], `${[...input, 'and the manager?'].join('\n')}\n`).stdout);
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatchObject({ intent: 'cert-pmp', context: 'cert-pmp', matched: true });
    expect(lines[3]).toMatchObject({ intent: 'pmo-manager', context: 'pmo-expert' });
    expect(lines[4]).toMatchObject({ context: null });
    expect(lines[5]).toMatchObject({ context: null });
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(['matched', 'intent', 'confidence', 'lang', 'title', 'text', 'suggestions', 'ms']),
      );
      expect(line).toHaveProperty('context');
    }
  });

  it('takes a line that only looks like JSON as a question', () => {
    const lines = jsonLines(cli(['ask', '--jsonl'], '{PMP}\n{"session": "x"}\n').stdout);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ context: null });
  });
});

describe('ask --explain', () => {
  it('prints the answer and then every step that led to it', () => {
    const result = cli(['ask', '--explain', 'what does a PMO expret do?']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(entryOf(kb, 'pmo-expert').en.title);
    for (const step of [
      'Language: en',
      'Typo corrections: expret → expert',
      'Top candidates: pmo-expert',
      'Decision:',
    ]) {
      expect(result.stdout).toContain(step);
    }
  });

  it('adds an explain object with the top candidates, best first, to --json', () => {
    const answer = JSON.parse(cli(['ask', '--json', '--explain', 'PMPの受験料は?']).stdout);
    expect(answer).toMatchObject({ reason: 'not-covered', context: null });
    const { explain } = answer;
    expect(explain).toMatchObject({ outcome: 'not-covered', rule: 'detail-not-covered', language: { lang: 'ja' } });
    expect(explain.detailWords).toEqual([{ phrase: '受験料', detail: 'fee' }]);
    expect(explain.candidates.length).toBeLessThanOrEqual(5);
    expect(explain.candidates[0]).toEqual({ intent: 'cert-pmp', score: expect.any(Number) });
    const scores = explain.candidates.map((c: { score: number }) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('pmo-guide chat', () => {
  it('greets in the language the core picks: the one the user chose last time, else LANG’s', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pmo-chat-'));
    const opening = (lang: 'ja' | 'en') => kb.ui.greeting[lang].trim().split('\n')[0] ?? '';
    const chat = (input: string, LANG: string) => cli(['chat'], input, { DATA_DIR: dataDir, LANG });
    expect(chat('', 'C.UTF-8').stdout).toContain(opening('en'));
    const japanese = chat('PMPとは\n', 'ja_JP.UTF-8').stdout;
    expect(japanese).toContain(opening('ja'));
    // The answer's "English" button: choosing it makes English this user's language from now on.
    const toEnglish = /\[(\d+)\] English/.exec(japanese)?.[1];
    expect(toEnglish).toBeDefined();
    chat(`PMPとは\n${toEnglish}\n`, 'ja_JP.UTF-8');
    expect(chat('', 'ja_JP.UTF-8').stdout).toContain(opening('en'));
  });

  it('keeps the topic from one line to the next', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pmo-chat-'));
    const result = cli(['chat'], 'PMPの受験資格は?\n合格率は?\n', { DATA_DIR: dataDir, LANG: 'ja_JP.UTF-8' });
    expect(result.status).toBe(0);
    const line = kb.ui.aboutTopic.ja.trim().replaceAll('{topic}', entryOf(kb, 'cert-pmp').ja.title);
    expect(result.stdout).toContain(line);
  });
});
