import type { Server } from "socket.io";

const g = globalThis as typeof globalThis & { __streamhubIo?: Server };

/** Called once by server.ts; route handlers share it through globalThis (Next loads its own module copies). */
export function setRealtimeServer(io: Server | undefined): void {
  g.__streamhubIo = io;
}

/** Domain code publishes through here and never imports Socket.IO. Rooms: `stream:<id>`, `user:<id>`. */
export function publish(room: string, event: string, data: unknown): void {
  g.__streamhubIo?.to(room).emit(event, data);
}

/** Removes every socket of a user from a stream's room (any process, through the adapter) and tells them why. */
export function disconnectFromStream(userId: string, streamId: string, reason: string): void {
  const io = g.__streamhubIo;
  if (!io) return;
  io.in(`user:${userId}`).socketsLeave(`stream:${streamId}`);
  io.to(`user:${userId}`).emit("stream_access_revoked", { streamId, reason });
}
