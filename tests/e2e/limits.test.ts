import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../adapters/server/main.js';
import { EXIT_CONFIG } from '../../adapters/server/startup.js';
import { Bot } from '../../src/bot/bot.js';
import { askJsonLines } from '../../src/cli/ask.js';
import { KnowledgeError } from '../../src/errors.js';
import { loadKnowledge, MAX_KNOWLEDGE_FILE_BYTES } from '../../src/knowledge/load.js';
import { copyKnowledge, realKnowledge } from '../helpers/knowledge.js';
import { tempDataDir } from '../helpers/server.js';

/**
 * Hostile or oversized knowledge files, and a slow reader of `ask --jsonl`:
 * the server and the CLI refuse bad knowledge with the usual one-line-per-
 * problem list naming the file (never a stack trace), and the CLI does not
 * buffer unbounded output.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

/** "Billion laughs": nine levels of nine aliases each expand to 9^9 strings. */
const ALIAS_BOMB = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
  .concat(
    'bcdefghi'.split('').map((name, i) => {
      const prev = 'abcdefghi'[i];
      return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`;
    }),
  )
  .join('\n');

function knowledgeWith(file: string, content: string): string {
  const dir = copyKnowledge();
  writeFileSync(join(dir, file), content);
  return dir;
}

function problemsOf(dir: string): string {
  try {
    loadKnowledge(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as KnowledgeError).message;
  }
  throw new Error('the knowledge loaded');
}

function kbCheck(dir: string) {
  return spawnSync(process.execPath, ['bin/pmo-guide.js', 'kb', 'check', '--knowledge', dir], {
    cwd: root,
    encoding: 'utf8',
  });
}

async function startServerOn(dir: string): Promise<{ code: number; stderr: string }> {
  const stderr: string[] = [];
  const result = await run(
    { PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_DIR: dir, DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent' },
    { stderr: (t) => void stderr.push(t), logDestination: { write: () => undefined } },
  );
  await result.server?.close();
  return { code: result.code, stderr: stderr.join('') };
}

describe('a YAML alias bomb in a knowledge file', () => {
  const dir = knowledgeWith('glossary.yaml', ALIAS_BOMB);

  it('is one problem naming the file', () => {
    expect(problemsOf(dir)).toMatch(/^ {2}- glossary\.yaml: YAML: .*alias/m);
  });

  it('stops `kb check` with the problem list, no stack trace', () => {
    const result = kbCheck(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('glossary.yaml');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops the server with one "cannot start" message naming the file, no stack trace', async () => {
    const { code, stderr } = await startServerOn(dir);
    expect(code).toBe(EXIT_CONFIG);
    expect(stderr).toMatch(/^pmo-guide: cannot start: knowledge is invalid/);
    expect(stderr).toContain('glossary.yaml');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('an oversized knowledge file', () => {
  it('is refused by its size, named, before it is parsed', () => {
    // Valid YAML (one long comment) past the limit: only the size can be wrong with it.
    const big = `# ${'x'.repeat(MAX_KNOWLEDGE_FILE_BYTES)}\nentries: []\n`;
    const dir = knowledgeWith('entries/huge.yaml', big);
    expect(problemsOf(dir)).toMatch(/entries\/huge\.yaml: file is \d+ bytes; the limit is 1 MB per file/);
    const result = kbCheck(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('entries/huge.yaml');
  });
});

describe('ask --jsonl', () => {
  it('waits for a slow reader instead of buffering every answer', async () => {
    const highWaterMark = 1024;
    let mostBuffered = 0;
    let lines = 0;
    const slowReader = new Writable({
      highWaterMark,
      write(chunk: Buffer, _encoding, done) {
        lines += chunk.toString('utf8').split('\n').length - 1;
        mostBuffered = Math.max(mostBuffered, this.writableLength);
        setImmediate(done);
      },
    });
    const questions = Array.from({ length: 300 }, (_, i) => (i % 2 ? 'what is a PMO?' : 'PMPとは?'));
    const bot = new Bot({ kb: realKnowledge() });
    await askJsonLines(bot, undefined, Readable.from(questions.map((q) => `${q}\n`)), slowReader);
    await new Promise<void>((resolve) => slowReader.end(resolve));
    expect(lines).toBe(questions.length);
    // Without waiting for 'drain', all 300 answers (hundreds of KB) would sit in the buffer at once.
    const oneAnswer = 20_000;
    expect(mostBuffered).toBeLessThan(highWaterMark + oneAnswer);
  });
});
