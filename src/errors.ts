/**
 * A small error hierarchy with stable codes. Callers (CLI, server start-up,
 * adapters) branch on `code`, never on message text, and print `message`
 * without a stack trace because these are expected, user-fixable problems.
 */
export type ErrorCode = 'KNOWLEDGE_INVALID' | 'CONFIG_INVALID' | 'STORE_UNAVAILABLE' | 'USAGE';

export abstract class PmoGuideError extends Error {
  abstract readonly code: ErrorCode;
}

/** One problem in one knowledge file; `entryId` is absent for file-level problems. */
export interface KnowledgeProblem {
  file: string;
  entryId?: string;
  path: string;
  message: string;
}

export function formatProblem(p: KnowledgeProblem): string {
  const where = [p.file, p.entryId ? `entry "${p.entryId}"` : undefined, p.path || undefined]
    .filter(Boolean)
    .join(' › ');
  return `${where}: ${p.message}`;
}

/** Every problem found in the knowledge folder, collected before throwing. */
export class KnowledgeError extends PmoGuideError {
  readonly code = 'KNOWLEDGE_INVALID';
  constructor(readonly problems: readonly KnowledgeProblem[]) {
    super(
      `knowledge is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

/** A missing or malformed environment variable, named so the operator can fix it. */
export class ConfigError extends PmoGuideError {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** The persistence layer could not be reached; answering still works without it. */
export class StoreError extends PmoGuideError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Bad command-line usage. */
export class UsageError extends PmoGuideError {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
