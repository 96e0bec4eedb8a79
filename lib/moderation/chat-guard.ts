import { LRUCache } from "lru-cache";
import { AppError } from "@/lib/errors";
import { clock } from "@/lib/clock";
import { processSingleton } from "@/lib/singleton";
import type { Actor } from "@/lib/accounts/authenticate";
import { channelRules, type StreamSnapshot } from "@/lib/access";
import { compileTerms, screenText, type ScreenRules, type TermMatcher } from "@/lib/moderation/automod";
import type { ModerationSettings } from "@/lib/moderation/schemas";

/** How far back a sender's messages count for repeats (their last few, from the last 30 s). */
const RECENT_MS = 30_000;
const RECENT_MAX = 5;

type SenderState = { lastAt: number; recent: { text: string; at: number }[] };

/**
 * Each sender's last message time and recent texts per channel, in this process: slow mode and repeat
 * detection read them on every message without a database round trip. A sender's socket lives in one
 * process; REST messages through another process may slip one slow-mode interval, which is acceptable.
 */
const senders = processSingleton("moderation.senders", () => new LRUCache<string, SenderState>({ max: 100_000, ttl: 3_600_000, perf: clock }));

const keyOf = (actor: Actor, s: StreamSnapshot) => `${s.hostId}:${actor.id}`;

/** Each channel's word list compiled once: the rules object is replaced when they change, so it keys the cache. */
const compiled = new WeakMap<Readonly<ModerationSettings>, TermMatcher | null>();

function screenRulesOf(rules: Readonly<ModerationSettings>): ScreenRules {
  let terms = compiled.get(rules);
  if (terms === undefined) {
    terms = compileTerms(rules.bannedWords);
    compiled.set(rules, terms);
  }
  return { terms, blockLinks: rules.blockLinks, emoteOnly: rules.emoteOnly, autoModeration: rules.autoModeration };
}

/**
 * The channel's filters on a text (word list, links, emote-only, caps, emoji floods, repeats of `recent`):
 * chat messages here, tip messages later. Refuses with the code and a sentence the sender can read.
 */
export async function screenChannelText(hostId: string, raw: string, recent: readonly string[] = []): Promise<void> {
  filterOrThrow(await channelRules(hostId), raw, recent);
}

function filterOrThrow(rules: Readonly<ModerationSettings>, raw: string, recent: readonly string[]): void {
  const refusal = screenText(raw, screenRulesOf(rules), recent);
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

/**
 * The channel's rules for one message (as sent, before cleaning), after access allowed it: slow mode, then
 * the filters. Staff (the host and moderators: `staff`, as access answered `chat.moderate` for this
 * message) are exempt. Throws the refusal with a code the sender can read (SLOW_MODE with
 * `retryAfterSeconds`, ...). Reads cached state only.
 */
export async function screenChatMessage(actor: Actor, s: StreamSnapshot, raw: string, staff: boolean): Promise<void> {
  if (staff) return;
  const rules = await channelRules(s.hostId);
  const state = senders.get(keyOf(actor, s));
  const now = clock.now();
  if (rules.slowMode > 0 && state) {
    const waitMs = state.lastAt + rules.slowMode * 1000 - now;
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError("SLOW_MODE", `Slow mode is on: you can send another message in ${retryAfterSeconds}s`, { details: { retryAfterSeconds, slowMode: rules.slowMode } });
    }
  }
  // The raw text: cleaning turns zero-width characters into spaces, which would split a disguised word.
  const recent = state ? state.recent.filter((m) => now - m.at < RECENT_MS).map((m) => m.text) : [];
  filterOrThrow(rules, raw, recent);
}

/** Remembers a message that went out (slow mode's clock, repeat detection). */
export function noteSent(actor: Actor, s: StreamSnapshot, text: string): void {
  const key = keyOf(actor, s);
  const now = clock.now();
  const prev = senders.get(key);
  const recent = (prev?.recent ?? []).filter((m) => now - m.at < RECENT_MS).slice(-(RECENT_MAX - 1));
  recent.push({ text, at: now });
  senders.set(key, { lastAt: now, recent });
}
