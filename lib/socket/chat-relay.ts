import "server-only";
import type { Server } from "socket.io";
import type { Redis } from "@/lib/realtime/redis";
import { log } from "@/lib/logger";
import { noteChatEvent } from "@/lib/chat/recent";
import { othersChatSince } from "@/lib/chat/outage-repair";
import { BATCH_EVENT, MAX_BATCH_EVENTS, type BatchEntry } from "@/lib/realtime/stream-batches";
import { BATCHED, ChatDeliveries, idTimeMs, PLAIN } from "@/lib/socket/chat-deliveries";
import type { ChatMessageView } from "@/lib/chat/schemas";

/**
 * How far before a Redis outage a repair looks for chat this process may have missed: what another process
 * had published but this one had not read yet, and what another process was publishing when the connection
 * dropped (its XADD in flight is refused), under an event loop that may lag seconds behind on a busy machine.
 */
export const REPAIR_WINDOW_MS = 10_000;
/** Repair passes, after Redis is back: the first once other processes have written what they acknowledged (write-behind, CHAT_FLUSH_INTERVAL_MS); later ones for slow writes. */
export const REPAIR_PASSES_MS = [500, 3_000, 10_000];
/** Most messages one pass reads (all streams with viewers here). */
const REPAIR_LIMIT = 20_000;
/** How long a socket that enters a stream's room is handed that stream's repaired messages (it may have been away during the repair). */
const REPAIRED_FOR_MS = 60_000;

/**
 * socket.io-adapter's MessageType.BROADCAST (its 1 and 2 are heartbeats). Not the packet's type (a Socket.IO
 * EVENT is 2): mixing the two up once made every remote chat message pass this tap unseen.
 */
const CLUSTER_BROADCAST = 3;
const CHAT = "stream_chat_message";

type Packet = { type: number; data: unknown[]; nsp: string };
type BroadcastOpts = { rooms: Set<string>; except: Set<string>; flags?: { local?: boolean } };
type ClusterMessage = { type: number; uid?: string; nsp?: string; data?: { packet?: Packet; requestId?: unknown; opts?: { rooms?: string[] } } };
/** The adapter's members this module wraps (socket.io-adapter 2.5: `broadcast`, `addAll`, `rooms`; its ClusterAdapter: `onMessage`). */
type TappableAdapter = {
  uid?: string;
  rooms: Map<string, Set<string>>;
  broadcast(packet: Packet, opts: BroadcastOpts): unknown;
  addAll(id: string, rooms: Set<string>): unknown;
  onMessage?: (message: ClusterMessage, offset?: string) => unknown;
};

const deliveries = new ChatDeliveries();

const isView = (d: unknown): d is ChatMessageView => typeof (d as ChatMessageView | null)?.id === "string" && typeof (d as ChatMessageView).streamId === "string";

/** The stream and room kind of a room name: `stream:<id>` (PLAIN) or `batched:stream:<id>` (BATCHED). */
function roomKind(room: string): { streamId: string; kind: number } | null {
  if (room.startsWith("stream:")) return { streamId: room.slice(7), kind: PLAIN };
  if (room.startsWith("batched:stream:")) return { streamId: room.slice(15), kind: BATCHED };
  return null;
}

function kindsFor(rooms: Iterable<string>, streamId: string): number {
  let bits = 0;
  for (const room of rooms) {
    const k = roomKind(room);
    if (k?.streamId === streamId) bits |= k.kind;
  }
  return bits;
}

/**
 * Notes a broadcast's chat in the recent buffer (lib/chat/recent.ts) and in the delivery log. For a copy
 * from another process (`remote`), answers whether it must still reach this process's sockets: a message
 * already delivered to its room here (a repair came first) is dropped, and a frame loses those entries.
 */
function sieve(data: unknown[], rooms: Iterable<string>, remote: boolean): boolean {
  const [event, payload] = data;
  if (typeof event !== "string") return true;
  if (event === CHAT && isView(payload)) {
    noteChatEvent(event, payload, remote);
    const kinds = kindsFor(rooms, payload.streamId);
    return kinds === 0 || deliveries.mark(payload.streamId, payload.id, kinds) !== 0 || !remote;
  }
  if (event === BATCH_EVENT && Array.isArray(payload)) {
    const kept = (payload as BatchEntry[]).filter(([e, d]) => {
      noteChatEvent(e, d, remote);
      return e !== CHAT || !isView(d) || deliveries.mark(d.streamId, d.id, BATCHED) !== 0 || !remote;
    });
    if (remote) data[1] = kept;
    return kept.length > 0;
  }
  noteChatEvent(event, payload, remote);
  return true;
}

/**
 * Every chat event this process broadcasts passes `sieve`: its own through the adapter's `broadcast`, other
 * processes' through the cluster adapter's `onMessage`. A batched socket that enters a stream's room shortly
 * after an outage's repair is handed the repaired messages too (`handRepaired`).
 */
export function tapChatEvents(io: Server): void {
  const adapter = io.of("/").adapter as unknown as TappableAdapter;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    sieve(packet.data, opts.rooms, false);
    return broadcast(packet, opts);
  };
  const addAll = adapter.addAll.bind(adapter);
  adapter.addAll = (id, rooms) => {
    const r = addAll(id, rooms);
    for (const room of rooms) handRepaired(io, id, room);
    return r;
  };
  const onMessage = adapter.onMessage?.bind(adapter);
  if (!onMessage) return;
  adapter.onMessage = (message, offset) => {
    // The adapter reads its own entries back too (and ignores them): they were noted when sent.
    const own = message.uid === adapter.uid;
    const packet = !own && message.type === CLUSTER_BROADCAST && message.data?.requestId === undefined ? message.data?.packet : undefined;
    if (packet && Array.isArray(packet.data) && !sieve(packet.data, message.data?.opts?.rooms ?? [], true)) return;
    return onMessage(message, offset);
  };
}

/** Messages a repair delivered here, per stream, for sockets that enter the room within REPAIRED_FOR_MS. */
const repaired = new Map<string, { views: ChatMessageView[]; until: number }>();

function handRepaired(io: Server, socketId: string, room: string): void {
  const k = roomKind(room);
  // Batched connections only: they are the SDK's, which drops a message it has by id; a plain client written
  // to the spec would show a copy of each (it may still miss one, if it was away during the repair).
  const r = k?.kind === BATCHED ? repaired.get(k.streamId) : undefined;
  if (!k || !r) return;
  if (r.until < Date.now()) return void repaired.delete(k.streamId);
  // After the join (or the session's restore) is done: the client dedupes by id, and holds them during its catch-up.
  setTimeout(() => {
    const socket = io.of("/").sockets.get(socketId);
    if (!socket?.connected || !socket.rooms.has(room)) return;
    for (let i = 0; i < r.views.length; i += MAX_BATCH_EVENTS) socket.emit(BATCH_EVENT, r.views.slice(i, i + MAX_BATCH_EVENTS).map((v): BatchEntry => [CHAT, v]));
  }, 0);
}

/**
 * One repair pass: the persisted chat since `since` of every stream with sockets here, against what reached
 * their rooms here; what did not is sent to this process's rooms only (each process repairs its own
 * sockets, so nothing crosses Redis again). Answers how many deliveries (per room kind) it made.
 */
async function repairPass(io: Server, since: number): Promise<number> {
  const rooms = (io.of("/").adapter as unknown as TappableAdapter).rooms;
  const streams = new Map<string, number>();
  for (const [room, members] of rooms) {
    const k = members.size > 0 ? roomKind(room) : null;
    if (k) streams.set(k.streamId, (streams.get(k.streamId) ?? 0) | k.kind);
  }
  for (const [streamId, r] of repaired) if (r.until < Date.now()) repaired.delete(streamId);
  const views = await othersChatSince([...streams.keys()], since, REPAIR_LIMIT);
  const frames = new Map<string, BatchEntry[]>();
  let sent = 0;
  for (const v of views) {
    const kinds = streams.get(v.streamId) ?? 0;
    if (idTimeMs(v.id) < deliveries.completeSince(v.streamId)) continue;
    if (kinds & PLAIN && !deliveries.has(v.streamId, v.id, PLAIN)) {
      io.local.to(`stream:${v.streamId}`).emit(CHAT, v);
      sent++;
    }
    if (!(kinds & BATCHED) || deliveries.has(v.streamId, v.id, BATCHED)) continue;
    const f = frames.get(v.streamId) ?? [];
    frames.set(v.streamId, f);
    f.push([CHAT, v]);
    sent++;
    const r = repaired.get(v.streamId);
    if (r && r.until >= Date.now()) r.views.push(v);
    else repaired.set(v.streamId, { views: [v], until: Date.now() + REPAIRED_FOR_MS });
  }
  for (const [streamId, entries] of frames) for (let i = 0; i < entries.length; i += MAX_BATCH_EVENTS) io.local.to(`batched:stream:${streamId}`).emit(BATCH_EVENT, entries.slice(i, i + MAX_BATCH_EVENTS));
  return sent;
}

/**
 * The Redis Streams adapter loses cross-process messages when Redis goes away: an XADD in flight when the
 * connection drops is refused (the publisher's sockets got the message, the other processes never do), and
 * entries not yet read vanish with a Redis that keeps no data. So when this process's Redis client is
 * `ready` after an outage, it pulls: REPAIR_PASSES_MS after, it reads the persisted chat since the outage
 * began (less REPAIR_WINDOW_MS) of the streams it has sockets in, and sends its own rooms what never reached
 * them (`repairPass`). Late copies the adapter still brings (the other processes' commands queued during the
 * outage) are dropped by `tapChatEvents`.
 */
export function repairChatAfterOutage(io: Server, redis: Redis): () => void {
  let lostAt: number | null = null;
  let timers: ReturnType<typeof setTimeout>[] = [];
  const lost = () => {
    lostAt ??= Date.now();
    // A new outage before the passes ran: they run after it, from the earlier start.
    timers.forEach(clearTimeout);
    timers = [];
  };
  const ready = () => {
    if (lostAt === null) return;
    const since = lostAt - REPAIR_WINDOW_MS;
    const back = Date.now();
    timers = REPAIR_PASSES_MS.map((ms, i) =>
      setTimeout(() => {
        if (i === REPAIR_PASSES_MS.length - 1) lostAt = null;
        repairPass(io, since)
          .then((sent) => log.warn("redis back: chat repair pass", { pass: i + 1, sent, outageMs: back - since - REPAIR_WINDOW_MS }))
          .catch((err: unknown) => log.error("chat repair after a redis outage failed", { err: String(err) }));
      }, ms),
    );
  };
  // node-redis says `reconnecting` on every lost connection, then `ready` once commands flow again.
  redis.on("reconnecting", lost);
  redis.on("ready", ready);
  return () => {
    timers.forEach(clearTimeout);
    redis.off("reconnecting", lost);
    redis.off("ready", ready);
  };
}
