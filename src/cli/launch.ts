import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/**
 * Starts the CLI the fastest way the build allows. `npm run build` bundles
 * the compiled CLI into one CommonJS file (scripts/bundle-cli.js): a one-shot
 * `ask` would otherwise spend more time resolving and compiling ~150 ES
 * modules than answering. The bundle is compiled through vm.Script with
 * V8's code cache, kept beside it, so later runs skip parsing and compiling
 * it (Node 20 has no module.enableCompileCache). Without a bundle, or with
 * one older than the compiled CLI (tsc rewrites every file, so a `tsc` run
 * that did not bundle), the compiled ES modules run as they are: correct,
 * only slower. (So does a copy of the build that did not keep file times.)
 */
export type Main = (argv: string[]) => Promise<number>;

const BUNDLE = new URL('../bundle/pmo-guide.cjs', import.meta.url);
const COMPILED = new URL('./main.js', import.meta.url);
const DIGEST_BYTES = 32;

export async function loadMain(): Promise<Main> {
  const mtime = (url: URL) => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
  const bundled = mtime(BUNDLE);
  if (bundled === undefined || bundled < (mtime(COMPILED) ?? 0)) {
    return ((await import(COMPILED.href)) as { main: Main }).main;
  }
  return runBundle(fileURLToPath(BUNDLE));
}

/** The code cache's file: one per V8 version and CPU, as V8 only accepts its own. */
function codeCacheFile(bundle: string): string {
  return `${bundle}.${process.versions.v8}-${process.arch}.codecache`;
}

function runBundle(file: string): Main {
  const bytes = readFileSync(file);
  const digest = createHash('sha256').update(bytes).digest();
  const source = bytes.toString('utf8');
  const cacheFile = codeCacheFile(file);
  const cached = readCodeCache(cacheFile, digest);
  // The usual CommonJS wrapper, so the bundle sees require, module and __filename as under require().
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
  });
  const module = { exports: {} as { main?: Main } };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${file} does not export main; run \`npm run build\``);
  if (cached && !script.cachedDataRejected) return main;
  // Written after the run: the cache then holds every function the command compiled, not only the top level.
  return async (argv) => {
    try {
      return await main(argv);
    } finally {
      writeCodeCache(cacheFile, digest, script);
    }
  };
}

/**
 * The cached code when it was made from exactly this source. V8 checks its
 * own version and flags but, for the source, only its length: the digest
 * makes sure a rebuilt bundle of the same length never runs stale code.
 */
function readCodeCache(file: string, digest: Buffer): Buffer | undefined {
  try {
    const bytes = readFileSync(file);
    return bytes.subarray(0, DIGEST_BYTES).equals(digest) ? bytes.subarray(DIGEST_BYTES) : undefined;
  } catch {
    return undefined; // none yet
  }
}

function writeCodeCache(file: string, digest: Buffer, script: Script): void {
  try {
    // Checked first: making the cache costs milliseconds, wasted on every run of a read-only install.
    accessSync(dirname(file), constants.W_OK);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([digest, script.createCachedData()]));
    // Renamed into place: a concurrent start reads the old file or the whole new one.
    renameSync(temporary, file);
  } catch {
    // Best effort: a read-only install only starts without the cache.
  }
}
