import type { SmallTalkFile } from '../knowledge/schema.js';
import { isPrintableAscii } from '../text/normalize.js';
import type { PhraseGroup } from '../text/phrase-group.js';
import { PhraseSet } from './phrases.js';

// Emoji and their modifiers, punctuation and symbols: what may surround a
// small-talk phrase without making the message a question.
const LEFTOVER = /(?:\s|\p{P}|\p{S}|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f)+/gu;
const SEPARATOR = /[\p{P}\p{S}\p{Extended_Pictographic}]/u;
const SEPARATOR_AT = new RegExp(SEPARATOR.source, 'uy');
/**
 * ASCII letters, digits and spaces, kana and common kanji: none is punctuation, a symbol or a pictograph,
 * told by code ranges (the Unicode-property test looks each character up, ten times the cost).
 */
export const NO_SEPARATOR_RUN = /[0-9A-Za-z \u3041-\u3096\u30a1-\u30fa\u4e00-\u9fa5]*/y;
// Longer than this, what follows the thanks is a message of its own.
const MAX_REMARK_CHARS = 40;
const EMOJI_ONLY = /^(?:\s|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f)+$/u;

/** Recognises messages that are only thanks / ok / bye, so they get a friendly line instead of a fallback. */
export class SmallTalk {
  private readonly all: PhraseSet;
  /**
   * Each kind's phrases and the padding, made when a message first holds a
   * small-talk phrase: most never do, and folding every phrase a second time
   * took some 4 % of a one-shot `ask` (CPU profile).
   */
  private kindSets: { id: string; phrases: PhraseSet }[] | undefined;
  private paddingSet: PhraseSet | undefined;

  constructor(
    private readonly file: SmallTalkFile,
    group?: PhraseGroup,
  ) {
    this.all = new PhraseSet(
      file.kinds.flatMap((k) => k.phrases),
      group,
    );
  }

  private get kinds(): { id: string; phrases: PhraseSet }[] {
    this.kindSets ??= this.file.kinds.map((k) => ({ id: k.id, phrases: new PhraseSet(k.phrases) }));
    return this.kindSets;
  }

  private get padding(): PhraseSet {
    this.paddingSet ??= new PhraseSet(this.file.padding);
    return this.paddingSet;
  }

  /** The kind id (thanks, ack, bye…) when the whole message is small talk, else undefined. */
  detect(text: string): string | undefined {
    const trimmed = text.trim();
    return trimmed ? this.kindOf(trimmed, this.all.has(trimmed)) : undefined;
  }

  /** detect() of trimmed, non-empty text, told whether any small-talk phrase is in it. */
  private kindOf(trimmed: string, anyPhrase: boolean): string | undefined {
    // A lone emoji other than the listed ones (🎉, 😊) is an acknowledgement, not a question.
    if (!anyPhrase) return EMOJI_ONLY.test(trimmed) ? this.file.kinds.at(-1)?.id : undefined;
    const rest = this.padding.remove(this.all.remove(trimmed)).replace(LEFTOVER, '');
    if (rest.length > 0) return undefined;
    return this.kinds.find((k) => k.phrases.has(trimmed))?.id;
  }

  /**
   * The kind of a message that opens with small talk and then only remarks
   * ("thanks, that's all I needed", 「ありがとうございます、確認します」): what
   * follows is short and `quiet` (asks nothing, names no topic).
   */
  leading(text: string, quiet: (rest: string) => boolean): string | undefined {
    // Up to the first punctuation mark: "ヘッドセット…" opens with no small-talk phrase, whatever へ is.
    const trimmed = text.trim();
    // Printable ASCII folds character by character: with no small-talk phrase in the whole message there
    // is none in its opening either, unless a hyphen (which folding drops) ends the opening.
    if (!this.all.has(trimmed) && isPrintableAscii(trimmed) && !trimmed.includes('-')) return undefined;
    const cut = firstSeparator(trimmed);
    const id = cut > 0 ? this.openingKind(trimmed, cut) : undefined;
    if (!id) return undefined;
    const rest = this.padding
      .remove(this.all.remove(trimmed.slice(cut)))
      .replace(LEFTOVER, ' ')
      .trim();
    return rest.length <= MAX_REMARK_CHARS && quiet(rest) ? id : undefined;
  }

  /**
   * detect() of the opening of a trimmed message, up to `cut`. Where folding
   * reads the opening apart from what follows, a phrase in the opening is one
   * in the whole message too, whose scan detect() just made: a message with
   * none needs no second fold and scan.
   */
  openingKind(trimmed: string, cut: number): string | undefined {
    const opening = trimmed.slice(0, cut).trim();
    if (this.all.has(trimmed) || !foldsApart(trimmed, cut)) return this.detect(opening);
    return opening ? this.kindOf(opening, false) : undefined;
  }

  reply(id: string): SmallTalkFile['kinds'][number]['reply'] | undefined {
    return this.file.kinds.find((k) => k.id === id)?.reply;
  }
}

// Stops that NFKC joins with nothing before them, that case folding reads as no letter, and that folding keeps.
const PLAIN_STOPS = new Set(['?', '？', '!', '！', '。', '、', ',', '，']);

/**
 * Whether folding the message changes its opening, up to `cut`, as it would
 * the opening alone: at a plain stop, or anywhere in printable ASCII (folded
 * character by character) but at a hyphen, which folding drops.
 */
function foldsApart(trimmed: string, cut: number): boolean {
  const stop = trimmed[cut] ?? '';
  return PLAIN_STOPS.has(stop) || (stop !== '-' && isPrintableAscii(trimmed));
}

/** Exactly `text.search(SEPARATOR)`: the runs no separator can be in are skipped by range tests. */
export function firstSeparator(text: string): number {
  for (let i = 0; i < text.length; ) {
    NO_SEPARATOR_RUN.lastIndex = i;
    NO_SEPARATOR_RUN.test(text);
    i = NO_SEPARATOR_RUN.lastIndex;
    if (i >= text.length) return -1;
    SEPARATOR_AT.lastIndex = i;
    if (SEPARATOR_AT.test(text)) return i;
    // The second half of a surrogate pair is tested too, harmlessly: the pair, a separator, was found at its first.
    i++;
  }
  return -1;
}
