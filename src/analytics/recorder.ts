import { type AdminId, isAdmin } from '../admins.js';
import type { Answered } from '../bot/answer.js';
import type { AnalyticsRecorder } from '../bot/bot.js';
import { notice } from '../bot/run-command.js';
import { PmoGuideError } from '../errors.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import type { Logger } from '../logger.js';
import { TUNING } from '../match/tuning.js';
import { PRODUCT_NAME } from '../product.js';
import type { Reply } from '../reply.js';
import type { Store } from '../store/store.js';
import { fill } from '../text/fill.js';
import { type User, userOf } from '../user.js';
import { formatStats } from './report.js';
import { describeSince, parseSince } from './since.js';

export interface AnalyticsOptions {
  kb: KnowledgeBase;
  store: Store;
  /** Who may run `/pmo stats` (ADMIN_USER_IDS): platform, user and optionally workspace. */
  admins: readonly AdminId[];
  logger?: Logger | undefined;
  now?: () => Date;
}

/**
 * Records what the knowledge team needs (unanswered and weak questions,
 * feedback) and nothing more: the store keeps user ids only as a salted hash.
 */
export class StoreAnalytics implements AnalyticsRecorder {
  private readonly now: () => Date;

  constructor(private options: AnalyticsOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Hot reload: feedback and stats labels follow the new knowledge. */
  useKnowledge(kb: KnowledgeBase): void {
    this.options = { ...this.options, kb };
  }

  async question(user: User, text: string, { reply, match }: Answered): Promise<void> {
    if (reply.matched && match.confidence >= TUNING.lowConfidence) return;
    await this.options.store.recordQuestion({
      user: userOf(user),
      text,
      normalized: match.normalized,
      lang: reply.lang,
      bestGuess: match.candidates[0]?.entryId ?? null,
      confidence: match.confidence,
      matched: reply.matched,
      at: this.now(),
    });
  }

  async feedback(user: User, entryId: string, helpful: boolean, lang: Lang): Promise<void> {
    if (!this.options.kb.byId.has(entryId)) return;
    await this.options.store.recordFeedback({ user: userOf(user), entryId, helpful, lang, at: this.now() });
  }

  async statsReply(user: User, lang: Lang, since = '7d'): Promise<Reply> {
    const { kb, admins, store } = this.options;
    if (!isAdmin(admins, user)) return notice('notice', lang, PRODUCT_NAME, deniedText(kb, user, lang));
    try {
      const stats = await store.stats(parseSince(since, this.now()));
      const title = fill(kb.ui.stats.title[lang], { since: describeSince(since, lang) });
      return notice('stats', lang, title, formatStats(stats, kb, lang, since));
    } catch (error) {
      // A bad `since` or an unreachable database is reported to the admin, never thrown at the adapter.
      if (!(error instanceof PmoGuideError)) throw error;
      return notice('notice', lang, PRODUCT_NAME, error.message);
    }
  }
}

/** Who may not run `stats` learns how to become an admin: their own id, as ADMIN_USER_IDS spells it. */
function deniedText(kb: KnowledgeBase, user: User, lang: Lang): string {
  if (user.platform === 'cli') return kb.ui.stats.deniedTerminal[lang];
  return fill(kb.ui.stats.denied[lang], { id: `${user.platform}:${user.userId}` });
}
