import type { Server } from "socket.io";
import { processSingleton } from "@/lib/singleton";

const g = processSingleton("io", () => ({ io: undefined as Server | undefined }));

/** Called once by the socket edge; route handlers in Next's module copies reach the same server. */
export function setRealtimeServer(io: Server | undefined): void {
  g.io = io;
}

/**
 * Domain code publishes through here and never imports Socket.IO. Rooms: `stream:<id>`, `user:<id>`; given
 * several rooms, a socket in more than one of them gets the event once.
 */
export function publish(room: string | string[], event: string, data: unknown): void {
  g.io?.to(room).emit(event, data);
}

/** Removes every socket of a user from a stream's room (any process, through the adapter) and tells them why. */
export function disconnectFromStream(userId: string, streamId: string, reason: string): void {
  const io = g.io;
  if (!io) return;
  io.in(`user:${userId}`).socketsLeave(`stream:${streamId}`);
  io.to(`user:${userId}`).emit("stream_access_revoked", { streamId, reason });
}

/** Disconnects every socket of a user in every app process (through the adapter): their sessions ended. */
export function disconnectUser(userId: string): void {
  // Not `true` (close the transport): the client is told it was disconnected by the server, and does not retry.
  g.io?.in(`user:${userId}`).disconnectSockets();
}
