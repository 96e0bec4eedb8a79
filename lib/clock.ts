import { processSingleton } from "@/lib/singleton";

/**
 * The time moderation and access decisions are made at: `Date.now()` in production; a test moves it to see
 * timed bans and timeouts lapse without waiting. Caches whose entries end with a ban take it as their `perf`
 * clock, so they lapse on the same time.
 */
const holder = processSingleton("clock", () => ({ now: () => Date.now() }));

export const clock = { now: (): number => holder.now() };

/** Tests only: replace the clock (`null` puts the real one back). */
export function setClock(now: (() => number) | null): void {
  holder.now = now ?? (() => Date.now());
}
