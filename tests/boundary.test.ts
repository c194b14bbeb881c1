import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const FORBIDDEN =
  /from\s+['"](@slack\/[^'"]+|botbuilder[^'"]*|botframework[^'"]*|express)['"]|import\(\s*['"](@slack|botbuilder)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('architecture boundary', () => {
  it('keeps Slack, Teams and HTTP SDKs out of the platform-neutral core', () => {
    const offenders = sourceFiles(src).filter((f) => FORBIDDEN.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('has a core to check (the scan is not vacuous)', () => {
    expect(sourceFiles(src).length).toBeGreaterThan(10);
  });

  it('has no untyped message bags in the core', () => {
    const offenders = sourceFiles(src).filter((f) => /\[key: string\]:\s*any|:\s*any\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
