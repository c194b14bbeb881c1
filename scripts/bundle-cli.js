#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/src/cli/main.js) and the pure-JS packages
 * it loads into one CommonJS file, dist/src/bundle/pmo-guide.cjs, after
 * `tsc`: a one-shot `ask` otherwise spends more time resolving and compiling
 * ~150 ES modules (zod alone is 95) than answering. `npm run build` runs it;
 * src/cli/launch.ts runs the bundle with V8's code cache, or the compiled CLI
 * when there is no bundle or it is older.
 *
 * The bundle sits one folder below dist/src, as dist/src/cli does, so paths
 * the code finds from its own location (the knowledge folder, package.json,
 * the modules the prebuilt index's key hashes) resolve to the same places.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Pure-JS packages worth bundling; the rest (native, worker-based, spreadsheets, servers) stays external. */
const BUNDLED = new Set(['zod', 'fuse.js', 'stemmer', 'dotenv', 'yaml']);

export async function bundleCli() {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
  // Hashed by the compiled module itself, exactly as an unbundled start would: both find the same prebuilt index.
  const { codeDigest } = await import(`${root}/dist/src/knowledge/cache.js`);
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !BUNDLED.has(name));
  // The code caches beside the last bundle belong to it: they go with it.
  rmSync(`${root}/dist/src/bundle`, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['dist/src/cli/main.js'],
    outfile: 'dist/src/bundle/pmo-guide.cjs',
    bundle: true,
    // CommonJS, so launch.ts can compile it with a code cache (vm.Script); the commands
    // `ask` does not run (chat, stats, kb) are inside too, but only initialised when run.
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external,
    // CommonJS has no import.meta: the bundle's own URL stands in, the same for every module in it
    // (one folder below dist/src, so relative paths still resolve). The code digest: see cache.ts.
    define: { 'import.meta.url': '__bundleUrl', __PMO_CODE_DIGEST__: JSON.stringify(codeDigest()) },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
  });
  refuseDynamicImports(result.metafile);
}

/**
 * vm.Script (launch.ts) runs no import() on every Node 20: esbuild turns
 * bundled ones into require, but keeps import() of an external module or
 * built-in, which would only fail when that command runs. Stop the build instead.
 */
function refuseDynamicImports(metafile) {
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const kept = imports.filter((i) => i.kind === 'dynamic-import' && i.external);
    if (kept.length > 0) {
      const names = kept.map((i) => i.path).join(', ');
      throw new Error(`${input}: import() of ${names} cannot run in the bundle; import it statically`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
