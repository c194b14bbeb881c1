import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * CLI and server tests spawn the compiled program, exactly as users run it;
 * compile and bundle once, as `npm run build` does, so they never test a
 * stale dist/ (tsc 7 and esbuild take well under a second each). Type errors
 * are reported by `npm run typecheck`, so they don't stop the emit here.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'ignore',
  });
  spawnSync(process.execPath, ['scripts/bundle-cli.js'], { cwd: root, stdio: 'ignore' });
  for (const built of ['dist/src/cli/main.js', 'dist/src/bundle/pmo-guide.cjs']) {
    if (!existsSync(`${root}/${built}`)) throw new Error('build failed: run `npm run build` to see why');
  }
}
