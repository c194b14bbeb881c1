import type { Lang } from '../knowledge/schema.js';
import type { AnswerRule } from './answer.js';
import type { Explanation, LanguageSource } from './explain.js';

/**
 * An Explanation as plain lines ("- " bullets), for the terminal and for
 * `why` in Slack and Teams. The steps follow the pipeline's order
 * (docs/matching.md), so a reader can follow the answer through it.
 */

interface Words {
  question: string;
  language: string;
  sources: Record<LanguageSource, string>;
  normalized: string;
  corrections: string;
  synonyms: string;
  prepared: string;
  features: string;
  candidates: string;
  margin: string;
  confidence: string;
  coverage: string;
  decision: string;
  none: string;
  context: string;
  contextUnused: string;
  followUp: Record<'same-topic' | 'same-question' | 'sibling', string>;
  rules: Record<AnswerRule, string>;
}

const WORDS: Record<Lang, Words> = {
  en: {
    question: 'Question',
    language: 'Language',
    sources: {
      forced: 'chosen with --lang',
      text: 'written in it',
      preference: "the text does not decide; the user's chosen language",
      locale: 'the text does not decide; the platform locale',
      default: 'nothing decides; the default',
    },
    normalized: 'Normalized',
    corrections: 'Typo corrections',
    synonyms: 'Glossary',
    prepared: 'Read as',
    features: 'Terms that counted most',
    candidates: 'Top candidates',
    margin: 'margin',
    confidence: 'Confidence',
    coverage: 'words the guide knows',
    decision: 'Decision',
    none: 'none',
    context: 'Conversation topic',
    contextUnused: 'not used: the question stands on its own',
    followUp: {
      'same-topic': 'read as about the conversation topic {topic}',
      'same-question': 'the question names {topic} and asks what the previous one asked',
      sibling: 'read as about {topic}, the neighbour it points at',
    },
    rules: {
      smalltalk: 'small talk: one friendly line, not a question',
      comparison: 'two named topics and a comparison word: both compared side by side',
      'comparison-entry': 'two named topics and a comparison word, answered by the entry that compares them',
      'unknown-term': 'names something the guide does not describe: not covered',
      'detail-answered': 'asks for a detail the topic holds: that sentence leads',
      'detail-not-covered': 'asks for a detail the topic does not hold: not covered, no guessing',
      'detail-unplaced': 'asks for a detail, but no topic could be placed: not covered',
      answered: 'confident match (at least 0.5): answered',
      unclear: 'confidence below 0.5: "I can\'t answer that one", near misses offered',
      'out-of-scope': 'outside the guide (the out-of-scope class won, or almost no known words): declined',
    },
  },
  ja: {
    question: '質問',
    language: '言語',
    sources: {
      forced: '--lang で指定',
      text: '本文の言語',
      preference: '本文では決まらないため、ユーザーが選んだ言語',
      locale: '本文では決まらないため、プラットフォームのロケール',
      default: '決め手がないため既定値',
    },
    normalized: '正規化',
    corrections: '誤字の補正',
    synonyms: '用語集による置換',
    prepared: '照合した文',
    features: '効いた語',
    candidates: '候補(上位)',
    margin: '差',
    confidence: '確信度',
    coverage: 'ガイドが知っている語の割合',
    decision: '判断',
    none: 'なし',
    context: '会話の話題',
    contextUnused: '使っていません(質問だけで読めるため)',
    followUp: {
      'same-topic': '会話の話題 {topic} についての質問として読みました',
      'same-question': '質問は {topic} を挙げ、前の質問と同じことを聞いていると読みました',
      sibling: '前の話題から指された {topic} についての質問として読みました',
    },
    rules: {
      smalltalk: '雑談: 質問ではないので一言だけ返します',
      comparison: '2つの話題と比較の言葉: 並べて比較',
      'comparison-entry': '2つの話題と比較の言葉: その比較自体を扱う項目で回答',
      'unknown-term': 'ガイドが扱っていないものを挙げています: 載っていない内容',
      'detail-answered': '話題が持つ詳細を聞いています: その文を先頭に回答',
      'detail-not-covered': '話題が持たない詳細を聞いています: 推測せず「載っていない」と回答',
      'detail-unplaced': '詳細を聞いていますが話題が特定できません: 載っていない内容',
      answered: '確信度0.5以上で一致: 回答',
      unclear: '確信度0.5未満: 「お答えできません」と近い候補',
      'out-of-scope': 'ガイドの範囲外(範囲外クラスが勝った、または知っている語がほぼない): お断り',
    },
  },
};

const list = (items: readonly { from: string; to: string }[], none: string) =>
  items.length > 0 ? items.map((i) => `${i.from} → ${i.to}`).join(', ') : none;

/** The explanation as lines, in `lang`. */
export function formatExplanation(e: Explanation, lang: Lang): string {
  const w = WORDS[lang];
  const candidates = e.candidates.map((c) => `${c.intent} ${c.score}`).join(', ') || w.none;
  const features = e.features.map((f) => `${f.term} ${f.weight}`).join(', ') || w.none;
  const language = `${e.language.lang} (${w.sources[e.language.source]}; ja ${e.language.japaneseRuns} / en ${e.language.englishWords})`;
  return [
    `${w.question}: ${e.question}`,
    `- ${w.language}: ${language}`,
    `- ${w.normalized}: ${e.normalized}`,
    `- ${w.corrections}: ${list(e.corrections, w.none)}`,
    `- ${w.synonyms}: ${list(e.synonyms, w.none)}`,
    `- ${w.prepared}: ${e.prepared}`,
    `- ${w.features}: ${features}`,
    `- ${w.candidates}: ${candidates} (${w.margin} ${e.margin})`,
    `- ${w.confidence}: ${e.confidence} (${w.coverage} ${e.coverage})`,
    ...contextLines(e, w),
    `- ${w.decision}: ${decisionLine(e, w)}`,
  ].join('\n');
}

function contextLines(e: Explanation, w: Words): string[] {
  if (!e.context) return [];
  const used = e.context.used;
  const how = used ? w.followUp[used.kind].replaceAll('{topic}', used.topic) : w.contextUnused;
  return [`- ${w.context}: ${e.context.topic} — ${how}`];
}

function decisionLine(e: Explanation, w: Words): string {
  const words = e.detailWords.map((d) => `"${d.phrase}" (${d.detail})`).join(', ');
  const about = e.reply.intents.length > 0 ? e.reply.intents.join(' + ') : e.reply.topic;
  const target = about ? ` → ${about}` : '';
  return `${w.rules[e.rule]}${words ? ` [${words}]` : ''}${target}`;
}
