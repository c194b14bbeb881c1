import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../adapters/server/main.js';
import { EXIT_CONFIG } from '../../adapters/server/startup.js';
import {
  type FakeConnector,
  startFakeConnector,
  teamsMessageActivity,
} from '../../bench/support/fakes/bot-connector.js';
import { loadConfig } from '../../src/config.js';
import { postJson, tempDataDir } from '../helpers/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = join(root, 'dist/adapters/server/main.js');
// The spawned server runs where .env is the untouched template: it must start as is, and a
// developer's own .env in the repository cannot leak into these runs.
const cwd = mkdtempSync(join(tmpdir(), 'pmo-guide-main-'));
copyFileSync(join(root, '.env.example'), join(cwd, '.env'));

const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'KNOWLEDGE_DIR',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_PASSWORD',
  'MICROSOFT_APP_TYPE',
  'MICROSOFT_APP_TENANT_ID',
  'TEAMS_ANONYMOUS_ALLOW',
  'OVERLOAD_MAX_LAG_MS',
  'OVERLOAD_MAX_IN_FLIGHT',
  'HEALTH_PORT',
  'DATA_DIR',
  'DATABASE_URL',
  'ANALYTICS_SALT',
  'ADMIN_USER_IDS',
  'RETENTION_DAYS',
  'STORE_TIMEOUT_MS',
  'CONTEXT_TTL_MINUTES',
];

interface LogLine {
  msg: string;
  [key: string]: unknown;
}

function memoryIO() {
  const stderr: string[] = [];
  const logs: string[] = [];
  return {
    stderr,
    logs,
    io: { stderr: (t: string) => void stderr.push(t), logDestination: { write: (l: string) => void logs.push(l) } },
  };
}

/** The built entry point, as `npm start` runs it, with nothing but the given environment. */
function spawnEntry(env: Record<string, string>) {
  const child = spawn(process.execPath, [entry], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const logs = (): LogLine[] =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  const waitForLog = async (msg: RegExp): Promise<LogLine> => {
    for (let i = 0; i < 200; i++) {
      const line = logs().find((l) => msg.test(l.msg));
      if (line) return line;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no log line matching ${msg}; stderr:\n${stderr}`);
  };
  return { child, exited, stderr: () => stderr, logs, waitForLog };
}

const LOOPBACK = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDataDir() };

describe('.env.example', () => {
  it('documents every configuration variable, each with a comment, and loads with no credentials', () => {
    const text = readFileSync(join(root, '.env.example'), 'utf8');
    const values = parseDotenv(text);
    expect(Object.keys(values).sort()).toEqual([...CONFIG_VARIABLES].sort());
    for (const name of CONFIG_VARIABLES) {
      expect(text, name).toMatch(new RegExp(`#[^\\n]*\\n${name}=`));
    }
    const config = loadConfig(values);
    expect(config.slack).toBeUndefined();
    expect(config.teams.appId).toBeUndefined();
  });
});

describe('run(env) in process', () => {
  it('starts with no credentials and explains how to turn the platforms on', async () => {
    const { io, logs, stderr } = memoryIO();
    const result = await run({ ...LOOPBACK }, io);
    if (result.code !== 0) throw new Error(`run failed: ${stderr.join('')}`);
    try {
      const text = logs.join('');
      expect(text).toContain('Slack is off');
      expect(text).toContain('SLACK_BOT_TOKEN');
      expect(text).toContain('SLACK_APP_TOKEN');
      expect(text).toContain('anonymous local mode');
      expect(text).toContain(`http://localhost:${result.address.port}/api/messages`);
      expect(text).toContain('pmo-guide chat');
      expect(stderr).toEqual([]);
      expect((await fetch(`${result.address.url}/healthz`)).status).toBe(200);
    } finally {
      await result.server.close();
    }
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-secret-token' }, 'SLACK_SIGNING_SECRET'],
    [{ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000000' }, 'MICROSOFT_APP_PASSWORD'],
    [{ PORT: 'eighty' }, 'PORT'],
  ])('refuses a half configuration %o with one line naming %s', async (env, variable) => {
    const { io, logs, stderr } = memoryIO();
    const result = await run({ ...LOOPBACK, ...env }, io);
    expect(result.code).toBe(EXIT_CONFIG);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(new RegExp(`^pmo-guide: cannot start: ${variable}: [^\\n]+\\n$`));
    expect(stderr[0]).not.toContain('secret-token');
    expect(logs).toEqual([]);
  });

  it('reports an invalid knowledge folder without a stack trace', async () => {
    const { io, stderr } = memoryIO();
    const result = await run({ ...LOOPBACK, KNOWLEDGE_DIR: join(cwd, 'missing') }, io);
    expect(result.code).toBe(EXIT_CONFIG);
    expect(stderr.join('')).toMatch(/^pmo-guide: cannot start: knowledge is invalid/);
    expect(stderr.join('')).not.toMatch(/\n\s+at /);
  });
});

describe('the built entry point', () => {
  const children: ChildProcess[] = [];
  let connector: FakeConnector;

  beforeAll(async () => {
    // The global setup normally builds dist/; build here too when this file runs on its own.
    if (!existsSync(entry)) {
      spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root });
    }
    expect(existsSync(entry)).toBe(true);
    connector = await startFakeConnector();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await connector.close();
  });

  it('starts with no credentials, says Slack is off and suggests pmo-guide chat, then exits 0 on SIGTERM', async () => {
    const proc = spawnEntry(LOOPBACK);
    children.push(proc.child);
    const listening = await proc.waitForLog(/listening/);
    expect(listening).toMatchObject({ slack: 'off', teams: 'anonymous' });
    await proc.waitForLog(/pmo-guide chat/);
    expect(proc.logs().some((l) => /^Slack is off/.test(l.msg))).toBe(true);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-secret-token' }, 'SLACK_SIGNING_SECRET'],
    [{ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000000' }, 'MICROSOFT_APP_PASSWORD'],
  ])('exits 78 (EX_CONFIG) on %o with exactly one stderr line naming %s', async (env, variable) => {
    const proc = spawnEntry({ ...LOOPBACK, ...env });
    children.push(proc.child);
    expect(await proc.exited).toBe(EXIT_CONFIG);
    const lines = proc.stderr().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^pmo-guide: cannot start: ${variable}: `));
    expect(proc.stderr()).not.toMatch(/\s+at |secret-token/);
  });

  it('finishes a request in flight when SIGTERM arrives, then exits 0', async () => {
    const proc = spawnEntry(LOOPBACK);
    children.push(proc.child);
    const { url } = (await proc.waitForLog(/listening/)) as LogLine & { url: string };
    connector.delayMs = 800;
    const activity = teamsMessageActivity({ serviceUrl: connector.url, text: 'What does a PMO do?' });
    const inFlight = postJson(`${url}/api/messages`, activity);
    // The bot is now waiting on the (slow) connector: the request is truly in flight.
    await connector.nextActivity();
    proc.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await proc.exited).toBe(0);
    expect(proc.logs().map((l) => l.msg)).toContain('stopped');
  });
});
