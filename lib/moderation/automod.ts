import { emojiStats, isEmoteOnly } from "@/lib/moderation/emoji";
import { hasLink } from "@/lib/moderation/links";
import { foldText } from "@/lib/moderation/normalize";
import { compileTerms, type TermMatcher } from "@/lib/moderation/terms";

export { compileTerms, hasLink, isEmoteOnly };
export type { TermMatcher };

export type AutomodCode = "BLOCKED_TERM" | "LINKS_BLOCKED" | "EMOTE_ONLY" | "EXCESSIVE_CAPS" | "EMOJI_FLOOD" | "REPEATED_MESSAGE";
export type Refusal = { code: AutomodCode; message: string };
export type ScreenRules = { terms: TermMatcher | null; blockLinks: boolean; emoteOnly: boolean; autoModeration: boolean };

/** Caps: a message with at least this many cased letters (mentions and links aside)… */
export const CAPS_MIN_LETTERS = 12;
/** …of which more than this share are capitals, is shouting ("LETS GO" is not: too short). */
export const CAPS_MAX_RATIO = 0.7;
/** More emoji than this in one message is a flood, whatever the text around them. */
export const EMOJI_MAX = 15;
/** From this many emoji, a message that is more than EMOJI_DENSE_RATIO emoji is a wall of them ("🔥🔥🔥" is fine). */
export const EMOJI_DENSE_MIN = 8;
export const EMOJI_DENSE_RATIO = 0.8;
/** Messages this short ("gg", "lol") may be repeated: Twitch allows them too. */
export const REPEAT_MIN_VISIBLE = 4;
/** From this length (normalised), a message within this share of edits of a recent one is a repeat. */
export const NEAR_REPEAT_MIN_LENGTH = 10;
export const NEAR_REPEAT_RATIO = 0.1;

const REFUSALS: Record<AutomodCode, string> = {
  BLOCKED_TERM: "Your message contains a term this channel blocks.",
  LINKS_BLOCKED: "Links are not allowed in this chat.",
  EMOTE_ONLY: "This chat is in emote-only mode: send emoji only.",
  EXCESSIVE_CAPS: "Your message has too many capital letters.",
  EMOJI_FLOOD: "Your message has too many emoji.",
  REPEATED_MESSAGE: "Your message is the same as one you just sent.",
};
const refuse = (code: AutomodCode): Refusal => ({ code, message: REFUSALS[code] });

/**
 * Screens a message as the chat would post it against the channel's rules and the sender's recent messages in
 * the channel (newest last). The first refusal wins, in this order: blocked term, link, emote-only, caps, emoji
 * flood, repeat. Terms, links and emote-only always apply (the caller exempts moderators); the heuristics only
 * with autoModeration.
 */
export function screenText(text: string, rules: ScreenRules, recent: readonly string[] = []): Refusal | null {
  if (rules.terms?.test(text)) return refuse("BLOCKED_TERM");
  if (rules.blockLinks && hasLink(text)) return refuse("LINKS_BLOCKED");
  if (rules.emoteOnly && !isEmoteOnly(text)) return refuse("EMOTE_ONLY");
  if (!rules.autoModeration) return null;
  if (isShouting(text)) return refuse("EXCESSIVE_CAPS");
  if (isEmojiFlood(text)) return refuse("EMOJI_FLOOD");
  if (recent.length && isRepeat(text, recent)) return refuse("REPEATED_MESSAGE");
  return null;
}

const MENTIONS_AND_URLS = /@\w+|(?:https?:\/\/|www\.)\S+/giu;

export function isShouting(text: string): boolean {
  let upper = 0;
  let letters = 0;
  for (const ch of text.replace(MENTIONS_AND_URLS, "")) {
    const lower = ch.toLowerCase();
    // Scripts without case (CJK, Arabic…) and non-letters are neither.
    if (ch !== lower) upper++;
    else if (ch === ch.toUpperCase()) continue;
    letters++;
  }
  return letters >= CAPS_MIN_LETTERS && upper / letters > CAPS_MAX_RATIO;
}

export function isEmojiFlood(text: string): boolean {
  const { emoji, visible } = emojiStats(text);
  return emoji > EMOJI_MAX || (emoji >= EMOJI_DENSE_MIN && emoji / visible > EMOJI_DENSE_RATIO);
}

/** A message's repeat key: folded case and accents, no spaces, no trailing punctuation, repeats collapsed. */
function repeatKey(text: string): string {
  return foldText(text)
    .replace(/\s+/g, "")
    .replace(/[\p{P}\p{S}]+$/u, "")
    .replace(/(.)\1+/gu, "$1");
}

export function isRepeat(text: string, recent: readonly string[]): boolean {
  if ([...text.replace(/\s+/g, "")].length < REPEAT_MIN_VISIBLE) return false;
  const key = repeatKey(text);
  for (const previous of recent) {
    const other = repeatKey(previous);
    if (other === key) return true;
    const longest = Math.max(key.length, other.length);
    if (Math.min(key.length, other.length) < NEAR_REPEAT_MIN_LENGTH) continue;
    if (withinEdits(key, other, Math.floor(longest * NEAR_REPEAT_RATIO))) return true;
  }
  return false;
}

/**
 * Whether two strings are at most `k` edits (insert, delete, substitute; by UTF-16 unit) apart: Levenshtein
 * restricted to the diagonal band of width 2k+1, O(n·k) time, stopping once a row's best exceeds k.
 */
export function withinEdits(a: string, b: string, k: number): boolean {
  if (Math.abs(a.length - b.length) > k) return false;
  if (a === b) return true;
  const INF = k + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= k ? j : INF;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - k);
    const to = Math.min(b.length, i + k);
    cur.fill(INF);
    cur[0] = i <= k ? i : INF;
    let best = cur[0];
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j - 1] ?? INF) + cost, (prev[j] ?? INF) + 1, (cur[j - 1] ?? INF) + 1);
      cur[j] = v > INF ? INF : v;
      if (v < best) best = v;
    }
    if (best > k) return false;
    [prev, cur] = [cur, prev];
  }
  return (prev[b.length] ?? INF) <= k;
}
