import type { KnowledgeProblem } from '../errors.js';
import type { Entry } from '../knowledge/schema.js';
import type { OnboardingFile } from './schema.js';

/** Cross-checks the schema alone cannot express: ids exist, answers point at a choice, languages agree. */
export function checkOnboarding(path: OnboardingFile, byId: ReadonlyMap<string, Entry>): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const file = 'onboarding.yaml';
  const seen = new Set<string>();
  path.steps.forEach((step, i) => {
    const at = (field: string, message: string) =>
      problems.push({ file, entryId: step.id, path: `steps.${i}.${field}`, message });
    if (seen.has(step.id)) at('id', 'duplicate step id');
    seen.add(step.id);
    step.entries.forEach((id, j) => {
      if (!byId.has(id)) at(`entries.${j}`, `unknown entry id "${id}"`);
    });
    const [ja, en] = [step.ja.check.choices.length, step.en.check.choices.length];
    if (ja !== en)
      at('en.check.choices', `has ${en} choices but ja has ${ja}; both languages must list the same choices`);
    if (step.answer >= Math.min(ja, en))
      at('answer', `points at choice ${step.answer}, but there are only ${Math.min(ja, en)}`);
  });
  return problems;
}
