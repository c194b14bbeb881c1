import type { KnowledgeBase } from './load.js';

const ARTICLE = /\b(a|an|the)\s+/giu;
const LATIN_PHRASE = /^[a-z]+(?:[\s-][a-z']+)+$/iu;
const POSSESSIVES = ['my', 'our', 'your', 'his', 'her', 'their'];

/**
 * A name of several English words as people also write it: with another
 * article or none, its last word singular or plural ("setting the goals" →
 * "setting the goal", "building a team" → "building the team").
 */
export function spellings(name: string): string[] {
  if (!LATIN_PHRASE.test(name)) return [name];
  const bare = name.replace(ARTICLE, '');
  const articled = name === bare ? [] : [bare, name.replace(ARTICLE, 'the '), name.replace(ARTICLE, 'a ')];
  const forms = [...new Set([name, ...articled])];
  return [...new Set([...forms, ...forms.map(otherNumber)])];
}

function otherNumber(phrase: string): string {
  if (/ss$/iu.test(phrase)) return phrase;
  return /s$/iu.test(phrase) ? phrase.slice(0, -1) : `${phrase}s`;
}

/**
 * "My manager asked me…" is someone's boss: a one-word name of a role's duties
 * after a possessive names no topic ("my writing" is still the skill, "my PJM-A"
 * the certification, "my PMO" the PMO). These are the phrases that say so.
 */
export function possessiveNames(kb: KnowledgeBase): string[] {
  const people = kb.entries.filter((e) => e.category === 'duties').flatMap((e) => e.names);
  const oneWord = people.filter((n) => /^[a-z]+$/u.test(n));
  return oneWord.flatMap((n) => POSSESSIVES.map((p) => `${p} ${n}`));
}

/** Every phrase the topic finder reads as a question at start-up: each name's spellings and the possessive phrases. */
export function nameTexts(kb: KnowledgeBase): string[] {
  return [...kb.entries.flatMap((e) => e.names.flatMap(spellings)), ...possessiveNames(kb)];
}
