import { AccessToken, TrackSource, type VideoGrant } from "livekit-server-sdk";
import { config } from "@/lib/config";

export type MediaRole = "host" | "viewer";

/**
 * An encoder's token (OBS over WHIP, the RTMP ingest job): camera and microphone into one room, nothing
 * else (no data, no subscribing). Short-lived: LiveKit checks it when the encoder connects.
 */
export async function encoderToken(opts: { roomId: string; identity: string; name: string; ttlSeconds?: number }): Promise<string> {
  const cfg = config();
  const at = new AccessToken(cfg.LIVEKIT_API_KEY, cfg.LIVEKIT_API_SECRET, { identity: opts.identity, name: opts.name, ttl: opts.ttlSeconds ?? 120, metadata: JSON.stringify({ role: "encoder" }) });
  at.addGrant({
    room: opts.roomId,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    roomRecord: false,
    canSubscribe: false,
    canPublish: true,
    canPublishData: false,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    canUpdateOwnMetadata: false,
    hidden: false,
  });
  return at.toJwt();
}

/**
 * Every grant is set explicitly: LiveKit treats an omitted canPublish as true. Hosts publish camera,
 * microphone and screen; viewers only subscribe. Viewers are not `hidden`: a hidden participant is left out
 * of other participants' room state, and viewers are part of the room (their webhooks keep presence true).
 */
export function grantsFor(role: MediaRole, roomId: string): VideoGrant {
  const host = role === "host";
  return {
    room: roomId,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    roomRecord: false,
    canSubscribe: true,
    canPublish: host,
    canPublishData: host,
    canPublishSources: host ? [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO] : [],
    canUpdateOwnMetadata: false,
    hidden: false,
  };
}

/** A short-lived JWT for one room (LiveKit checks it at connect and refreshes it for connected clients). */
export async function roomToken(opts: { roomId: string; identity: string; name: string; role: MediaRole }): Promise<{ token: string; expiresAt: string }> {
  const cfg = config();
  const ttl = cfg.MEDIA_TOKEN_TTL_SECONDS;
  const at = new AccessToken(cfg.LIVEKIT_API_KEY, cfg.LIVEKIT_API_SECRET, { identity: opts.identity, name: opts.name, ttl, metadata: JSON.stringify({ role: opts.role }) });
  at.addGrant(grantsFor(opts.role, opts.roomId));
  return { token: await at.toJwt(), expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
}

/**
 * The recorder's token (workers/record): subscribe only, hidden, so viewers never see it in the room and it
 * counts as no viewer (LiveKit 1.13.5 still sends its participant webhooks, which lib/media/livekit-webhook.ts
 * ignores by identity). Lives as long as a broadcast can.
 */
export async function recorderToken(opts: { roomId: string; identity: string; ttlSeconds?: number }): Promise<string> {
  const cfg = config();
  const at = new AccessToken(cfg.LIVEKIT_API_KEY, cfg.LIVEKIT_API_SECRET, { identity: opts.identity, name: "Recorder", ttl: opts.ttlSeconds ?? 120, metadata: JSON.stringify({ role: "recorder" }) });
  at.addGrant({
    room: opts.roomId,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    roomRecord: false,
    canSubscribe: true,
    canPublish: false,
    canPublishData: false,
    canPublishSources: [],
    canUpdateOwnMetadata: false,
    hidden: true,
  });
  return at.toJwt();
}
