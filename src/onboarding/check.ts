import type { KnowledgeProblem } from '../errors.js';
import type { OnboardingFile } from './schema.js';

/**
 * Cross-checks the schema alone cannot express: ids exist and both languages
 * list as many choices. `knownIds` includes entries that failed validation:
 * a broken entry is reported once, not again by every step that names it.
 */
export function checkOnboarding(
  path: OnboardingFile,
  knownIds: ReadonlySet<string>,
  file = 'onboarding.yaml',
): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const seen = new Set<string>();
  path.steps.forEach((step, i) => {
    const at = (field: string, message: string) =>
      problems.push({ file, entryId: step.id, path: `steps.${i}.${field}`, message });
    if (seen.has(step.id)) at('id', 'duplicate step id');
    seen.add(step.id);
    step.entries.forEach((id, j) => {
      if (!knownIds.has(id)) at(`entries.${j}`, `unknown entry id "${id}"`);
    });
    const [ja, en] = [step.ja.check.choices.length, step.en.check.choices.length];
    if (ja !== en)
      at('en.check.choices', `has ${en} choices but ja has ${ja}; both languages must list the same choices`);
  });
  return problems;
}
