import { ConfigError } from './errors.js';
import { type ChatPlatform, ChatPlatformSchema, type User } from './user.js';

/**
 * Who may run admin commands (`stats`, which shows other users' questions).
 * An id alone is not enough: a Teams user can choose an id that equals a
 * Slack admin's, so every admin is bound to a platform and, optionally, to a
 * workspace (Slack team id, Teams tenant id).
 */
export interface AdminId {
  platform: ChatPlatform;
  userId: string;
  /** When set, the admin counts only in this workspace. */
  workspaceId?: string | undefined;
}

const PLATFORM_PREFIX = new RegExp(`^(${ChatPlatformSchema.options.join('|')}):(.+)$`);

/**
 * One ADMIN_USER_IDS item: `slack:U123`, `teams:29:abc…`, optionally
 * followed by `@WORKSPACE`. A plain id (no prefix) means Slack, as it did
 * before platforms were named; a Slack id never contains ":" so an unknown
 * prefix is a typo worth stopping for, not a Slack id.
 */
function parseOne(item: string): AdminId {
  const prefixed = PLATFORM_PREFIX.exec(item);
  if (!prefixed && item.includes(':')) {
    throw new ConfigError('ADMIN_USER_IDS', `"${item}" names no known platform; write slack:ID or teams:ID`);
  }
  const platform = ChatPlatformSchema.catch('slack').parse(prefixed?.[1]);
  const rest = prefixed?.[2] ?? item;
  const at = rest.lastIndexOf('@');
  const userId = at === -1 ? rest : rest.slice(0, at);
  const workspaceId = at === -1 ? undefined : rest.slice(at + 1);
  if (!userId || workspaceId === '') {
    throw new ConfigError('ADMIN_USER_IDS', `"${item}" is not PLATFORM:USER or PLATFORM:USER@WORKSPACE`);
  }
  return workspaceId === undefined ? { platform, userId } : { platform, userId, workspaceId };
}

/** The comma-separated ADMIN_USER_IDS value; empty means nobody is an admin. */
export function parseAdminIds(value: string | undefined): AdminId[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseOne);
}

/** Platform and user must match; the workspace too when the admin entry names one. */
export function isAdmin(admins: readonly AdminId[], user: User): boolean {
  return admins.some(
    (a) =>
      a.platform === user.platform &&
      a.userId === user.userId &&
      (a.workspaceId === undefined || a.workspaceId === user.workspaceId),
  );
}
