import type { Server } from "socket.io";
import { processSingleton } from "@/lib/singleton";
import { BATCH_EVENT, COALESCED_EVENTS, StreamBatcher, batchedTwin, streamRoomsOf } from "@/lib/realtime/stream-batches";

const g = processSingleton("io", () => ({ io: undefined as Server | undefined, batcher: undefined as StreamBatcher | undefined }));

/**
 * Called once by the socket edge; route handlers in Next's module copies reach the same server. `batchWindowMs`
 * is how long a stream room's busy events wait to leave together for connections that asked for frames, and
 * `maxBatchWindowMs` how far that wait may stretch when frames grow slow to send (lib/realtime/stream-batches.ts).
 */
export function setRealtimeServer(io: Server | undefined, batchWindowMs = 25, maxBatchWindowMs = batchWindowMs): void {
  g.batcher?.flushAll();
  g.io = io;
  g.batcher = io ? new StreamBatcher((room, entries) => io.to(room).emit(BATCH_EVENT, entries), batchWindowMs, maxBatchWindowMs) : undefined;
}

/**
 * Domain code publishes through here and never imports Socket.IO. Rooms: `stream:<id>`, `user:<id>`; given
 * several rooms, a socket in more than one of them gets the event once. A stream room reaches both its plain
 * connections (one event each) and its batched ones (lib/realtime/stream-batches.ts): a busy event sent to
 * the stream alone waits in the room's frame; any other event flushes the frame first, so every connection
 * sees the events in the order they were published.
 */
export function publish(room: string | string[], event: string, data: unknown): void {
  const { io, batcher } = g;
  if (!io) return;
  const rooms = typeof room === "string" ? [room] : room;
  const only = rooms.length === 1 ? batchedTwin(rooms[0]!) : null;
  if (only && batcher && COALESCED_EVENTS.has(event)) {
    io.to(rooms[0]!).emit(event, data);
    batcher.add(only, event, data);
    return;
  }
  const targets: string[] = [];
  for (const r of rooms) {
    targets.push(r);
    const twin = batchedTwin(r);
    if (!twin) continue;
    batcher?.flush(twin);
    targets.push(twin);
  }
  io.to(targets).emit(event, data);
}

/** Removes every socket of a user from a stream's room (any process, through the adapter) and tells them why. */
export function disconnectFromStream(userId: string, streamId: string, reason: string): void {
  const io = g.io;
  if (!io) return;
  io.in(`user:${userId}`).socketsLeave(streamRoomsOf(streamId));
  io.to(`user:${userId}`).emit("stream_access_revoked", { streamId, reason });
}

/** Disconnects every socket of a user in every app process (through the adapter): their sessions ended. */
export function disconnectUser(userId: string): void {
  // Not `true` (close the transport): the client is told it was disconnected by the server, and does not retry.
  g.io?.in(`user:${userId}`).disconnectSockets();
}
