import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { cli, pipedToHead, root, STACK_LINE, workspace } from '../helpers/cli.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * The CLI as a newcomer meets it (issue 11, first section), over real
 * processes in a folder of their own: help and errors, `ask` answering like
 * chat, a closed pipe, and configuration read the same way by every command.
 */

const kb = realKnowledge();
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('help, --help and --version', () => {
  const cwd = workspace();

  it('`pmo-guide help` lists every command and how to learn more about one', () => {
    const run = cli(['help'], { cwd });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const command of ['ask', 'chat', 'kb check', 'kb export', 'stats', 'help [command]', '--version']) {
      expect(run.stdout).toContain(`pmo-guide ${command}`);
    }
    expect(run.stdout).toContain('pmo-guide <command> --help');
  });

  it('`<command> --help` and `help <command>` explain that command and its options', () => {
    const viaFlag = cli(['ask', '--help'], { cwd });
    expect(viaFlag.status).toBe(0);
    expect(viaFlag.stdout).toBe(cli(['help', 'ask'], { cwd }).stdout);
    expect(viaFlag.stdout).toContain('--jsonl');
    expect(viaFlag.stdout).not.toContain('pmo-guide stats');
    expect(cli(['kb', 'check', '-h'], { cwd }).stdout).toContain('--knowledge DIR');
  });

  it('--version prints the package version', () => {
    const run = cli(['--version'], { cwd });
    expect(run).toMatchObject({ status: 0, stdout: `pmo-guide ${version}\n`, stderr: '' });
  });
});

describe('usage errors: one clear line, then the usage', () => {
  const cwd = workspace();

  it('an unknown option is named as typed, without node quoting it into a puzzle', () => {
    const run = cli(['ask', 'PMP?', '--bogus'], { cwd });
    expect(run.status).toBe(2);
    const [first, blank, ...usage] = run.stderr.split('\n');
    expect(first).toBe('pmo-guide: unknown option --bogus');
    expect(blank).toBe('');
    expect(usage.join('\n')).toContain('pmo-guide ask "question"');
    // Only the command's own usage: the user is busy with `ask`.
    expect(usage.join('\n')).not.toContain('kb check');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['kb', 'check', '--json'], '--json does not apply to "kb check"'],
    [['chat', '--lang', 'ja'], '--lang does not apply to "chat"'],
    [['stats', '--explain'], '--explain does not apply to "stats"'],
  ])('an option the command does not take is an error: %j', (args, line) => {
    const run = cli(args, { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`pmo-guide: ${line}`);
  });

  it('`stats --lang xx` is an error, before any store is opened', () => {
    const fresh = workspace();
    const run = cli(['stats', '--lang', 'xx'], { cwd: fresh });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('pmo-guide: --lang must be "ja" or "en", not "xx"');
    expect(() => readFileSync(join(fresh, 'data', 'pmo-guide.sqlite'))).toThrow();
  });

  it('`kb` alone names its commands', () => {
    const run = cli(['kb'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^pmo-guide: kb needs "check", .*"export"/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});

describe('ask answers exactly as chat does', () => {
  const cwd = workspace();

  it('runs `help` like chat instead of matching the word as a question', () => {
    const asked = cli(['ask', 'help'], { cwd });
    expect(asked.status).toBe(0);
    const firstLine = kb.ui.help.en.trim().split('\n')[0] ?? '';
    expect(asked.stdout).toContain(firstLine);
    const chatted = cli(['chat'], { cwd, input: 'help\n' });
    expect(chatted.stdout).toContain(asked.stdout.trim());
  });

  it('runs `cert pmp` with --lang ja: the PMP entry, in Japanese', () => {
    const answer = JSON.parse(cli(['ask', 'cert pmp', '--lang', 'ja', '--json'], { cwd }).stdout);
    expect(answer).toMatchObject({ intent: 'cert-pmp', lang: 'ja', matched: true });
  });

  it('lets --lang decide the language of a command or greeting written in the other language', () => {
    const lines = cli(['ask', '--jsonl', '--lang', 'ja'], { cwd, input: 'hello\nhelp\nwhat does a PMO do?\n' })
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.kind, l.lang])).toEqual([
      ['greeting', 'ja'],
      ['help', 'ja'],
      ['answer', 'ja'],
    ]);
  });

  it('answers stats and onboard with where they run, not with "I can\'t answer that"', () => {
    const [stats, onboard] = cli(['ask', '--jsonl'], { cwd, input: 'stats\nonboard\n' })
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(stats.text).toBe(kb.ui.stats.deniedTerminal.en);
    expect(cli(['chat'], { cwd, input: 'stats\n' }).stdout).toContain(kb.ui.stats.deniedTerminal.en);
    expect(onboard.text).toBe(kb.ui.onboarding.inChat.en);
    expect([stats.text, onboard.text]).not.toContain(kb.ui.fallback.en);
  });

  it('refuses an over-long question as chat does, one-shot and in --jsonl', () => {
    const long = `what is a PMO ${'and more '.repeat(300)}`;
    const refusal = kb.ui.tooLong.en.replaceAll('{max}', '2000');
    const once = cli(['ask', long], { cwd });
    expect(once.status).toBe(0);
    expect(once.stdout).toContain(refusal);
    const [line] = cli(['ask', '--jsonl'], { cwd, input: `${long}\n` })
      .stdout.trim()
      .split('\n');
    expect(JSON.parse(line ?? '{}')).toMatchObject({ kind: 'notice', matched: false, text: refusal });
  });
});

describe('a reader that closes the pipe early', () => {
  const cwd = workspace();

  it('`kb export | head -1` ends quietly with exit 0', () => {
    expect(pipedToHead(['kb', 'export'], { cwd })).toEqual({ status: 0, stderr: '' });
  });

  it('`ask --jsonl < questions | head -1` ends quietly with exit 0', () => {
    const questions = `${Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'PMPとは?' : 'what does a PMO do?')).join('\n')}\n`;
    expect(pipedToHead(['ask', '--jsonl'], { cwd, input: questions })).toEqual({ status: 0, stderr: '' });
  });
});

describe('every command reads .env the same way', () => {
  it('a KNOWLEDGE_DIR in .env that does not exist stops kb check, ask and chat alike', () => {
    const cwd = workspace('KNOWLEDGE_DIR=/nonexistent/knowledge\n');
    for (const [args, input] of [[['kb', 'check']], [['ask', 'PMP?']], [['chat'], 'PMP?\n']] as const) {
      const run = cli([...args], { cwd, input });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/^pmo-guide: knowledge is invalid/);
      expect(run.stderr).toContain('/nonexistent/knowledge');
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('the real environment wins over .env', () => {
    const cwd = workspace('KNOWLEDGE_DIR=/nonexistent/knowledge\n');
    const run = cli(['kb', 'check'], { cwd, env: { KNOWLEDGE_DIR: defaultKnowledgeDir() } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok: /);
  });

  it('LOG_LEVEL=verbose is refused with its name and value, by every command', () => {
    const cwd = workspace('LOG_LEVEL=verbose\n');
    for (const args of [['ask', 'PMP?'], ['kb', 'check'], ['stats']]) {
      const run = cli(args, { cwd });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toBe(
        'pmo-guide: LOG_LEVEL: "verbose" must be one of fatal, error, warn, info, debug, trace, silent\n',
      );
    }
  });

  it('blank values mean unset, for every variable', () => {
    const blanks = ['KNOWLEDGE_DIR', 'LOG_LEVEL', 'DATA_DIR', 'RETENTION_DAYS', 'STORE_TIMEOUT_MS', 'DATABASE_URL'];
    const cwd = workspace(blanks.map((name) => `${name}=\n`).join(''));
    expect(cli(['kb', 'check'], { cwd }).status).toBe(0);
    const chatted = cli(['chat'], { cwd, input: 'PMP?\n' });
    expect(chatted.status).toBe(0);
    expect(chatted.stderr).toBe('');
    // DATA_DIR= is the default ./data, not the working folder itself.
    expect(() => readFileSync(join(cwd, 'data', 'pmo-guide.sqlite'))).not.toThrow();
  });

  it('DATA_DIR that is a file is named, not retried forever', () => {
    const cwd = workspace('DATA_DIR=.env\n');
    const run = cli(['stats'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('pmo-guide: DATA_DIR: ".env" is a file, not a folder\n');
  });
});
