import { spawn, spawnSync } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realKnowledge } from '../helpers/knowledge.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, LOG_LEVEL: 'silent', LANG: 'C.UTF-8' };
const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['bin/pmo-guide.js', ...args], { cwd: root, encoding: 'utf8', env, input });

describe('pmo-guide ask', () => {
  it('answers a question in readable text', () => {
    const result = cli(['ask', 'what does a PMO expert do?']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(realKnowledge().byId.get('pmo-expert')?.en.title);
    expect(result.stderr).toBe('');
  });

  it('prints one JSON object with --json', () => {
    const result = cli(['ask', 'PMPの受験資格は?', '--json']);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ matched: true, intent: 'cert-pmp', lang: 'ja' });
    expect(answer.text).toBe(realKnowledge().byId.get('cert-pmp')?.ja.answer.trim());
    expect(answer.confidence).toBeGreaterThan(0.5);
    expect(answer.confidence).toBeLessThanOrEqual(1);
    expect(typeof answer.ms).toBe('number');
  });

  it('honours --lang for a language-neutral question', () => {
    const answer = JSON.parse(cli(['ask', 'PMP?', '--lang', 'ja', '--json']).stdout);
    expect(answer.lang).toBe('ja');
  });

  it('rejects a bad --lang with usage and exit 2', () => {
    const result = cli(['ask', 'PMP?', '--lang', 'fr']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--lang');
  });

  it('answers --jsonl line by line, in order, in one process', () => {
    const questions = ['PMP?', 'PMOエキスパートとは', "what's the weather tomorrow", ''];
    const result = cli(['ask', '--jsonl'], `${questions.join('\n')}\n`);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(questions.length);
    expect(lines[1]).toMatchObject({ intent: 'pmo-expert', lang: 'ja', matched: true });
    expect(lines[2]).toMatchObject({ matched: false, intent: null });
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(['matched', 'intent', 'confidence', 'lang', 'title', 'text', 'suggestions', 'ms']),
      );
      expect(Array.isArray(line.suggestions)).toBe(true);
    }
  });

  it('prints nothing but the JSON answer on stdout, even with every log level on', () => {
    const result = spawnSync(process.execPath, ['bin/pmo-guide.js', 'ask', 'PMP?', '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...env, LOG_LEVEL: 'debug' },
    });
    expect(JSON.parse(result.stdout)).toMatchObject({ intent: 'cert-pmp' });
    expect(result.stderr).toBe('');
  });
});

describe('pmo-guide kb export', () => {
  it('writes one JSON object per entry with both languages', () => {
    const lines = cli(['kb', 'export'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(realKnowledge().entries.length);
    for (const e of lines) {
      expect(e.title.ja && e.title.en).toBeTruthy();
      expect(e.answer.ja && e.answer.en).toBeTruthy();
      expect(e.questions.ja.length).toBeGreaterThanOrEqual(6);
      expect(e).toHaveProperty('keywords');
      expect(e).toHaveProperty('related');
      expect(e).toHaveProperty('source');
    }
  });
});

describe('pmo-guide chat', () => {
  it('answers, then follows a numbered follow-up', async () => {
    const child = spawn(process.execPath, ['bin/pmo-guide.js', 'chat'], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdin.write('what does a PMO expert do?\n');
    child.stdin.write('1\n');
    child.stdin.end();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const kb = realKnowledge();
    expect(out).toContain(kb.byId.get('pmo-expert')?.en.title);
    // Whatever the answer offered as [1] is what typing "1" must answer next.
    const offered = out.slice(out.indexOf(kb.byId.get('pmo-expert')?.en.title ?? '')).match(/\[1\] (.+)/)?.[1];
    const picked = kb.entries.find((e) => e.en.title === offered);
    expect(picked).toBeDefined();
    expect(out).toContain(picked?.en.answer.trim().split('\n')[0]);
  });
});

/** A loopback port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('pmo-guide chat logs', () => {
  it('keeps stdout for answers and sends logs to stderr', async () => {
    // An unreachable database makes the store log warnings while chat goes on answering.
    const databaseUrl = `postgres://pmo:secret@127.0.0.1:${await closedPort()}/pmo`;
    const result = spawnSync(process.execPath, ['bin/pmo-guide.js', 'chat'], {
      cwd: root,
      encoding: 'utf8',
      input: 'PMPの受験資格は?\n',
      timeout: 15_000,
      env: { ...env, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, STORE_TIMEOUT_MS: '500', ANALYTICS_SALT: 'x' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(realKnowledge().byId.get('cert-pmp')?.ja.title);
    expect(result.stdout).not.toContain('"level"');
    const logs = result.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) expect(log).toMatchObject({ app: 'pmo-guide', level: expect.any(Number) });
    expect(logs.map((l) => l.msg)).toContain('database unavailable; answering without saving progress');
    expect(result.stderr).not.toContain('secret');
  });
});

describe('usage errors', () => {
  it('prints usage for an unknown command', () => {
    const result = cli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
