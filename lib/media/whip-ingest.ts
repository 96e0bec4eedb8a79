import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { actorById } from "@/lib/accounts/authenticate";
import { authenticateEncoder, type EncoderTarget } from "@/lib/media/encoder-auth";
import { encoderIdentity } from "@/lib/media/identities";
import { ensureRoom } from "@/lib/livekit/rooms";
import { encoderToken } from "@/lib/livekit/tokens";
import { whipCreate, whipDelete, whipPatch } from "@/lib/livekit/whip";
import { assertCan } from "@/lib/access";
import { assertNoOtherLiveStream } from "@/lib/streams/change-status";

/**
 * WHIP ingest (RFC 9725) for OBS 30+ and any other WHIP encoder: the stream key is the bearer token. The
 * key is checked here, before anything reaches LiveKit; a good key buys a short-lived publish-only LiveKit
 * token for the host's encoder identity, and the offer, PATCH and DELETE are relayed to LiveKit's own WHIP
 * endpoint. No media passes through the app and nothing is transcoded.
 *
 * The session resource the encoder is given is ours, not LiveKit's: `<participant id>.<mac>`, the LiveKit
 * participant the session created and an HMAC binding it to the stream (keyed from AUTH_SECRET). No state
 * is kept: any app process can serve the PATCH/DELETE, and an id made up or taken from another stream is 404.
 */
/** Reads (and checks the media type of) the request body: called only once the key was accepted. */
export type BodyReader = () => Promise<string>;

export type WhipSession = { answerSdp: string; resourceId: string; etag: string | null; links: string[] };

const RESOURCE = /^(PA_[A-Za-z0-9]{1,64})\.([A-Za-z0-9_-]{22})$/;

let keyFor: { secret: string; key: Buffer } | undefined;

function mac(streamId: string, participantId: string): string {
  const secret = config().AUTH_SECRET;
  if (keyFor?.secret !== secret) keyFor = { secret, key: createHmac("sha256", secret).update("streamhub whip resource").digest() };
  return createHmac("sha256", keyFor.key).update(`${streamId}:${participantId}`).digest("base64url").slice(0, 22);
}

export function resourceIdOf(streamId: string, participantId: string): string {
  return `${participantId}.${mac(streamId, participantId)}`;
}

/** The LiveKit participant a resource id names, if it was issued for this stream; else NOT_FOUND. */
export function participantOf(resourceId: string, streamId: string): string {
  const m = RESOURCE.exec(resourceId);
  const given = m?.[2] ? Buffer.from(m[2]) : null;
  const expected = m?.[1] ? Buffer.from(mac(streamId, m[1])) : null;
  if (!m?.[1] || !given || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("NOT_FOUND", "No such WHIP session");
  return m[1];
}

/** The key from `Authorization: Bearer <key>`; anything else is no key (UNAUTHENTICATED follows). */
export function bearerKey(authorization: string | null): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? null;
}

/** The encoder's token: publish-only, for the host's encoder identity, used at once for one relayed call. */
function tokenFor(t: EncoderTarget): Promise<string> {
  return encoderToken({ roomId: t.roomId, identity: encoderIdentity(t.hostId), name: "Encoder", ttlSeconds: 60 });
}

/**
 * Opens a WHIP session: the encoder's offer in, LiveKit's answer out. A scheduled stream goes live when
 * the media arrives (lib/media/livekit-webhook.ts), so a host who may not go live (email not confirmed,
 * another stream on air) is refused here, where OBS shows the error, rather than streaming into a room no
 * one can watch.
 */
export async function startWhipSession(authorization: string | null, readOffer: BodyReader): Promise<WhipSession> {
  const target = await authenticateEncoder(bearerKey(authorization));
  const offerSdp = await readOffer();
  if (!offerSdp.trim()) throw new AppError("VALIDATION_ERROR", "The body must be an SDP offer");
  if (target.status === "scheduled") {
    await assertCan(await actorById(target.hostId), "stream.golive", target.streamId);
    await assertNoOtherLiveStream(target.hostId, target.streamId);
  }
  await ensureRoom(target.roomId, { streamId: target.streamId });
  const created = await whipCreate(await tokenFor(target), offerSdp);
  return { answerSdp: created.answerSdp, resourceId: resourceIdOf(target.streamId, created.participantId), etag: created.etag, links: created.links };
}

/** Trickle ICE (`If-Match: <etag>`, 204) or ICE restart (`If-Match: *`, 200 with a fragment and a new ETag). */
export async function patchWhipSession(authorization: string | null, resourceId: string, readFragment: BodyReader, ifMatch: string | null): Promise<{ status: 200 | 204; body: string; etag: string | null }> {
  const target = await authenticateEncoder(bearerKey(authorization));
  const participantId = participantOf(resourceId, target.streamId);
  const fragment = await readFragment();
  if (!ifMatch) throw new AppError("PRECONDITION_REQUIRED", "Send If-Match with the session's ETag, or * for an ICE restart");
  return whipPatch(await tokenFor(target), participantId, fragment, ifMatch);
}

/** Ends the session: the encoder leaves the room; an on-air stream then waits out the host's grace period. */
export async function endWhipSession(authorization: string | null, resourceId: string): Promise<void> {
  const target = await authenticateEncoder(bearerKey(authorization));
  await whipDelete(await tokenFor(target), participantOf(resourceId, target.streamId));
}
