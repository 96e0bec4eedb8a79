/**
 * One emoji as a reader sees it: a flag (two regional indicators), a keycap, or a pictograph with its
 * variation selector, skin tone, tag sequence (🏴 flags) and ZWJ-joined parts (👩‍👩‍👧, 🧑🏽‍🚀).
 */
const EMOJI =
  /\p{Regional_Indicator}{1,2}|[#*0-9]\uFE0F?\u20E3|(?:\p{Extended_Pictographic}|\p{Emoji_Modifier})(?:\uFE0F|\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}])*(?:\u200D(?:\p{Extended_Pictographic}|\p{Emoji_Modifier})(?:\uFE0F|\p{Emoji_Modifier})*)*/gu;
const SPACE_OR_JOINER = /[\s\uFE0E\uFE0F\u200D]/gu;

/** How many emoji a message shows, and how many visible characters (an emoji counts as one). */
export function emojiStats(text: string): { emoji: number; visible: number } {
  const emoji = text.match(EMOJI)?.length ?? 0;
  if (!emoji) return { emoji, visible: countVisible(text) };
  return { emoji, visible: emoji + countVisible(text.replace(EMOJI, "")) };
}

function countVisible(text: string): number {
  let n = 0;
  for (const ch of text.replace(SPACE_OR_JOINER, "")) if (ch) n++;
  return n;
}

/** Only emoji and whitespace (at least one emoji): what emote-only mode lets through. */
export function isEmoteOnly(text: string): boolean {
  const { emoji, visible } = emojiStats(text);
  return emoji > 0 && emoji === visible;
}
