import "server-only";
import { timingSafeEqual } from "node:crypto";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { AppError } from "@/lib/errors";

/** What an encoder's key unlocks: the stream it publishes into, its room and its host. */
export type EncoderTarget = { streamId: string; roomId: string; hostId: string; status: string; keyRotatedAt: Date | null };

const KEY_SHAPE = /^live_[0-9a-f]{64}$/;

/**
 * The stream a key belongs to (the key is the encoder's only credential: RTMP stream name, WHIP bearer).
 * A malformed, unknown or rotated key is UNAUTHENTICATED before any other lookup; an ended stream's key
 * opens nothing (STREAM_ENDED). One answer for both ingest paths.
 */
export async function authenticateEncoder(key: string | null | undefined): Promise<EncoderTarget> {
  if (!key || !KEY_SHAPE.test(key)) throw new AppError("UNAUTHENTICATED", "Invalid stream key");
  await connectDb();
  const s = await StreamModel.findOne({ streamKey: key }, { streamKey: 1, roomId: 1, host: 1, status: 1, keyRotatedAt: 1 }).lean<StreamDoc>();
  // The index found it; the constant-time comparison keeps a near miss from being timed.
  if (!s?.streamKey || !timingSafeEqual(Buffer.from(s.streamKey), Buffer.from(key))) throw new AppError("UNAUTHENTICATED", "Invalid stream key");
  if (s.status === "ended") throw new AppError("STREAM_ENDED", "This stream has ended: create a new stream for a new key");
  return { streamId: s._id.toString(), roomId: s.roomId, hostId: s.host.toString(), status: s.status, keyRotatedAt: s.keyRotatedAt ?? null };
}
