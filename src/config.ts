import { isIP } from 'node:net';
import { z } from 'zod';
import { type AdminId, parseAdminIds } from './admins.js';
import { ConfigError } from './errors.js';
import { DEFAULT_STORE_TIMEOUT_MS } from './store/store.js';

/**
 * Configuration from the environment, which every entry point first fills
 * from .env (src/environment.ts). Validated once; a mistake fails with one
 * line naming the variable and, unless it is a secret, the value given.
 */

/** An optional text variable, trimmed; blank is unset. */
function optionalText() {
  return z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined));
}

function whole(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** Why a DATABASE_URL cannot be used, or undefined; pg would otherwise retry an unusable one forever. */
function postgresUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL; expected postgres://USER:PASSWORD@HOST:5432/DATABASE';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return 'must start with postgres://';
  if (!url.hostname && !url.searchParams.get('host')) return 'names no host';
  return undefined;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The schemas are made on first use, each once: making them all when the
 * module loaded cost every start 2-3 ms, and `ask` reads two variables.
 */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

const envSchema = once(makeEnvSchema);
type Env = z.infer<ReturnType<typeof makeEnvSchema>>;

/** What every CLI command reads; the server reads them too. */
function cliFields() {
  return { LOG_LEVEL: oneOf(LOG_LEVELS).optional(), KNOWLEDGE_DIR: optionalText() };
}

function makeEnvSchema() {
  const optional = optionalText();
  return z.object({
    ...cliFields(),
    PORT: whole(0, 65535).default(3978),
    HOST: z.string().trim().default('0.0.0.0'),
    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: optional.pipe(z.url({ error: 'is not a URL' }).optional()),
    MICROSOFT_APP_ID: optional,
    MICROSOFT_APP_PASSWORD: optional,
    MICROSOFT_APP_TYPE: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MICROSOFT_APP_TENANT_ID: optional,
    TEAMS_ANONYMOUS_ALLOW: optional,
    HEALTH_PORT: whole(0, 65535).optional(),
    OVERLOAD_MAX_LAG_MS: whole(10, 60_000).default(200),
    OVERLOAD_MAX_IN_FLIGHT: whole(1, 100_000).default(256),
    DATA_DIR: optional.transform((v) => v ?? './data'),
    DATABASE_URL: optional.superRefine((v, ctx) => {
      const problem = v === undefined ? undefined : postgresUrlProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    ANALYTICS_SALT: optional,
    ADMIN_USER_IDS: optional,
    RETENTION_DAYS: whole(1, 3650).default(90),
    STORE_TIMEOUT_MS: whole(50, 60_000).default(DEFAULT_STORE_TIMEOUT_MS),
    CONTEXT_TTL_MINUTES: whole(1, 24 * 60).default(30),
  });
}

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set. */
  appToken?: string | undefined;
  apiUrl?: string | undefined;
}

export interface TeamsConfig {
  /** Empty: anonymous local mode (Bot Framework Emulator, Agents Playground). */
  appId?: string | undefined;
  appPassword?: string | undefined;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string | undefined;
  /**
   * Anonymous mode only: socket addresses allowed to talk to the bot
   * (TEAMS_ANONYMOUS_ALLOW). Absent means DEFAULT_ANONYMOUS_ALLOW.
   */
  anonymousAllow?: readonly string[] | undefined;
}

/** Anonymous Teams mode answers this machine only: the Emulator and Agents Playground run locally. */
export const DEFAULT_ANONYMOUS_ALLOW: readonly string[] = ['127.0.0.1', '::1'];

/** When platform requests are refused with 503 instead of queued (see adapters/server/overload.ts). */
export interface OverloadConfig {
  /** OVERLOAD_MAX_LAG_MS: event-loop lag above which new platform requests are shed. */
  maxLagMs: number;
  /** OVERLOAD_MAX_IN_FLIGHT: platform requests being served at once above which new ones are shed. */
  maxInFlight: number;
}

export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  knowledgeDir?: string | undefined;
  slack?: SlackConfig | undefined;
  teams: TeamsConfig;
  overload: OverloadConfig;
  /** HEALTH_PORT: a second port serving only /healthz and /readyz, for probes (see adapters/server/health.ts). */
  healthPort?: number | undefined;
  dataDir: string;
  databaseUrl?: string | undefined;
  analyticsSalt?: string | undefined;
  admins: AdminId[];
  retentionDays: number;
  /** STORE_TIMEOUT_MS: the longest a reply waits on the database before answering without it. */
  storeTimeoutMs: number;
  /** CONTEXT_TTL_MINUTES: how long a conversation's topic is kept for follow-up questions. */
  contextTtlMs: number;
}

function slackConfig(env: Env): SlackConfig | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = env;
  if (!botToken && !signingSecret && !appToken) return undefined;
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'is required when other SLACK_* variables are set');
  if (!signingSecret) throw new ConfigError('SLACK_SIGNING_SECRET', 'is required when SLACK_BOT_TOKEN is set');
  return { botToken, signingSecret, appToken, apiUrl: env.SLACK_API_URL };
}

function teamsConfig(env: Env): TeamsConfig {
  const { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: appPassword, MICROSOFT_APP_TYPE: appType } = env;
  if (appId && !appPassword && appType !== 'UserAssignedMSI') {
    throw new ConfigError('MICROSOFT_APP_PASSWORD', 'is required when MICROSOFT_APP_ID is set');
  }
  if (!appId && appPassword)
    throw new ConfigError('MICROSOFT_APP_ID', 'is required when MICROSOFT_APP_PASSWORD is set');
  if (appType === 'UserAssignedMSI' && !appId) {
    throw new ConfigError(
      'MICROSOFT_APP_ID',
      "is required when MICROSOFT_APP_TYPE=UserAssignedMSI (the identity's client id)",
    );
  }
  // botbuilder asserts the same at the first request, with a stack trace instead of a name.
  if (appType !== 'MultiTenant' && appId && !env.MICROSOFT_APP_TENANT_ID) {
    throw new ConfigError('MICROSOFT_APP_TENANT_ID', `is required when MICROSOFT_APP_TYPE=${appType}`);
  }
  const anonymousAllow = parseAllowList(env.TEAMS_ANONYMOUS_ALLOW);
  return { appId, appPassword, appType, tenantId: env.MICROSOFT_APP_TENANT_ID, anonymousAllow };
}

/** An IPv4 address as IPv6 (::ffff:127.0.0.1) is the IPv4 address: a dual-stack socket reports it that way. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

/** Exact addresses, no ranges: widening anonymous mode should take one deliberate entry per machine. */
function parseAllowList(value: string | undefined): readonly string[] {
  if (value === undefined) return DEFAULT_ANONYMOUS_ALLOW;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((ip) => {
      if (!isIP(ip)) throw new ConfigError('TEAMS_ANONYMOUS_ALLOW', `"${ip}" is not an IP address`);
      return normalizeAddress(ip);
    });
}

/** Never repeated in an error message (DATABASE_URL is shown with its password masked). */
const SECRETS = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_PASSWORD',
  'ANALYTICS_SALT',
]);

function shown(name: string, value: string | undefined): string {
  if (value === undefined || SECRETS.has(name)) return '';
  const masked = name === 'DATABASE_URL' ? value.replace(/(\/\/[^/@:]*:)[^@]*@/, '$1***@') : value;
  return `"${masked}" `;
}

/** Blank means unset for every variable: `PORT=` in .env leaves the default, it does not ask for port 0. */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''),
  );
}

function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const given = withoutBlanks(env);
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const name = String(issue?.path[0] ?? 'environment');
  throw new ConfigError(name, `${shown(name, given[name])}${issue?.message ?? 'is invalid'}`);
}

const runtimeEnvSchema = once(makeRuntimeEnvSchema);

function makeRuntimeEnvSchema() {
  return envSchema().pick({
    DATA_DIR: true,
    DATABASE_URL: true,
    ANALYTICS_SALT: true,
    ADMIN_USER_IDS: true,
    RETENTION_DAYS: true,
    STORE_TIMEOUT_MS: true,
    CONTEXT_TTL_MINUTES: true,
  });
}

/** What every CLI command reads, without making the rest of the schema. */
const cliEnvSchema = once(() => z.object(cliFields()));

/** The settings of the state store and analytics; shared by the server and the CLI. */
export type RuntimeConfig = Pick<
  Config,
  'dataDir' | 'databaseUrl' | 'analyticsSalt' | 'admins' | 'retentionDays' | 'storeTimeoutMs' | 'contextTtlMs'
>;

function runtimeConfig(e: z.infer<ReturnType<typeof makeRuntimeEnvSchema>>): RuntimeConfig {
  return {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    analyticsSalt: e.ANALYTICS_SALT,
    admins: parseAdminIds(e.ADMIN_USER_IDS),
    retentionDays: e.RETENTION_DAYS,
    storeTimeoutMs: e.STORE_TIMEOUT_MS,
    contextTtlMs: e.CONTEXT_TTL_MINUTES * 60_000,
  };
}

/** What every CLI command reads: the knowledge folder, and how much to log (warnings only, unless asked). */
export interface CliConfig {
  logLevel: LogLevel;
  knowledgeDir?: string | undefined;
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const e = parseEnv(cliEnvSchema(), env);
  return { logLevel: e.LOG_LEVEL ?? 'warn', knowledgeDir: e.KNOWLEDGE_DIR };
}

/** Only the store and analytics settings, for CLI commands that need no platform configuration. */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return runtimeConfig(parseEnv(runtimeEnvSchema(), env));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(envSchema(), env);
  return {
    ...runtimeConfig(e),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL ?? 'info',
    knowledgeDir: e.KNOWLEDGE_DIR,
    slack: slackConfig(e),
    teams: teamsConfig(e),
    overload: { maxLagMs: e.OVERLOAD_MAX_LAG_MS, maxInFlight: e.OVERLOAD_MAX_IN_FLIGHT },
    healthPort: e.HEALTH_PORT,
  };
}
