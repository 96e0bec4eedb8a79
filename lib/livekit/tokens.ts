import { AccessToken, TrackSource, type VideoGrant } from "livekit-server-sdk";
import { config } from "@/lib/config";

export type MediaRole = "host" | "viewer" | "guest";

/** What a guest on stage may publish (their guest row's permissions, lib/guests). */
export type StageGrant = { camera: boolean; microphone: boolean; screenShare: boolean };

/**
 * A guest's publishing rights as LiveKit permissions. Nothing allowed is canPublish false: LiveKit reads an
 * empty source list as "every source", so the list is never empty while publishing is on.
 */
export function stagePermission(g: StageGrant | null): { canSubscribe: true; canPublish: boolean; canPublishData: boolean; canPublishSources: TrackSource[] } {
  const sources = g ? [...(g.camera ? [TrackSource.CAMERA] : []), ...(g.microphone ? [TrackSource.MICROPHONE] : []), ...(g.screenShare ? [TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO] : [])] : [];
  return { canSubscribe: true, canPublish: sources.length > 0, canPublishData: false, canPublishSources: sources };
}

/** One room, every permission off: each token below turns on only what its holder needs (LiveKit treats an omitted canPublish as true). */
function roomGrant(roomId: string, allow: Pick<VideoGrant, "canSubscribe" | "canPublish" | "canPublishData" | "canPublishSources" | "hidden">): VideoGrant {
  return { room: roomId, roomJoin: true, roomCreate: false, roomAdmin: false, roomList: false, roomRecord: false, canUpdateOwnMetadata: false, ...allow };
}

/**
 * A signed token for one identity in one room, its role and issue time (ms) in the metadata. LiveKit's
 * webhooks carry the participant's metadata but not its token, and tokens cannot be revoked: the issue
 * time tells a join with a token older than a revocation (refused) from one minted since (let in).
 * Participants cannot change their metadata (canUpdateOwnMetadata is off), so it can be trusted.
 */
function mint(opts: { identity: string; name: string; ttlSeconds: number; role: string; grant: VideoGrant }): Promise<string> {
  const cfg = config();
  const metadata = JSON.stringify({ role: opts.role, issuedAt: Date.now() });
  const at = new AccessToken(cfg.LIVEKIT_API_KEY, cfg.LIVEKIT_API_SECRET, { identity: opts.identity, name: opts.name, ttl: opts.ttlSeconds, metadata });
  at.addGrant(opts.grant);
  return at.toJwt();
}

/**
 * An encoder's token (OBS over WHIP, the RTMP ingest job): camera and microphone into one room, nothing
 * else (no data, no subscribing). Short-lived: LiveKit checks it when the encoder connects.
 */
export async function encoderToken(opts: { roomId: string; identity: string; name: string; ttlSeconds?: number }): Promise<string> {
  const grant = roomGrant(opts.roomId, { canSubscribe: false, canPublish: true, canPublishData: false, canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE], hidden: false });
  return mint({ identity: opts.identity, name: opts.name, ttlSeconds: opts.ttlSeconds ?? 120, role: "encoder", grant });
}

/**
 * Every grant is set explicitly: LiveKit treats an omitted canPublish as true. Hosts publish camera,
 * microphone and screen; viewers only subscribe. Viewers are not `hidden`: a hidden participant is left out
 * of other participants' room state, and viewers are part of the room (their webhooks keep presence true).
 */
export function grantsFor(role: MediaRole, roomId: string, stage: StageGrant | null = null): VideoGrant {
  if (role === "guest") return roomGrant(roomId, { ...stagePermission(stage), hidden: false });
  const host = role === "host";
  return roomGrant(roomId, {
    canSubscribe: true,
    canPublish: host,
    canPublishData: host,
    canPublishSources: host ? [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO] : [],
    hidden: false,
  });
}

/** A short-lived JWT for one room (LiveKit checks it at connect and refreshes it for connected clients). */
export async function roomToken(opts: { roomId: string; identity: string; name: string; role: MediaRole; stage?: StageGrant | null }): Promise<{ token: string; expiresAt: string }> {
  const ttl = config().MEDIA_TOKEN_TTL_SECONDS;
  const token = await mint({ identity: opts.identity, name: opts.name, ttlSeconds: ttl, role: opts.role, grant: grantsFor(opts.role, opts.roomId, opts.stage ?? null) });
  return { token, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
}

/**
 * The recorder's token (workers/record): subscribe only, hidden, so viewers never see it in the room and it
 * counts as no viewer (LiveKit 1.13.5 still sends its participant webhooks, which lib/media/livekit-webhook.ts
 * ignores by identity). Lives as long as a broadcast can.
 */
export async function recorderToken(opts: { roomId: string; identity: string; ttlSeconds?: number }): Promise<string> {
  const grant = roomGrant(opts.roomId, { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [], hidden: true });
  return mint({ identity: opts.identity, name: "Recorder", ttlSeconds: opts.ttlSeconds ?? 120, role: "recorder", grant });
}

/** The role a participant's token was minted for (its metadata, as webhooks carry it). */
export function tokenRole(participantMetadata: string | undefined): string | null {
  try {
    const v = (JSON.parse(participantMetadata ?? "") as { role?: unknown }).role;
    return typeof v === "string" ? v : null;
  } catch {
    return null;
  }
}

/** When the token a participant joined with was minted (its metadata, as webhooks carry it); 0 when unknown (counts as oldest). */
export function tokenIssuedAt(participantMetadata: string | undefined): number {
  try {
    const v = (JSON.parse(participantMetadata ?? "") as { issuedAt?: unknown }).issuedAt;
    return typeof v === "number" && Number.isFinite(v) ? v : 0;
  } catch {
    return 0;
  }
}
