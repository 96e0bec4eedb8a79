import { EventEmitter } from "node:events";
import { processSingleton } from "@/lib/singleton";

/**
 * What changed, said by the domain that changed it, so state kept elsewhere (the access module's caches)
 * can follow without the changer knowing who listens. In-process: each app process hears its own changes;
 * other processes' caches catch up when their entries expire (seconds).
 */
export type ChangeEvents = {
  /** A stream's settings, status or existence changed. */
  "stream.changed": { streamId: string };
  /** A user's standing in a channel changed: follow, ban, role, subscription or ticket. */
  "membership.changed": { userId: string; channelId: string; reason: "follow" | "ban" | "timeout" | "role" | "subscription" | "ticket" };
  /** A channel's chat rules changed (slow mode, chat modes, word list). */
  "channel.changed": { channelId: string };
};

type Listener<K extends keyof ChangeEvents> = (data: ChangeEvents[K]) => void;

const bus = processSingleton("changes", () => new EventEmitter().setMaxListeners(50));

export const changes = {
  emit<K extends keyof ChangeEvents>(event: K, data: ChangeEvents[K]): void {
    bus.emit(event, data);
  },
  on<K extends keyof ChangeEvents>(event: K, listener: Listener<K>): () => void {
    bus.on(event, listener);
    return () => bus.off(event, listener);
  },
};
