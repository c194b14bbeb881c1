import type { KnowledgeProblem } from '../errors.js';
import type { LocatedEntry } from './entries.js';
import type { Glossary, UiStrings } from './schema.js';

/**
 * Cross-checks over the merged knowledge that no single schema can express.
 * Ids of entries that failed validation still count as known everywhere, so
 * one broken entry is reported once, not again by everything that names it.
 */
export function checkReferences(entries: readonly LocatedEntry[], skipUnknown: boolean): KnowledgeProblem[] {
  const ids = new Set(entries.map((e) => e.id));
  return entries.flatMap(({ file, id, entry }) => {
    const refs: [string, string][] = [
      ...(entry?.related ?? []).map((other, i): [string, string] => [`related.${i}`, other]),
      ...(entry?.compares ?? []).map((other, i): [string, string] => [`compares.${i}`, other]),
      ...(entry?.about ? [['about', entry.about] as [string, string]] : []),
      ...(entry?.next ? [['next', entry.next] as [string, string]] : []),
    ];
    return refs.flatMap(([path, other]): KnowledgeProblem[] => {
      if (other === id) return [{ file, entryId: id, path, message: 'an entry cannot refer to itself' }];
      // With a whole entry file unreadable the id may well be there: its syntax error is the one to fix first.
      if (ids.has(other) || skipUnknown) return [];
      return [{ file, entryId: id, path, message: `unknown entry id "${other}"` }];
    });
  });
}

/** Every entry's category needs a title in ui.yaml (it heads the entry's App Home section). */
export function checkCategories(
  entries: readonly LocatedEntry[],
  categories: Readonly<Record<string, unknown>>,
): KnowledgeProblem[] {
  const known = Object.keys(categories);
  return entries.flatMap(({ file, id, entry }) =>
    entry && !Object.hasOwn(categories, entry.category)
      ? [
          {
            file,
            entryId: id,
            path: 'category',
            message: `category "${entry.category}" has no title under "categories" in ui.yaml (known: ${known.join(', ')})`,
          },
        ]
      : [],
  );
}

/** A command form (`role expert`) opens one entry; two entries claiming it would make one unreachable. */
export function checkCommands(entries: readonly LocatedEntry[]): KnowledgeProblem[] {
  const owner = new Map<string, string>();
  const problems: KnowledgeProblem[] = [];
  for (const { file, id, entry } of entries) {
    entry?.commands.forEach((form, i) => {
      const first = owner.get(form);
      if (first && first !== id) {
        problems.push({ file, entryId: id, path: `commands.${i}`, message: `"${form}" already opens "${first}"` });
      } else owner.set(form, id);
    });
  }
  return problems;
}

/** The `{placeholders}` the core fills in each UI string; any other one would reach users verbatim. */
const PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  unknownCommand: ['command', 'suggestion'],
  tooLong: ['max'],
  notCovered: ['detail', 'topic'],
  notCoveredTerm: ['term'],
  comparisonTitle: ['a', 'b'],
  aboutTopic: ['topic'],
  'onboarding.step': ['n', 'total', 'title'],
  'onboarding.incorrect': ['answer'],
  'onboarding.status': ['n', 'total', 'title', 'answered', 'score'],
  'onboarding.summary': ['score', 'total'],
  'stats.title': ['since'],
  'stats.denied': ['id'],
  'stats.question': ['count', 'example', 'lang', 'guess', 'confidence'],
  'stats.started': ['started', 'completed'],
  'stats.step': ['n', 'correct', 'answered'],
};

export function checkPlaceholders(ui: UiStrings, file: string): KnowledgeProblem[] {
  return strings(ui, []).flatMap(([path, text]) => {
    const key = path.slice(0, -1).join('.');
    const allowed = path[0] === 'categories' ? [] : (PLACEHOLDERS[key] ?? []);
    const may = allowed.length > 0 ? `may use ${allowed.map((a) => `{${a}}`).join(', ')}` : 'takes no placeholders';
    return [...text.matchAll(/\{([A-Za-z_]+)\}/g)]
      .map(([, name]) => name ?? '')
      .filter((name) => !allowed.includes(name))
      .map((name) => ({ file, path: path.join('.'), message: `unknown placeholder {${name}}: this string ${may}` }));
  });
}

/** Every string of a nested object with its key path. */
function strings(value: unknown, path: string[]): [string[], string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
}

const plain = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/**
 * A variant equal to its canonical term (up to case and full-width letters)
 * rewrites nothing: usually a slip for another spelling. Variants that only
 * normalize alike (マネジャー) still count: their hiragana reading is rewritten.
 */
export function checkGlossary(glossary: Glossary, file: string): KnowledgeProblem[] {
  return glossary.synonyms.flatMap(({ canonical, variants }, i) =>
    variants.flatMap((variant, j) =>
      plain(variant) === plain(canonical)
        ? [
            {
              file,
              path: `synonyms.${i}.variants.${j}`,
              message: `"${variant}" is the canonical term "${canonical}" itself`,
            },
          ]
        : [],
    ),
  );
}
