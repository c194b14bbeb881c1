import { remember } from './memo.js';

const PLACEHOLDER = /\{(\w+)\}/g;

/** A template cut at its placeholders: literal text, then a placeholder's name, then text again, and so on. */
type Parts = readonly string[];

// UI strings are few and fixed; cut once each, they are filled with no regular expression per reply.
const cutTemplates = new Map<string, Parts>();
const CUT_TEMPLATES_LIMIT = 1000;

function cutAtPlaceholders(template: string): Parts {
  const parts: string[] = [];
  let from = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(from, match.index), match[1] as string);
    from = match.index + match[0].length;
  }
  parts.push(template.slice(from));
  return parts;
}

/** Fills {placeholders} in a UI string (ui.yaml); an unknown placeholder is left as written. */
export function fill(template: string, values: Record<string, string | number>): string {
  const parts = remember(cutTemplates, CUT_TEMPLATES_LIMIT, template, cutAtPlaceholders);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i] as string;
    out += `${key in values ? String(values[key]) : `{${key}}`}${parts[i + 1] as string}`;
  }
  return out;
}
