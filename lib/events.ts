import { EventEmitter } from "node:events";
import { processSingleton } from "@/lib/singleton";

/**
 * What changed, said by the domain that changed it, so state kept elsewhere (the access module's caches)
 * can follow without the changer knowing who listens. Each process hears its own changes at once; with
 * Redis, lib/realtime/change-relay.ts carries them to every other app process too, so caches may keep
 * entries for minutes and still never act on stale standing.
 */
export type ChangeEvents = {
  /** A stream's settings, status or existence changed. */
  "stream.changed": { streamId: string };
  /** A user's standing in a channel changed: follow, ban, role, subscription or ticket. */
  "membership.changed": { userId: string; channelId: string; reason: "follow" | "ban" | "timeout" | "role" | "subscription" | "ticket" | "guest" };
  /** A stream's stage changed: an invite, a raised hand, a guest on or off stage, their permissions. */
  "guests.changed": { streamId: string };
  /** A channel's chat rules changed (slow mode, chat modes, word list). */
  "channel.changed": { channelId: string };
};

type Listener<K extends keyof ChangeEvents> = (data: ChangeEvents[K]) => void;

const bus = processSingleton("changes", () => new EventEmitter().setMaxListeners(50));

type Relay = <K extends keyof ChangeEvents>(event: K, data: ChangeEvents[K]) => void;
const relay = processSingleton("changes.relay", () => ({ send: null as Relay | null }));

export const changes = {
  emit<K extends keyof ChangeEvents>(event: K, data: ChangeEvents[K]): void {
    bus.emit(event, data);
    relay.send?.(event, data);
  },
  /** A change another process made (the relay): heard here, not sent on again. */
  receive<K extends keyof ChangeEvents>(event: K, data: ChangeEvents[K]): void {
    bus.emit(event, data);
  },
  /** Where this process's changes also go (the Redis relay); null: nowhere. */
  relayTo(send: Relay | null): void {
    relay.send = send;
  },
  on<K extends keyof ChangeEvents>(event: K, listener: Listener<K>): () => void {
    bus.on(event, listener);
    return () => bus.off(event, listener);
  },
};
