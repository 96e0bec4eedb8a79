import "server-only";
import { randomUUID } from "node:crypto";
import { changes, type ChangeEvents } from "@/lib/events";
import { log } from "@/lib/logger";
import { redisClient } from "@/lib/realtime/redis";

const CHANNEL = "app:changes";
const EVENTS = new Set<string>(["stream.changed", "membership.changed", "channel.changed", "guests.changed"] satisfies (keyof ChangeEvents)[]);

type Wire = { from: string; event: keyof ChangeEvents; data: ChangeEvents[keyof ChangeEvents] };

/**
 * Carries change events (a ban, a follow, a new moderator, a stream edit, new chat rules) to every app
 * process through Redis pub/sub, so each process's access caches drop what changed within milliseconds
 * instead of waiting for entries to expire. Without Redis there is one process and nothing to carry.
 * Returns the stop function.
 */
export async function startChangeRelay(): Promise<() => Promise<void>> {
  const client = redisClient();
  if (!client) return async () => undefined;
  const me = randomUUID();
  const pub = await client;
  const sub = pub.duplicate();
  sub.on("error", (err: unknown) => log.warn("change relay redis error", { err: String(err) }));
  await sub.connect();
  await sub.subscribe(CHANNEL, (raw) => {
    try {
      const w = JSON.parse(raw) as Wire;
      if (w.from !== me && EVENTS.has(w.event)) changes.receive(w.event, w.data as never);
    } catch (err) {
      log.warn("change relay: bad message", { err: String(err) });
    }
  });
  changes.relayTo((event, data) => {
    pub.publish(CHANNEL, JSON.stringify({ from: me, event, data } satisfies Wire)).catch((err: unknown) => log.warn("change relay publish failed", { err: String(err) }));
  });
  return async () => {
    changes.relayTo(null);
    await sub.quit().catch(() => undefined);
  };
}
