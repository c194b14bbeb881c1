import { TUNING } from '../match/tuning.js';
import { STATS_TOP } from './store.js';

/**
 * Every statement the engines run against the current schema (see
 * migrations.ts for how it came to be); parameters are listed in the
 * comments where not obvious. `user_hash` is always the salted hash from
 * keys.ts, `key_id` a delivery key's deliveryId (keys.ts).
 */
export const SQL = {
  getOnboarding: 'SELECT step, started_at, completed_at FROM onboarding WHERE user_hash = ?',
  getAnswers: 'SELECT step, choice, correct FROM onboarding_answers WHERE user_hash = ? ORDER BY step',
  clearAnswers: 'DELETE FROM onboarding_answers WHERE user_hash = ?',
  // (user, startedAt, activeAt)
  startOnboarding: `INSERT INTO onboarding (user_hash, step, started_at, completed_at, active_at)
    VALUES (?, 0, ?, NULL, ?)
    ON CONFLICT (user_hash)
    DO UPDATE SET step = 0, started_at = excluded.started_at, completed_at = NULL, active_at = excluded.active_at`,
  // (toStep, completedAt or NULL to keep it, activeAt, user, fromStep): the WHERE on step is the compare-and-set.
  moveOnboarding: `UPDATE onboarding SET step = ?, completed_at = COALESCE(?, completed_at), active_at = ?
    WHERE user_hash = ? AND step = ?`,
  // (user, step, choice, correct, answeredAt)
  recordAnswer: `INSERT INTO onboarding_answers (user_hash, step, choice, correct, answered_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (user_hash, step) DO NOTHING`,
  // (activeAt, user, activeAt): an answer counts as activity for retention.
  touchOnboarding: 'UPDATE onboarding SET active_at = ? WHERE user_hash = ? AND active_at < ?',

  upsertFeedback: `INSERT INTO feedback (user_hash, entry_id, helpful, lang, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (user_hash, entry_id)
    DO UPDATE SET helpful = excluded.helpful, lang = excluded.lang, created_at = excluded.created_at`,
  insertQuestion: `INSERT INTO questions
    (user_hash, text, normalized, lang, best_guess, confidence, matched, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,

  pruneDeliveries: 'DELETE FROM deliveries WHERE expires_at <= ?',
  // (deliveryKey, expiresAt, now): inserts, or takes over an expired row; a live row is left alone (0 rows).
  claimDelivery: `INSERT INTO deliveries (key_id, expires_at) VALUES (?, ?)
    ON CONFLICT (key_id) DO UPDATE SET expires_at = excluded.expires_at
    WHERE deliveries.expires_at <= ?`,
  // (now)
  // The id as text: a 64-bit integer does not fit a JavaScript number.
  liveDeliveries: `SELECT CAST(key_id AS TEXT) AS key_id, expires_at FROM deliveries
    WHERE expires_at > ? ORDER BY expires_at`,
  // PostgreSQL, (expiresAt, comma-separated key ids, now): claimDelivery for a batch in one statement.
  claimDeliveries: `INSERT INTO deliveries (key_id, expires_at)
    SELECT DISTINCT k::bigint, ?::bigint FROM unnest(string_to_array(?, ',')) AS k
    ON CONFLICT (key_id) DO UPDATE SET expires_at = excluded.expires_at
    WHERE deliveries.expires_at <= ?`,

  // (conversationKey, now)
  getContext: `SELECT entry_id, details, set_at FROM conversation_topics
    WHERE conversation_key = ? AND expires_at > ?`,
  // (conversationKey, entryId, details, setAt, expiresAt)
  setContext: `INSERT INTO conversation_topics (conversation_key, entry_id, details, set_at, expires_at)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (conversation_key) DO UPDATE SET entry_id = excluded.entry_id, details = excluded.details,
      set_at = excluded.set_at, expires_at = excluded.expires_at`,
  clearContext: 'DELETE FROM conversation_topics WHERE conversation_key = ?',
  pruneContexts: 'DELETE FROM conversation_topics WHERE expires_at <= ?',
  getProfile: `SELECT lang, last_text, last_lang, last_context, last_details, last_at
    FROM user_profiles WHERE user_hash = ?`,
  // (user, lang, activeAt)
  setLanguage: `INSERT INTO user_profiles (user_hash, lang, active_at) VALUES (?, ?, ?)
    ON CONFLICT (user_hash) DO UPDATE SET lang = excluded.lang, active_at = excluded.active_at`,
  // (user, text, lang, contextEntry or NULL, contextDetails, askedAt, activeAt)
  setLastQuestion: `INSERT INTO user_profiles
    (user_hash, last_text, last_lang, last_context, last_details, last_at, active_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (user_hash) DO UPDATE SET last_text = excluded.last_text, last_lang = excluded.last_lang,
      last_context = excluded.last_context, last_details = excluded.last_details, last_at = excluded.last_at,
      active_at = excluded.active_at`,

  // (since, limit)
  unanswered: groupQuery('matched = 0'),
  // (since, maxConfidence, limit)
  lowConfidence: groupQuery('matched = 1 AND confidence < ?'),
  feedbackTally: `SELECT entry_id, SUM(helpful) AS up, SUM(1 - helpful) AS down
    FROM feedback WHERE created_at >= ? GROUP BY entry_id ORDER BY down DESC, up DESC, entry_id`,
  onboardingCounts: `SELECT
    (SELECT COUNT(*) FROM onboarding WHERE started_at >= ?) AS started,
    (SELECT COUNT(*) FROM onboarding WHERE completed_at >= ?) AS completed`,
  checkTally: `SELECT step, COUNT(*) AS answered, SUM(correct) AS correct
    FROM onboarding_answers WHERE answered_at >= ? GROUP BY step ORDER BY step`,

  purgeQuestions: 'DELETE FROM questions WHERE created_at < ?',
  purgeFeedback: 'DELETE FROM feedback WHERE created_at < ?',
  // (before, before): old answers of anyone without recent progress, including answers with no progress row.
  purgeAnswers: `DELETE FROM onboarding_answers WHERE answered_at < ?
    AND user_hash NOT IN (SELECT user_hash FROM onboarding WHERE active_at >= ?)`,
  purgeProgress: 'DELETE FROM onboarding WHERE active_at < ?',
  purgeContexts: 'DELETE FROM conversation_topics WHERE expires_at < ?',
  purgeProfiles: 'DELETE FROM user_profiles WHERE active_at < ?',
} as const;

function groupQuery(filter: string): string {
  // MIN() picks a deterministic representative wording / guess for the group.
  return `SELECT normalized, MIN(text) AS example, MIN(lang) AS lang, COUNT(*) AS n,
      MIN(best_guess) AS best_guess, AVG(confidence) AS avg_confidence
    FROM questions WHERE created_at >= ? AND ${filter}
    GROUP BY normalized ORDER BY n DESC, normalized LIMIT ?`;
}

export const GROUP_PARAMS = {
  unanswered: (since: number) => [since, STATS_TOP],
  lowConfidence: (since: number) => [since, TUNING.lowConfidence, STATS_TOP],
};
