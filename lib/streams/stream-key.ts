import { randomBytes } from "node:crypto";

/** A publishing key: 32 random bytes, hex, behind a recognisable prefix (safe as an RTMP stream name). */
export function generateStreamKey(): string {
  return `live_${randomBytes(32).toString("hex")}`;
}

export function generateRoomId(): string {
  return `room_${randomBytes(12).toString("hex")}`;
}
