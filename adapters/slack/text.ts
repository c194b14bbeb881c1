/**
 * Text helpers for Slack's mrkdwn. Slack requires &, < and > to be escaped in
 * anything it parses, and counts limits in characters, so every cut here
 * lands on a code point boundary and never inside an escape entity.
 */

export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The core's light markdown ("- " bullets, plain lines) as Slack mrkdwn. */
export function toMrkdwn(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeMrkdwn(line.replace(/^(\s*)- /, '$1• ')))
    .join('\n');
}

/**
 * The longest prefix of `text` no longer than `max` UTF-16 units that ends on
 * a code point boundary and outside an `&…;` entity. UTF-16 length is never
 * below Slack's character count, so the limit holds either way.
 */
export function safePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // would split a surrogate pair
  const amp = text.lastIndexOf('&', end - 1);
  const semi = text.indexOf(';', amp);
  if (amp >= 0 && end - amp <= 5 && (semi < 0 || semi >= end)) end = amp; // inside &amp; &lt; &gt;
  return text.slice(0, end);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safePrefix(text, max - 1).trimEnd()}…`;
}

/**
 * Splits text into chunks of at most `max`, preferring line breaks so a
 * bullet list stays readable across several section blocks.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    if (current) chunks.push(current);
    current = line;
    while (current.length > max) {
      const head = safePrefix(current, max) || current.slice(0, max);
      chunks.push(head);
      current = current.slice(head.length);
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * Incoming Slack text arrives escaped and with links and mentions in angle
 * brackets; the core wants what the user typed.
 */
export function fromSlackText(text: string): string {
  // Most commands and questions carry neither: six passes over them would change nothing.
  if (!text.includes('<') && !text.includes('&')) return text;
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** Removes @-mentions of the bot (and any leading mention) from an app_mention text. */
export function stripMention(text: string, botUserId?: string): string {
  let out = text.replace(/^\s*(<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,:]*)+/, '');
  if (botUserId && /^[A-Z0-9]+$/.test(botUserId))
    out = out.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ');
  return out.replace(/\s{2,}/g, ' ').trim();
}
