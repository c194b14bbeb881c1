// The one entry point to the core. Adapters (adapters/) and the benchmarks (bench/) import
// src/ only through this file; tests/boundary.test.ts enforces it.

export { Bot, type HomeView } from './bot/bot.js';
export type { CatalogSection } from './bot/catalog.js';
export { defaultKnowledgeDir, resolveKnowledgeDir } from './cli/knowledge-dir.js';
export {
  type Config,
  DEFAULT_ANONYMOUS_ALLOW,
  loadConfig,
  normalizeAddress,
  type OverloadConfig,
  type SlackConfig,
  type TeamsConfig,
} from './config.js';
export { type DeliveryClaims, DeliveryGuard, deliveryKey } from './deliveries.js';
export { loadEnvironment } from './environment.js';
export { ConfigError, KnowledgeError, PmoGuideError } from './errors.js';
export { loadKnowledgeCached } from './knowledge/cache.js';
export { type KnowledgeBase, loadKnowledge } from './knowledge/load.js';
export { type Lang, LangSchema, type UiStrings } from './knowledge/schema.js';
export { KnowledgeWatcher, type ReloadResult } from './knowledge/watch.js';
export { createLogger, type Logger } from './logger.js';
// For the side-by-side bench, which times matching alone; adapters only ever talk to the Bot.
export { Matcher } from './match/matcher.js';
export type { IncomingMessage } from './message.js';
export { PRODUCT_NAME } from './product.js';
export { deepFreeze, leadOf, type Reply, type ReplyAction, ReplyActionSchema, type ReplyButton } from './reply.js';
export { createRuntime, type Runtime } from './runtime.js';
// For the benchmarks, which ask the matcher directly; adapters leave the language to the core.
export { decideLanguage } from './text/language.js';
export type { ChatPlatform, Platform, Sender, User } from './user.js';
