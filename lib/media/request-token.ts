import { randomBytes } from "node:crypto";
import type { MediaToken } from "@/lib/media/schemas";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { roomToken, type MediaRole } from "@/lib/livekit/tokens";
import { findStreamOrThrow } from "@/lib/streams/load";
import { assertCan, can, snapshotOf } from "@/lib/access";

/** A LiveKit token for the stream's room whose grants fit the caller: the host publishes, everyone else watches. */
export async function requestStreamToken(actor: Actor | null, streamId: string): Promise<MediaToken> {
  const stream = await findStreamOrThrow(streamId);
  if (stream.status === "ended") throw new AppError("STREAM_ENDED", "This stream has ended");
  if (stream.status === "scheduled") throw new AppError("STREAM_NOT_LIVE", "This stream has not started yet");
  const snap = snapshotOf(stream);
  await assertCan(actor, "stream.watch", snap);
  const role: MediaRole = (await can(actor, "media.publish", snap)) ? "host" : "viewer";
  const identity = actor?.id ?? `guest_${randomBytes(8).toString("hex")}`;
  const { token, expiresAt } = await roomToken({ roomId: stream.roomId, identity, name: actor?.username ?? "Guest", role });
  return { url: config().livekitPublicUrl, token, identity, role, roomId: stream.roomId, expiresAt };
}
