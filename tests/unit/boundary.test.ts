import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');
const ENTRY = join(src, 'index.ts');
const SDK = /^(@slack\/|botbuilder|botframework|express$|express\/)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Module specifiers of every import/export statement and dynamic import() in a file's text. */
function importSpecifiers(text: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1] as string);
  return specs;
}

/** The repository path a relative specifier points at (`.js` mapped to the `.ts` source), or undefined for packages. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return resolve(dirname(file), spec).replace(/\.js$/, '.ts');
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);
const rel = (path: string) => relative(root, path).split(sep).join('/');

/** Violations of "src/ never imports adapters/, bench/ or an SDK" for one core file. */
function coreViolations(file: string, text: string): string[] {
  return importSpecifiers(text)
    .filter((spec) => {
      if (SDK.test(spec)) return true;
      const to = target(file, spec);
      return to !== undefined && !inside(to, src);
    })
    .map((spec) => `${rel(file)} imports ${spec}`);
}

/** Violations of "adapters/ and bench/ reach src/ only through src/index.ts" for one outer file. */
function outerViolations(file: string, text: string): string[] {
  return importSpecifiers(text)
    .filter((spec) => {
      const to = target(file, spec);
      return to !== undefined && inside(to, src) && to !== ENTRY;
    })
    .map((spec) => `${rel(file)} imports ${spec}`);
}

const scan = (dir: string, check: (file: string, text: string) => string[]) =>
  sourceFiles(join(root, dir)).flatMap((f) => check(f, readFileSync(f, 'utf8')));

describe('architecture boundary', () => {
  it('keeps adapters, bench and the Slack, Teams and HTTP SDKs out of the platform-neutral core', () => {
    expect(scan('src', coreViolations)).toEqual([]);
  });

  it('lets adapters/ and bench/ reach the core only through src/index.ts', () => {
    expect(scan('adapters', outerViolations)).toEqual([]);
    expect(scan('bench', outerViolations)).toEqual([]);
  });

  it('keeps test and bench code (the loopback fakes included) out of what the server ships', () => {
    const bench = join(root, 'bench');
    const tests = join(root, 'tests');
    const offenders = ['src', 'adapters'].flatMap((dir) =>
      sourceFiles(join(root, dir)).flatMap((f) =>
        importSpecifiers(readFileSync(f, 'utf8'))
          .filter((spec) => {
            const to = target(f, spec);
            return to !== undefined && (inside(to, bench) || inside(to, tests));
          })
          .map((spec) => `${rel(f)} imports ${spec}`),
      ),
    );
    expect(offenders).toEqual([]);
    expect(sourceFiles(join(root, 'adapters')).filter((f) => /fake/i.test(rel(f)))).toEqual([]);
  });

  it('catches each kind of violation (the scan can fail)', () => {
    const core = join(src, 'bot', 'x.ts');
    expect(coreViolations(core, "import { App } from '@slack/bolt';")).toHaveLength(1);
    expect(coreViolations(core, "import type { TurnContext } from 'botbuilder';")).toHaveLength(1);
    expect(coreViolations(core, "const m = await import('../../adapters/slack/render.js');")).toHaveLength(1);
    expect(coreViolations(core, "export { x } from '../../bench/load.js';")).toHaveLength(1);
    expect(coreViolations(core, "import { Bot } from './bot.js';\nimport { z } from 'zod';")).toEqual([]);

    const adapter = join(root, 'adapters', 'slack', 'x.ts');
    expect(outerViolations(adapter, "import {\n  type Reply,\n} from '../../src/reply.js';")).toHaveLength(1);
    expect(outerViolations(adapter, "import { Bot } from '../../src/index.js';")).toEqual([]);
    expect(outerViolations(adapter, "import { x } from './render.js';")).toEqual([]);
  });

  it('has a core and adapters to check (the scan is not vacuous)', () => {
    expect(sourceFiles(src).length).toBeGreaterThan(10);
    expect(sourceFiles(join(root, 'adapters')).length).toBeGreaterThan(10);
    expect(
      scan('adapters', (f, t) => importSpecifiers(t).filter((s) => target(f, s) === ENTRY)).length,
    ).toBeGreaterThan(10);
  });

  it('has no untyped message bags in the core', () => {
    const offenders = sourceFiles(src).filter((f) => /\[key: string\]:\s*any|:\s*any\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

/** Decisions only the core makes, as they would show in an adapter's source. */
const CORE_DECISIONS: [RegExp, string][] = [
  [/\b(decideLanguage|detectLanguage|languageFromLocale)\b/, 'chooses a language'],
  [/\btype:\s*['"](ask|feedback|command|onboard|switch|new-topic)['"]/, 'builds an action'],
  [/\.title\s*===|===\s*[\w.?[\]]+\.title\b/, 'compares titles'],
];

/** Lines of an adapter file that decide instead of rendering what the Reply says. */
function decisionViolations(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      CORE_DECISIONS.filter(([pattern]) => pattern.test(line)).map(([, what]) => `${rel(file)}:${i + 1} ${what}`),
    );
}

describe('the core decides, adapters render', () => {
  it('leaves language, actions (share, 👍/👎, catalog buttons) and which reply is which to the core', () => {
    expect(scan('adapters', decisionViolations)).toEqual([]);
  });

  it('catches each kind of decision (the scan can fail)', () => {
    const adapter = join(root, 'adapters', 'teams', 'x.ts');
    expect(decisionViolations(adapter, "const lang = languageFromLocale(locale) ?? 'en';")).toHaveLength(1);
    expect(decisionViolations(adapter, "action: { type: 'feedback', entryId, helpful, lang },")).toHaveLength(1);
    expect(decisionViolations(adapter, "const share = { type: 'ask', entryId: entry.id };")).toHaveLength(1);
    expect(decisionViolations(adapter, 'if (entry[reply.lang].title === reply.title) {')).toHaveLength(1);
    expect(decisionViolations(adapter, "if (parsed.type === 'switch') await replaceCard();")).toEqual([]);
    expect(decisionViolations(adapter, "{ type: 'Action.Submit', title: button.label }")).toEqual([]);
  });
});
