import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(root, 'bin/pmo-guide.js');

/**
 * A folder to run the CLI in, as a newcomer's working copy would be: its own
 * `.env` (or none) and its own ./data, so nothing of the repository's or the
 * developer's leaks in.
 */
export function workspace(dotenv?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmo-cli-'));
  if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
  return dir;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as `npx pmo-guide …` runs it, with nothing of this process's environment but PATH. */
export function cli(args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): CliRun {
  const env = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', ...options.env };
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env,
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `pmo-guide ARGS | head -1` in a real shell pipeline: the CLI's exit code and stderr once head has gone. */
export function pipedToHead(
  args: string[],
  options: { cwd: string; input?: string },
): { status: number; stderr: string } {
  const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const script = `"${process.execPath}" "${bin}" ${quoted} 2>stderr.txt | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat stderr.txt`;
  const run = spawnSync('bash', ['-c', script], {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input,
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' },
  });
  const [status = '', ...stderr] = run.stdout.split('\n');
  return { status: Number(status), stderr: stderr.join('\n').trim() };
}

/** A stack trace line, which no expected problem may print. */
export const STACK_LINE = /\n\s+at /;
