import type { MediaToken } from "@/lib/media/schemas";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { guestIdentity } from "@/lib/accounts/viewer-key";
import { roomToken, type MediaRole } from "@/lib/livekit/tokens";
import { mediaServerUp } from "@/lib/livekit/availability";
import { ensureRoom } from "@/lib/livekit/rooms";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import { findStreamOrThrow } from "@/lib/streams/load";
import { rememberRoom } from "@/lib/streams/room-index";
import { assertCan, can, isChannelOwner, snapshotOf } from "@/lib/access";
import { findGuest } from "@/lib/guests/store";
import { stageGrantOf } from "@/lib/guests/stage-media";
import { mediaViewerKey, noteViewerClient } from "@/lib/analytics/track-viewers";

/** Who asks, as the edge knows them: the client's address and, for an anonymous browser, its signed viewer id. */
export type TokenCaller = { ip: string; viewerId: string | null; userAgent?: string | null };

const TOO_MANY = "Too many media tokens requested; try again in a minute";

/**
 * Limits minting: per user, and per address for anonymous callers (MEDIA_TOKEN_RATE_LIMIT[_PER_IP] a
 * minute, across app processes), before any lookup. Each token is a LiveKit identity that webhooks turn
 * into a viewer, so tokens minted at will would inflate viewer counts and trending.
 */
async function limitMinting(actor: Actor | null, caller: TokenCaller): Promise<void> {
  const cfg = config();
  if (actor) await sharedLimit({ name: "media-token", points: cfg.MEDIA_TOKEN_RATE_LIMIT, durationSec: 60 }).consume(actor.id, TOO_MANY);
  else await sharedLimit({ name: "media-token-ip", points: cfg.MEDIA_TOKEN_RATE_LIMIT_PER_IP, durationSec: 60 }).consume(caller.ip, TOO_MANY);
}

/**
 * A LiveKit token for the stream's room whose grants fit the caller: the host publishes, a guest on stage
 * publishes what the host allows them, everyone else watches. An anonymous viewer's identity is the viewer id the server signed for their browser
 * (`guest_<id>`), the same one presence counts, so one browser is one participant however often it asks.
 */
export async function requestStreamToken(actor: Actor | null, streamId: string, caller: TokenCaller): Promise<MediaToken> {
  await limitMinting(actor, caller);
  if (!actor && !caller.viewerId) throw new AppError("UNAUTHENTICATED", "No viewer key: open the stream's page first");
  const stream = await findStreamOrThrow(streamId);
  if (stream.status === "ended") throw new AppError("STREAM_ENDED", "This stream has ended");
  if (stream.status === "scheduled") throw new AppError("STREAM_NOT_LIVE", "This stream has not started yet");
  const snap = snapshotOf(stream);
  await assertCan(actor, "stream.watch", snap);
  const publishes = await can(actor, "media.publish", snap);
  // Someone on stage publishes what their guest row allows (the row, read by id, is the grant's one source).
  const owner = isChannelOwner(actor?.id, snap);
  const stage = publishes && !owner && actor ? stageGrantOf(await findGuest(streamId, actor.id)) : null;
  const role: MediaRole = owner && publishes ? "host" : stage ? "guest" : "viewer";
  // A token for an SFU that is down would only fail to connect: say so, and the page shows it and retries.
  if (!mediaServerUp()) throw new AppError("MEDIA_SERVER_UNAVAILABLE", "The media server is unavailable; reconnecting shortly");
  // The host's media makes the room again if LiveKit lost it (a restart); a host asks rarely, so the round trip is cheap.
  if (role === "host") await ensureRoom(stream.roomId, { streamId });
  const identity = actor?.id ?? guestIdentity(caller.viewerId ?? "");
  // Where the player watches from (country, device), for the viewer's analytics session.
  if (role === "viewer") await noteViewerClient(streamId, mediaViewerKey(identity), { ip: caller.ip, userAgent: caller.userAgent });
  rememberRoom(stream.roomId, streamId);
  const { token, expiresAt } = await roomToken({ roomId: stream.roomId, identity, name: actor?.username ?? "Guest", role, stage });
  return { url: config().livekitPublicUrl, token, identity, role, roomId: stream.roomId, expiresAt };
}
