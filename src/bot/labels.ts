import type { Lang } from '../knowledge/schema.js';

/**
 * Labels of the conversation features (follow-ups and `why`). ui.yaml's
 * `aboutTopic` names the topic a follow-up was read against; these few say
 * how to leave it and frame the admin-only explanation.
 */
export const CONVERSATION_LABELS: Record<
  Lang,
  { newTopic: string; newTopicDone: string; whyTitle: string; whyDenied: string; whyNone: string }
> = {
  ja: {
    newTopic: '別の話題を聞く',
    newTopicDone: 'わかりました。次の質問は前の話題とは切り離して読みます。何でも聞いてください。',
    whyTitle: 'この回答になった理由',
    whyDenied: '`why` は管理者だけが使えます。',
    whyNone: 'まだ説明できる質問がありません。質問をしてから `why` を試してください。',
  },
  en: {
    newTopic: 'Ask about something else',
    newTopicDone: "OK, your next question starts fresh: it won't be read against the previous topic.",
    whyTitle: 'Why this answer',
    whyDenied: '`why` is for admins only.',
    whyNone: 'There is no question of yours to explain yet. Ask one, then try `why`.',
  },
};
