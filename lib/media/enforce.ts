import "server-only";
import { config } from "@/lib/config";
import { log } from "@/lib/logger";
import { actorById } from "@/lib/accounts/authenticate";
import { can, type StreamSnapshot } from "@/lib/access";
import { removeParticipant, revokePermissions } from "@/lib/livekit/rooms";
import { tokenIssuedAt } from "@/lib/livekit/tokens";
import { clearRevocation, recordRevocation, revokedAt } from "@/lib/realtime/media-revocations";
import { isHostMedia } from "@/lib/media/identities";

export type MediaStream = { id: string; roomId: string; hostId: string };

/**
 * LiveKit re-issues a connected client's token every few minutes, valid ten minutes; a revocation outlives
 * both that and our own tokens, plus a minute of clock skew, and is then forgotten: no older token remains.
 */
const LIVEKIT_REFRESHED_TOKEN_TTL_S = 600;
const revocationTtlMs = () => (Math.max(config().MEDIA_TOKEN_TTL_SECONDS, LIVEKIT_REFRESHED_TOKEN_TTL_S) + 60) * 1000;

/**
 * The LiveKit identities a user can hold in a stream's room: a signed-in viewer's identity is their user
 * id. The encoder identity (`<hostId>:encoder`) is only ever minted for the room's host, whom nobody can
 * ban, and recorders are the platform's own; neither is a user's to lose.
 */
function identitiesOf(userId: string): string[] {
  return [userId];
}

/** Every permission off first (media stop at once, whatever happens next), then out of the room. */
async function evict(roomId: string, identity: string): Promise<boolean> {
  const present = await revokePermissions(roomId, identity);
  return (await removeParticipant(roomId, identity)) || present;
}

/**
 * Takes a user's media away at once (a ban): records the revocation first, so a token minted before now
 * cannot bring them back (the `participant_joined` webhook refuses it, in any app process), then removes
 * their participants from the room. The host's own media are never revoked. Called by banUser.
 */
export async function revokeMediaAccess(stream: MediaStream, userId: string): Promise<void> {
  if (isHostMedia(userId, stream.hostId)) return;
  const at = Date.now();
  const ttl = revocationTtlMs();
  await Promise.all(
    identitiesOf(userId).map(async (identity) => {
      // Redis failing must not undo a ban: this process's record stands, and webhooks re-ask the access module anyway.
      await recordRevocation(stream.roomId, identity, at, ttl).catch((err: unknown) => log.warn("media revocation not shared (redis failed)", { roomId: stream.roomId, err: String(err) }));
      await evict(stream.roomId, identity);
    }),
  );
}

/**
 * Lifts a revocation (an unban), so a token the user still holds works again. Not required for new tokens:
 * one minted after the revocation is let in anyway (a timed ban lapses without anyone calling this).
 */
export async function restoreMediaAccess(stream: Pick<MediaStream, "roomId">, userId: string): Promise<void> {
  await Promise.all(identitiesOf(userId).map((identity) => clearRevocation(stream.roomId, identity)));
}

/** Why a participant who just joined may not stay, or null. */
async function refusal(snap: StreamSnapshot, roomId: string, identity: string, metadata: string | undefined): Promise<string | null> {
  const revoked = await revokedAt(roomId, identity);
  if (revoked !== null && tokenIssuedAt(metadata) <= revoked) return "token issued before its media access was revoked";
  // Signed-in viewers join as their user id; guests (guest_<viewer id>) and unknown identities ask as anonymous.
  const actor = await actorById(identity);
  if (!(await can(actor, "stream.watch", snap))) return "may not watch (banned, or no longer in the audience)";
  return null;
}

/**
 * The `participant_joined` check: the access module is asked again about the identity (a ban since the
 * token was minted), and the revocation list about the token (minted before a revocation this process's
 * caches may not know of yet). A refused participant loses its permissions and is removed at once.
 * True when it was refused (it is then neither a viewer nor a view).
 */
export async function refuseRevokedJoin(snap: StreamSnapshot, roomId: string, participant: { identity: string; metadata?: string }): Promise<boolean> {
  if (isHostMedia(participant.identity, snap.hostId)) return false;
  const why = await refusal(snap, roomId, participant.identity, participant.metadata);
  if (!why) return false;
  await evict(roomId, participant.identity);
  log.info("media join refused", { streamId: snap.id, identity: participant.identity, why });
  return true;
}
