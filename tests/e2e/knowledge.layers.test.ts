import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { KnowledgeError, type KnowledgeProblem } from '../../src/errors.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { copyKnowledge, editYaml, newEntry } from '../helpers/knowledge.js';
import { blocksText, slashBlocks, startSlackServer } from '../helpers/slack.js';

const base = defaultKnowledgeDir();
const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An organisation's own knowledge folder with the given files (objects are written as YAML). */
function orgFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmo-org-'));
  made.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

function problemsOf(dirs: string): KnowledgeProblem[] {
  try {
    loadKnowledge(dirs);
  } catch (error) {
    if (error instanceof KnowledgeError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the knowledge to be rejected');
}

const capm = newEntry('cert-capm', { ja: 'CAPM', en: 'CAPM' }, { commands: ['cert capm'] });
const pmpOverride = {
  ...newEntry('cert-pmp', { ja: '当社版PMP', en: 'Our PMP' }),
  override: true,
  commands: ['cert pmp'],
};

describe('several knowledge folders', () => {
  const org = orgFolder({
    'entries/ours.yaml': { entries: [capm, pmpOverride] },
    'ui.yaml': { override: true, certList: { ja: '当社の資格', en: 'Our certifications' } },
  });

  it('adds entries, and replaces an entry and UI strings marked override: true', () => {
    const kb = loadKnowledge(`${base}${delimiter}${org}`);
    const shipped = loadKnowledge(base);
    expect(kb.entries).toHaveLength(shipped.entries.length + 1);
    expect(kb.byId.get('cert-pmp')?.en.title).toBe('What is Our PMP?');
    // The replacement keeps the original's place: lists stay in the same order.
    expect(kb.entries.findIndex((e) => e.id === 'cert-pmp')).toBe(
      shipped.entries.findIndex((e) => e.id === 'cert-pmp'),
    );
    expect(kb.ui.certList.en).toBe('Our certifications');
    expect(kb.ui.help.en).toBe(shipped.ui.help.en);
    expect(kb.dirs).toEqual([base, org]);
  });

  it('refuses a repeated id without override: true, naming both files', () => {
    const clash = orgFolder({ 'entries/ours.yaml': { entries: [newEntry('cert-pmp', { ja: 'X', en: 'X' })] } });
    const [problem, ...rest] = problemsOf(`${base}${delimiter}${clash}`);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: join(clash, 'entries/ours.yaml'), entryId: 'cert-pmp' });
    expect(problem?.message).toContain(join(base, 'entries/certifications.yaml'));
    expect(problem?.message).toContain('override: true');
  });

  it('refuses UI strings replaced silently, and an override of nothing', () => {
    const silent = orgFolder({
      'ui.yaml': { certList: { ja: 'x', en: 'x' } },
      'entries/ours.yaml': { entries: [{ ...newEntry('cert-new', { ja: 'N', en: 'N' }), override: true }] },
    });
    const problems = problemsOf(`${base}${delimiter}${silent}`);
    expect(problems.map((p) => `${p.file} ${p.message}`)).toEqual([
      expect.stringMatching(/ours\.yaml has "override: true" but no earlier knowledge folder defines this id/),
      expect.stringMatching(/ui\.yaml .*already defines this file; add "override: true"/),
    ]);
  });

  it('lists a certification added only in the second folder in /pmo cert, over real HTTP', async () => {
    const fake = await FakeSlack.start();
    const running = await startSlackServer(fake, { KNOWLEDGE_DIR: `${base}${delimiter}${org}` }, { log: 'silent' });
    try {
      const text = blocksText(await slashBlocks(running.target, 'cert', 'U-ORG'));
      expect(text).toContain('Our certifications');
      expect(text).toContain('What is CAPM?');
      expect(text).toContain('What is Our PMP?');
      expect(blocksText(await slashBlocks(running.target, 'cert capm', 'U-ORG'))).toContain('our organisation');
    } finally {
      await running.server.close();
      await fake.close();
    }
  });

  it("shows an organisation's own category on the home view once ui.yaml titles it", () => {
    const rules = newEntry('our-meeting-rules', { ja: '会議体ルール', en: 'meeting rules' }, { category: 'our-rules' });
    const untitled = orgFolder({ 'entries/ours.yaml': { entries: [rules] } });
    expect(problemsOf(`${base}${delimiter}${untitled}`)).toEqual([
      expect.objectContaining({ entryId: 'our-meeting-rules', path: 'category' }),
    ]);
    const titled = orgFolder({
      'entries/ours.yaml': { entries: [rules] },
      'ui.yaml': { override: true, categories: { 'our-rules': { ja: '社内ルール', en: 'Our rules' } } },
    });
    const bot = new Bot({ kb: loadKnowledge(`${base}${delimiter}${titled}`) });
    const section = bot.catalog('en').find((s) => s.category === 'our-rules');
    expect(section).toEqual({
      category: 'our-rules',
      title: 'Our rules',
      entries: [{ label: 'What is meeting rules?', action: { type: 'ask', entryId: 'our-meeting-rules', lang: 'en' } }],
    });
  });
});

describe('kinder knowledge files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const copy = () => {
    const dir = copyKnowledge();
    dirs.push(dir);
    return dir;
  };

  it('reports one broken entry once, though related ids and onboarding steps name it', () => {
    const dir = copy();
    editYaml(dir, 'entries/basics.yaml', (doc) => {
      doc.deleteIn(['entries', 0, 'en']); // pm-role: named by related lists and the onboarding path
    });
    expect(problemsOf(dir)).toEqual([expect.objectContaining({ entryId: 'pm-role', path: 'entries.0.en' })]);
  });

  it("shows the YAML library's own message and line for a syntax error", () => {
    const dir = copy();
    writeFileSync(join(dir, 'glossary.yaml'), 'synonyms:\n\t- canonical: PM\n');
    const [problem] = problemsOf(dir);
    expect(problem?.path).toMatch(/^line 2, column \d+$/);
    expect(problem?.message).toMatch(/^YAML: Tabs are not allowed as indentation.*\(TAB_AS_INDENT\)$/);
  });

  it('refuses a glossary variant equal to its canonical term', () => {
    const dir = copy();
    editYaml(dir, 'glossary.yaml', (doc) => {
      doc.addIn(['synonyms', 0, 'variants'], 'pm');
    });
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({ file: 'glossary.yaml', message: '"pm" is the canonical term "PM" itself' }),
    ]);
  });

  it('refuses a {placeholder} the string cannot use', () => {
    const dir = copy();
    editYaml(dir, 'ui.yaml', (doc) => {
      doc.setIn(['tooLong', 'en'], 'Please keep it under {maximum} characters.');
    });
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({ path: 'tooLong.en', message: expect.stringContaining('{maximum}') }),
    ]);
  });

  it('marks the right onboarding choice on the choice itself, once and in both languages alike', () => {
    const dir = copy();
    editYaml(dir, 'onboarding.yaml', (doc) => {
      doc.setIn(['steps', 0, 'en', 'check', 'choices', 0], { text: 'The PM', correct: true });
    });
    const problems = problemsOf(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'onboarding.yaml',
        path: 'steps.0.en.check.choices',
        message: expect.stringContaining('exactly one'),
      }),
    ]);
    const kb = loadKnowledge(base);
    const step = kb.onboarding?.steps[0];
    expect(step?.en.check.choices[step.answer]).toMatch(/specialist department/);
  });
});
