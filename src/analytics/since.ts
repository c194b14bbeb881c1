import { UsageError } from '../errors.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** "7d", "24h", "30m", "2w" or an ISO date → the moment it names, relative to `now`. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const relative = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (relative) {
    const unit = (relative[2] ?? 'd').toLowerCase() as keyof typeof UNIT_MS;
    return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[unit]);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`--since must look like 7d, 24h, 30m, 2w or an ISO date, not "${value}"`);
  }
  return date;
}
