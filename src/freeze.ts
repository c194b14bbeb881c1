/**
 * `value` and everything in it made read-only: how a reply (or its rendering)
 * shared between requests is marked, so callers may keep what they derive
 * from it (a rendering, its JSON) and no caller can change it for the next.
 * Apart from reply.ts, whose schemas the bot need not build to use it.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
