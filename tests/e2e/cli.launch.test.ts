import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

/**
 * The launcher (src/cli/launch.ts) picks the bundle or the compiled modules
 * and keeps V8's code cache beside the bundle. Each test gets its own copy of
 * the build (file times kept: they decide which runs), as the tests change
 * the bundle and its cache.
 */
const codeCaches = (install: string) =>
  readdirSync(join(install, 'dist/src/bundle')).filter((f) => f.endsWith('.codecache'));

function installCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmo-launch-'));
  for (const part of ['bin', 'dist', 'knowledge', 'package.json'])
    cpSync(join(root, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  // Other tests' runs of the repository's CLI may have left a code cache there.
  for (const cache of codeCaches(dir)) rmSync(join(dir, 'dist/src/bundle', cache));
  return dir;
}

const QUESTION = 'what does a PMO expert do?';

function ask(install: string) {
  const env = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', DATA_DIR: join(install, 'data') };
  const run = spawnSync(process.execPath, [join(install, 'bin/pmo-guide.js'), 'ask', QUESTION, '--json'], {
    cwd: install,
    encoding: 'utf8',
    env,
  });
  const answer = run.status === 0 ? (JSON.parse(run.stdout) as Record<string, unknown>) : {};
  return { status: run.status, stderr: run.stderr, answer: { ...answer, ms: undefined } };
}

const bundleOf = (install: string) => join(install, 'dist/src/bundle/pmo-guide.cjs');

describe('pmo-guide launcher', () => {
  const reference = ask(installCopy());

  it('answers from the bundle, writes its code cache once and answers alike from it', () => {
    const install = installCopy();
    expect(codeCaches(install)).toEqual([]);
    const first = ask(install);
    expect(first).toEqual({ status: 0, stderr: '', answer: reference.answer });
    expect(codeCaches(install)).toHaveLength(1);
    const cache = join(install, 'dist/src/bundle', codeCaches(install)[0] ?? '');
    const written = readFileSync(cache);
    expect(ask(install)).toEqual(first);
    expect(readFileSync(cache).equals(written)).toBe(true);
  });

  it('ignores a code cache made from other source, answers alike and replaces it', () => {
    const install = installCopy();
    ask(install);
    const cache = join(install, 'dist/src/bundle', codeCaches(install)[0] ?? '');
    writeFileSync(cache, Buffer.concat([createHash('sha256').update('another bundle').digest(), readFileSync(cache)]));
    expect(ask(install)).toEqual({ status: 0, stderr: '', answer: reference.answer });
    const digest = createHash('sha256')
      .update(readFileSync(bundleOf(install), 'utf8'))
      .digest();
    expect(readFileSync(cache).subarray(0, 32).equals(digest)).toBe(true);
  });

  it('answers alike when V8 refuses the cached code (garbage after the right digest)', () => {
    const install = installCopy();
    ask(install);
    const cache = join(install, 'dist/src/bundle', codeCaches(install)[0] ?? '');
    const digest = readFileSync(cache).subarray(0, 32);
    writeFileSync(cache, Buffer.concat([digest, Buffer.from('not code '.repeat(100))]));
    expect(ask(install)).toEqual({ status: 0, stderr: '', answer: reference.answer });
  });

  it('runs the compiled modules when the bundle is missing or older than them (tsc without bundling)', () => {
    const install = installCopy();
    writeFileSync(bundleOf(install), "throw new Error('the stale bundle ran');\n");
    const compiled = join(install, 'dist/src/cli/main.js');
    const now = Date.now() / 1000;
    utimesSync(bundleOf(install), now - 60, now - 60);
    utimesSync(compiled, now, now);
    expect(ask(install)).toEqual({ status: 0, stderr: '', answer: reference.answer });
    // The same file, newer than the compiled CLI, is run: so the fallback above was the age check's doing.
    utimesSync(bundleOf(install), now + 60, now + 60);
    expect(ask(install).stderr).toContain('the stale bundle ran');
    rmSync(bundleOf(install));
    expect(ask(install)).toEqual({ status: 0, stderr: '', answer: reference.answer });
  });
});
