import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { copyKnowledge, editYaml, entryOf, realKnowledge } from '../helpers/knowledge.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `pmo-guide kb test …` as a CI job runs it: piped, so no progress bar. */
const kbTest = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/pmo-guide.js', 'kb', 'test', ...args], { cwd: root, encoding: 'utf8' });

interface Row {
  id: string;
  lang: string;
  right: number;
  total: number;
  confusions: { to: string; count: number }[];
}

describe('pmo-guide kb test', () => {
  it('prints a per-entry report of the shipped knowledge, worst first, with nothing extra when piped', () => {
    const result = kbTest('--min', '0');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^kb test: \d+ entries, \d+ example questions, each held out once \(5-fold\)/);
    expect(lines[1]).toMatch(/^right: \d+\/\d+ \(\d+\.\d%\)$/);
    const rows = lines.filter((l) => /^ {2}[a-z0-9-]+ \((ja|en)\) \d+\/\d+/.test(l));
    expect(rows).toHaveLength(realKnowledge().entries.length * 2);
    const accuracies = rows.map((l) => Number(/ (\d+\.\d)%/.exec(l)?.[1]));
    expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
    expect(result.stdout).toContain('ok: every entry is right at least 0.0% of the time');
    expect(result.stdout + result.stderr).not.toContain('\r');
  });

  it('names the confusion a planted look-alike entry causes, and exits 1', () => {
    const dir = copyKnowledge();
    made.push(dir);
    const pmp = entryOf(realKnowledge(), 'cert-pmp');
    const twin = { ...pmp, id: 'cert-pmp-twin', commands: [], names: [], related: [] };
    editYaml(dir, 'entries/certifications.yaml', (doc) => {
      doc.addIn(['entries'], twin);
    });
    const result = kbTest('--knowledge', dir, '--json', '--folds', '3');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { entries: Row[]; failing: string[] };
    const stolen = report.entries
      .filter((r) => r.id === 'cert-pmp')
      .flatMap((r) => r.confusions.filter((c) => c.to === 'cert-pmp-twin'));
    expect(stolen.reduce((n, c) => n + c.count, 0)).toBeGreaterThanOrEqual(5);
    expect(report.failing.some((f) => f.startsWith('cert-pmp'))).toBe(true);
    const text = kbTest('--knowledge', dir, '--folds', '3', '--lang', 'ja').stdout;
    expect(text).toMatch(/cert-pmp \((ja|en)\) .*\n.*\d+件は cert-pmp-twin へ/);
    expect(text).toMatch(/^FAIL: /m);
  });

  it('scores a --questions file in the devset format against the whole knowledge', () => {
    const dir = copyKnowledge();
    made.push(dir);
    const file = join(dir, 'questions.yaml');
    writeFileSync(
      file,
      stringify({
        ja: [{ q: 'PMPの受験料はいくら?', intent: 'cert-pmp' }],
        en: [{ q: 'what does a PMO expert do', intent: 'pmo-expert' }],
        out_of_scope: [{ q: 'How do I reset my VPN password?', lang: 'en' }],
      }),
    );
    const result = kbTest('--questions', file, '--json', '--min', '0');
    const report = JSON.parse(result.stdout) as { file: { total: number; right: number; entries: Row[] } };
    expect(report.file.total).toBe(3);
    expect(report.file.entries.map((r) => r.id).sort()).toEqual(['(no answer)', 'cert-pmp', 'pmo-expert']);
  });
});
