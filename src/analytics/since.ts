import { UsageError } from '../errors.js';
import type { Lang } from '../knowledge/schema.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

const RELATIVE = /^(\d+)\s*([mhdw])$/i;

/** "7d", "24h", "30m", "2w" or an ISO date → the moment it names, relative to `now`. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const relative = RELATIVE.exec(value.trim());
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

const UNIT_WORDS: Record<Lang, Record<keyof typeof UNIT_MS, [string, string]>> = {
  ja: { m: ['分', '分'], h: ['時間', '時間'], d: ['日間', '日間'], w: ['週間', '週間'] },
  en: { m: ['minute', 'minutes'], h: ['hour', 'hours'], d: ['day', 'days'], w: ['week', 'weeks'] },
};

/** The period a `--since` value names, in words: 直近7日間, last 7 days, since 2025-04-01. */
export function describeSince(value: string, lang: Lang): string {
  const relative = RELATIVE.exec(value.trim());
  if (!relative) return lang === 'ja' ? `${value.trim()}以降` : `since ${value.trim()}`;
  const count = Number(relative[1]);
  const [one, many] = UNIT_WORDS[lang][(relative[2] ?? 'd').toLowerCase() as keyof typeof UNIT_MS];
  return lang === 'ja' ? `直近${count}${one}` : `last ${count} ${count === 1 ? one : many}`;
}
