import "server-only";
import type { Server } from "socket.io";
import type { Redis } from "@/lib/realtime/redis";
import { log } from "@/lib/logger";
import { noteChatEvent, recentChat } from "@/lib/chat/recent";

/** How far back before a Redis outage this process re-sends its own chat messages to the other processes. */
export const REPLAY_WINDOW_MS = 10_000;

type Packet = { type: number; data: unknown[]; nsp: string };
type BroadcastOpts = { rooms: Set<string>; except: Set<string>; flags?: { local?: boolean } };
type ClusterMessage = { type: number; uid?: string; nsp?: string; data?: { packet?: Packet; requestId?: unknown; opts?: unknown } };
/** The adapter's members this module wraps (socket.io-adapter 2.5: `broadcast`; its ClusterAdapter: `onMessage`, `publishAndReturnOffset`). */
type TappableAdapter = {
  broadcast(packet: Packet, opts: BroadcastOpts): unknown;
  onMessage?: (message: ClusterMessage, offset?: string) => unknown;
  publishAndReturnOffset?: (message: ClusterMessage) => Promise<string>;
};

/**
 * socket.io-adapter 2.5's `MessageType.BROADCAST` (1 and 2 are the heartbeats). It was 2 here: the tap never saw
 * another process's chat, and the outage replay went out as heartbeats, which every process ignores.
 */
const BROADCAST = 3;

/**
 * Every chat event this process broadcasts passes the recent-chat buffer (lib/chat/recent.ts): its own
 * through the adapter's `broadcast`, other processes' through the cluster adapter's `onMessage`. A chat
 * message that already reached this process's sockets (re-sent after a Redis outage) stops here.
 */
export function tapChatEvents(io: Server): void {
  const adapter = io.of("/").adapter as unknown as TappableAdapter;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    const [event, data] = packet.data;
    if (typeof event === "string") noteChatEvent(event, data, false);
    return broadcast(packet, opts);
  };
  const onMessage = adapter.onMessage?.bind(adapter);
  if (!onMessage) return;
  adapter.onMessage = (message, offset) => {
    const packet = message.type === BROADCAST && message.data?.requestId === undefined ? message.data?.packet : undefined;
    const [event, data] = packet?.data ?? [];
    if (typeof event === "string" && !noteChatEvent(event, data, true)) return;
    return onMessage(message, offset);
  };
}

/**
 * The Redis Streams adapter loses a cross-process message when Redis goes away with it: an XADD in flight
 * when the connection drops is refused (this process's sockets got the message, the others never do), and
 * entries other processes had not read yet vanish with a Redis that keeps no data. So when the publishing
 * client is back, this process sends its own chat messages of the outage and the REPLAY_WINDOW_MS before it
 * to the other processes again (remote only: the stream's entry, not a local broadcast); they drop the ones
 * they had (`tapChatEvents`).
 */
export function replayChatAfterOutage(io: Server, redis: Redis): () => void {
  let lostAt: number | null = null;
  const lost = () => {
    lostAt ??= Date.now();
  };
  const ready = () => {
    if (lostAt === null) return;
    const since = lostAt - REPLAY_WINDOW_MS;
    lostAt = null;
    const adapter = io.of("/").adapter as unknown as TappableAdapter;
    const views = recentChat.localSince(since);
    log.warn("redis back: re-sending this process's recent chat to the other processes", { messages: views.length });
    for (const view of views) {
      const packet: Packet = { type: BROADCAST, data: ["stream_chat_message", view], nsp: "/" };
      void adapter.publishAndReturnOffset?.({ type: BROADCAST, data: { packet, opts: { rooms: [`stream:${view.streamId}`], except: [], flags: {} } } }).catch(() => undefined);
    }
  };
  // node-redis says `reconnecting` on every lost connection, then `ready` once commands flow again.
  redis.on("reconnecting", lost);
  redis.on("ready", ready);
  return () => {
    redis.off("reconnecting", lost);
    redis.off("ready", ready);
  };
}
