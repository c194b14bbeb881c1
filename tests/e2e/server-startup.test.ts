import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CONFIG } from '../../adapters/server/startup.js';
import { root, STACK_LINE } from '../helpers/cli.js';
import { tempDataDir } from '../helpers/server.js';

/**
 * Server start-up as an operator meets it (issue 11), over the real entry
 * point: every configuration mistake is one line naming the variable and
 * its value, blank means unset, a newcomer's start shows no warning, and
 * SIGTERM to `npm start` stops the server.
 */

const entry = join(root, 'dist/adapters/server/main.js');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
  /** Resolves with the URL once the server logs that it listens. */
  listening: () => Promise<string>;
}

function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Started {
  const child = spawn(command, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env } });
  children.push(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = async (): Promise<string> => {
    for (let i = 0; i < 400; i++) {
      const url = /"url":"(http:[^"]+)","slack"/.exec(stderr)?.[1];
      if (url) return url;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`the server did not start; stderr:\n${stderr}`);
  };
  return { child, exited, stderr: () => stderr, listening };
}

/** The built entry point, as systemd or a container runs it, in a folder whose .env is the template. */
function startEntry(env: NodeJS.ProcessEnv): Started {
  const cwd = mkdtempSync(join(tmpdir(), 'pmo-start-'));
  copyFileSync(join(root, '.env.example'), join(cwd, '.env'));
  return start(process.execPath, [entry], {
    cwd,
    env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDataDir(), ...env },
  });
}

const aFile = join(mkdtempSync(join(tmpdir(), 'pmo-file-')), 'not-a-folder');
writeFileSync(aFile, 'x');

describe('a configuration mistake stops the start with one line naming the variable and its value', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT: "abc" must be a whole number from 0 to 65535'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL: "verbose" must be one of fatal, error, warn, info, debug, trace, silent'],
    [
      { MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001' },
      'MICROSOFT_APP_TENANT_ID: is required when MICROSOFT_APP_TYPE=UserAssignedMSI',
    ],
    [{ HOST: 'no-such-host.invalid' }, 'HOST: "no-such-host.invalid" does not resolve to an address (ENOTFOUND)'],
    [
      { DATABASE_URL: 'postgres://bot:hunter2@db host/pmo' },
      'DATABASE_URL: "postgres://bot:***@db host/pmo" is not a URL; expected postgres://USER:PASSWORD@HOST:5432/DATABASE',
    ],
    [{ DATA_DIR: aFile }, `DATA_DIR: "${aFile}" is a file, not a folder`],
  ])('%o', async (env, line) => {
    const started = startEntry(env);
    expect(await started.exited).toBe(EXIT_CONFIG);
    expect(started.stderr()).toBe(`pmo-guide: cannot start: ${line}\n`);
    expect(started.stderr()).not.toMatch(STACK_LINE);
  });

  it('a port another process holds is named, and exits 1: a retry may well succeed', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const started = startEntry({ PORT: String(port) });
      expect(await started.exited).toBe(1);
      // The store and platforms were up by then and logged so; the one plain line says why it stopped.
      const plain = started
        .stderr()
        .split('\n')
        .filter((l) => l && !l.startsWith('{'));
      expect(plain).toEqual([`pmo-guide: cannot start: PORT: ${port} is already in use by another process`]);
      expect(started.stderr()).not.toMatch(STACK_LINE);
    } finally {
      holder.close();
    }
  });
});

describe('a newcomer’s start', () => {
  it('treats blank values as unset and logs no warning; ANALYTICS_SALT unset is one readable line', async () => {
    const blanks = { LOG_LEVEL: '', MICROSOFT_APP_TYPE: '', HEALTH_PORT: '', RETENTION_DAYS: '', STORE_TIMEOUT_MS: '' };
    const started = startEntry({ ...blanks, LOG_LEVEL: ' ' });
    await started.listening();
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    const lines = started
      .stderr()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.filter((l) => l.msg.includes('ANALYTICS_SALT'))).toHaveLength(1);
  });
});

describe('npm start under a process manager', () => {
  it('stops the server when npm gets SIGTERM: nothing is left holding the port', async () => {
    const started = start('npm', ['start', '--silent'], {
      cwd: root,
      env: { HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDataDir() },
    });
    const url = await started.listening();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    started.child.kill('SIGTERM');
    await started.exited;
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await fetch(`${url}/healthz`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused).toBe(true);
  });
});
