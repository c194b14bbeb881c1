import { spawnSync } from 'node:child_process';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError, type KnowledgeProblem } from '../../src/errors.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { copyKnowledge, editYaml, realKnowledge } from '../helpers/knowledge.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function brokenCopy(): string {
  const dir = copyKnowledge();
  dirs.push(dir);
  return dir;
}

function problemsOf(dir: string): KnowledgeProblem[] {
  try {
    loadKnowledge(dir);
  } catch (error) {
    if (error instanceof KnowledgeError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the knowledge to be rejected');
}

describe('the shipped knowledge', () => {
  const kb = realKnowledge();

  it('has every entry in both languages with at least 6 example questions each', () => {
    for (const e of kb.entries) {
      expect(e.ja.questions.length, e.id).toBeGreaterThanOrEqual(6);
      expect(e.en.questions.length, e.id).toBeGreaterThanOrEqual(6);
    }
  });

  it('carries the article figures users ask about', () => {
    const text = (id: string) => `${kb.byId.get(id)?.ja.answer} ${kb.byId.get(id)?.en.answer}`;
    expect(text('cert-ipa-pm')).toContain('14');
    expect(text('cert-pmp')).toContain('180');
    expect(text('cert-pjm-a')).toContain('120');
    expect(text('cert-pmo-s')).toContain('★★★');
    expect(text('cert-pmo-s')).toContain('50');
  });

  it('covers the three PMO roles, four certifications and seven skills', () => {
    const ids = new Set(kb.entries.map((e) => e.id));
    for (const id of ['pmo-administrator', 'pmo-expert', 'pmo-manager']) expect(ids).toContain(id);
    expect(kb.entries.filter((e) => e.id.startsWith('cert-'))).toHaveLength(4);
    expect(kb.entries.filter((e) => e.id.startsWith('skill-'))).toHaveLength(7);
  });
});

describe('knowledge validation', () => {
  it('names file, entry and field for an unknown key (a typo is an error, not a default)', () => {
    const dir = brokenCopy();
    editYaml(dir, 'entries/certifications.yaml', (doc) => {
      doc.setIn(['entries', 0, 'en', 'qustions'], ['typo']);
    });
    const [problem] = problemsOf(dir);
    expect(problem).toMatchObject({ file: 'entries/certifications.yaml', path: 'entries.0.en' });
    expect(problem?.message).toContain('qustions');
    expect(problem?.entryId).toBe(realKnowledge().entries.find((e) => e.category === 'certifications')?.id);
  });

  it('names ui.yaml and the field when a renderer label is missing or empty', () => {
    const dir = brokenCopy();
    editYaml(dir, 'ui.yaml', (doc) => {
      doc.deleteIn(['labels', 'share']);
      doc.setIn(['labels', 'helpful', 'ja'], ' ');
    });
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'ui.yaml', path: 'labels.share' }),
        expect.objectContaining({ file: 'ui.yaml', path: 'labels.helpful.ja', message: 'must not be empty' }),
      ]),
    );
  });

  it('reports a missing language', () => {
    const dir = brokenCopy();
    editYaml(dir, 'entries/skills.yaml', (doc) => {
      doc.deleteIn(['entries', 1, 'ja']);
    });
    expect(problemsOf(dir)).toEqual([expect.objectContaining({ file: 'entries/skills.yaml', path: 'entries.1.ja' })]);
  });

  it('reports an empty question list', () => {
    const dir = brokenCopy();
    editYaml(dir, 'entries/careers.yaml', (doc) => {
      doc.setIn(['entries', 0, 'ja', 'questions'], []);
    });
    const [problem] = problemsOf(dir);
    expect(problem?.path).toBe('entries.0.ja.questions');
    expect(problem?.message).toMatch(/at least 6/);
  });

  it('reports duplicate ids across files', () => {
    const dir = brokenCopy();
    editYaml(dir, 'entries/careers.yaml', (doc) => {
      doc.setIn(['entries', 0, 'id'], 'cert-pmp');
    });
    const problems = problemsOf(dir);
    expect(problems.some((p) => p.entryId === 'cert-pmp' && p.message.includes('duplicate id'))).toBe(true);
  });

  it('reports related ids that point nowhere', () => {
    const dir = brokenCopy();
    editYaml(dir, 'entries/basics.yaml', (doc) => {
      doc.setIn(['entries', 0, 'related'], ['no-such-entry']);
    });
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({ path: 'related.0', message: expect.stringContaining('no-such-entry') }),
    ]);
  });

  it('lists every problem at once, across files', () => {
    const dir = brokenCopy();
    editYaml(dir, 'entries/basics.yaml', (doc) => {
      doc.setIn(['entries', 0, 'category'], 'gossip');
    });
    editYaml(dir, 'ui.yaml', (doc) => {
      doc.deleteIn(['help', 'en']);
    });
    unlinkSync(join(dir, 'glossary.yaml'));
    const files = problemsOf(dir).map((p) => p.file);
    expect(files).toEqual(expect.arrayContaining(['entries/basics.yaml', 'ui.yaml', 'glossary.yaml']));
  });

  it('reports YAML syntax errors with a line number', () => {
    const dir = brokenCopy();
    writeFileSync(join(dir, 'entries', 'broken.yaml'), 'entries:\n  - id: x\n    ja: [unclosed\n');
    const problem = problemsOf(dir).find((p) => p.file === 'entries/broken.yaml');
    expect(problem?.path).toMatch(/line \d+/);
  });

  it('rejects a misspelt file name instead of ignoring it', () => {
    const dir = brokenCopy();
    writeFileSync(join(dir, 'glosary.yaml'), 'synonyms: []\n');
    expect(problemsOf(dir)).toEqual([expect.objectContaining({ file: 'glosary.yaml' })]);
  });
});

describe('pmo-guide kb check', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/pmo-guide.js', 'kb', 'check', ...args], { cwd: root, encoding: 'utf8' });

  it('exits 0 for the shipped knowledge', () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ok: \d+ entries/);
  });

  it('exits non-zero listing every problem, without a stack trace', () => {
    const dir = brokenCopy();
    editYaml(dir, 'entries/basics.yaml', (doc) => {
      doc.setIn(['entries', 0, 'related'], ['nowhere']);
      doc.setIn(['entries', 1, 'en', 'titel'], 'x');
    });
    const result = run('--knowledge', dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('nowhere');
    expect(result.stderr).toContain('titel');
    expect(result.stderr).toContain('entries/basics.yaml');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
