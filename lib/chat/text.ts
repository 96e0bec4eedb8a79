import { WHITESPACE } from "@/lib/whitespace";

export const MAX_MESSAGE_LENGTH = 500;

/** Control, zero-width and bidirectional-override characters: cleanText turns each into a space. */
const INVISIBLE = "\\u0000-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069";

/** Matches text that keeps a character after cleanText: the chat schemas' pattern, so the document says "not empty" exactly. */
export const VISIBLE_TEXT = new RegExp(`[^${WHITESPACE}${INVISIBLE}]`);

/** Normalises chat text: NFC, no control characters (newlines become spaces), collapsed whitespace. */
export function cleanText(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(new RegExp(`[${INVISIBLE}]`, "g"), " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** @usernames mentioned in a message, lowercased and unique (at most 10). */
export function mentionsOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(^|[^\w@])@([A-Za-z0-9_]{3,24})\b/g)) {
    if (m[2]) out.add(m[2].toLowerCase());
    if (out.size >= 10) break;
  }
  return [...out];
}

export type Segment = { kind: "text"; text: string } | { kind: "mention"; username: string } | { kind: "link"; href: string; text: string };

/**
 * Splits a message into plain text, mentions and links for rendering as React text nodes (never as HTML).
 * Only http(s) URLs become links.
 */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /(https?:\/\/[^\s<>"']+)|(^|\s)@([A-Za-z0-9_]{3,24})\b/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const idx = m.index ?? 0;
    if (m[1]) {
      if (idx > last) out.push({ kind: "text", text: text.slice(last, idx) });
      const href = m[1].replace(/[.,!?)]+$/, "");
      out.push({ kind: "link", href, text: href });
      last = idx + href.length;
    } else if (m[3]) {
      const start = idx + (m[2]?.length ?? 0);
      if (start > last) out.push({ kind: "text", text: text.slice(last, start) });
      out.push({ kind: "mention", username: m[3] });
      last = start + 1 + m[3].length;
    }
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}
