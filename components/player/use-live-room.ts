"use client";

import { useEffect, useRef, useState } from "react";
import { ConnectionState, DisconnectReason, Room, RoomEvent, Track, type RemoteTrackPublication } from "livekit-client";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import type { MediaToken } from "@/lib/media/schemas";
import { encoderIdentity, isHostMedia, screenTile, SECOND_CAMERA, secondCameraTile } from "@/lib/media/identities";
import type { Tile } from "@/lib/guests/stage-layout";
import { adoptEarlyRoom } from "@/components/player/early-handle";

export type Phase = "connecting" | "live" | "host-away" | "starting-soon" | "ended" | "no-access" | "banned" | "error" | "unlocking" | "media-down";

/** Refusals a purchase lifts: the player offers the ticket or the subscription. */
export const GATES = new Set(["TICKET_REQUIRED", "SUBSCRIBERS_ONLY"]);
/** After Checkout, Stripe's webhook grants the access within seconds: the player asks again this often, this long. */
const UNLOCK_EVERY_MS = 2000;
const UNLOCK_FOR_MS = 30_000;

export type LiveRoom = {
  phase: Phase;
  message: string | null;
  reconnecting: boolean;
  room: Room | null;
  /** The main picture (screen share when there is one, else the camera) and the camera as picture-in-picture. */
  main: RemoteTrackPublication | null;
  pip: RemoteTrackPublication | null;
  audioBlocked: boolean;
  /** Whether the host's video was seen in this session: "reconnecting" then, "waiting" before. */
  hostSeen: boolean;
  /** Why the server refused the media token (code and details), when it did. */
  refusal: { code: string; details?: unknown } | null;
  /** Every video on the stage (host's cameras and screen, guests'), for the layout to arrange. */
  tiles: Tile<RemoteTrackPublication>[];
};

type Options = {
  /** Back from a Checkout that succeeded: a ticket or subscription refusal is retried until the webhook lands. */
  unlocking?: boolean;
  /** Called when access refused for a ticket or subscription was granted (the chat joins again). */
  onUnlocked?: () => void;
  /**
   * The viewer's own socket said they were banned from this stream (`banned`): the quickest word of a ban.
   * The picture stops now; the server's removal from the room (a LiveKit API call or two) follows.
   */
  banned?: boolean;
};

const RETRY_MS = [1000, 2000, 4000, 8000, 15000];
/** The SFU is down or restarting (token refused with MEDIA_SERVER_UNAVAILABLE): ask again this often, to be back soon after it. */
const MEDIA_DOWN_RETRY_MS = 2000;

/**
 * Every subscribed, unmuted video in the room as a stage tile: only the host and guests on stage can
 * publish, so whoever publishes is on the stage. The host's two identities (studio, encoder) are one.
 */
function stageTiles(room: Room, hostId: string, screenSource: string): Tile<RemoteTrackPublication>[] {
  return [...room.remoteParticipants.values()].flatMap((p) => {
    const host = isHostMedia(p.identity, hostId);
    const who = host ? hostId : p.identity;
    return [...p.videoTrackPublications.values()]
      .filter((pub) => pub.isSubscribed && pub.track && !pub.isMuted)
      .map((pub): Tile<RemoteTrackPublication> => {
        const source = pub.source === screenSource ? "screen" : pub.trackName === SECOND_CAMERA ? "camera-2" : "camera";
        const key = source === "screen" ? screenTile(who) : source === "camera-2" ? secondCameraTile(who) : who;
        return { key, identity: who, host, source, media: pub };
      });
  });
}

/**
 * Joins a stream's LiveKit room as a viewer (adaptive stream + dynacast) and follows it: which tracks the
 * host publishes, whether the host is away, reconnection, and the end of the stream (room deleted).
 * With a token rendered into the page, the room was joined before hydration (early-room.ts): it is adopted.
 */
export function useLiveRoom(streamId: string, hostId: string, enabled: boolean, initialToken?: MediaToken | null, opts: Options = {}): LiveRoom {
  const [state, setState] = useState<LiveRoom>({ phase: "connecting", message: null, reconnecting: false, room: null, main: null, pip: null, audioBlocked: true, hostSeen: false, refusal: null, tiles: [] });
  const attempt = useRef(0);
  const prefetched = useRef(initialToken ?? null);
  const unlocking = Boolean(opts.unlocking);
  const unlockUntil = useRef(0);
  const gated = useRef(false);
  const onUnlocked = useRef(opts.onUnlocked);
  useEffect(() => {
    onUnlocked.current = opts.onUnlocked;
  }, [opts.onUnlocked]);

  // Banned: the room is left (the effect below ends) and the player shows why.
  const active = enabled && !opts.banned;
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let room: Room | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const set = (patch: Partial<LiveRoom>) => !cancelled && setState((s) => ({ ...s, ...patch }));

    const retry = (ms: number) => {
      if (cancelled) return;
      timer = setTimeout(() => void connect(), ms);
    };

    /**
     * The server took this viewer out of the room (a ban, most often): the picture stops at once, and the
     * token endpoint, asked once, says whether it was a ban. No reconnection: it would only be refused.
     */
    async function whyRemoved() {
      set({ phase: "no-access", message: "You were removed from this stream" });
      try {
        await endpoints.streams.mediaToken(streamId);
      } catch (err) {
        if (cancelled || !(err instanceof LiveStreamError)) return;
        if (err.code === "BANNED") set({ phase: "banned", message: err.message });
        else if (err.status === 401 || err.status === 403) set({ message: err.message });
      }
    }

    async function connect() {
      if (unlocking && !unlockUntil.current) unlockUntil.current = Date.now() + UNLOCK_FOR_MS;
      if (!gated.current) set({ phase: "connecting", message: null });
      let tok: MediaToken;
      // The page may carry a token rendered with it (saves a round trip); it is used once, then fetched.
      const ready = prefetched.current && Date.parse(prefetched.current.expiresAt) > Date.now() + 30_000 ? prefetched.current : null;
      prefetched.current = null;
      // The room joined with that token before hydration, if any (any other early room is left).
      const adopted = adoptEarlyRoom(streamId, ready?.token);
      try {
        tok = ready ?? (await endpoints.streams.mediaToken(streamId));
      } catch (err) {
        if (cancelled) return;
        if (err instanceof LiveStreamError) {
          if (err.code === "STREAM_NOT_LIVE") return (set({ phase: "starting-soon" }), retry(5000));
          if (err.code === "STREAM_ENDED") return set({ phase: "ended" });
          if (err.code === "BANNED") return set({ phase: "banned", message: err.message });
          if (err.code === "MEDIA_SERVER_UNAVAILABLE") return (set({ phase: "media-down", message: null }), retry(MEDIA_DOWN_RETRY_MS));
          const refusal = { code: err.code, details: err.details };
          if (GATES.has(err.code)) {
            gated.current = true;
            if (Date.now() < unlockUntil.current) return (set({ phase: "unlocking", message: null, refusal }), retry(UNLOCK_EVERY_MS));
            const late = unlockUntil.current > 0;
            return set({ phase: "no-access", message: late ? "Your payment is still being confirmed. Reload the page in a minute." : null, refusal });
          }
          if (err.status === 401 || err.status === 403) return set({ phase: "no-access", message: err.message, refusal });
          if (err.status === 404) return set({ phase: "error", message: err.message });
        }
        set({ phase: "error", message: "Could not reach the stream; retrying…" });
        return retry(RETRY_MS[Math.min(attempt.current++, RETRY_MS.length - 1)] ?? 15000);
      }
      if (cancelled) return;
      set({ refusal: null });
      if (gated.current) {
        gated.current = false;
        onUnlocked.current?.();
      }
      room = adopted?.room ?? new Room({ adaptiveStream: true, dynacast: true });

      const refresh = () => {
        if (!room) return;
        // The host's media: from the studio (the host's identity) or from OBS (the encoder identity, WHIP or RTMP).
        const pubs = [hostId, encoderIdentity(hostId)].flatMap((who) => [...(room?.remoteParticipants.get(who)?.trackPublications.values() ?? [])]);
        const screen = pubs.find((p) => p.source === Track.Source.ScreenShare && p.isSubscribed && p.track) ?? null;
        const cams = pubs.filter((p) => p.source === Track.Source.Camera && p.isSubscribed && p.track);
        const camera = cams.find((p) => p.trackName !== SECOND_CAMERA) ?? cams[0] ?? null;
        const main = screen ?? camera;
        adopted?.settle(main?.track);
        set({ main, pip: screen && camera && !camera.isMuted ? camera : null, phase: main ? "live" : "host-away", audioBlocked: !room.canPlaybackAudio, tiles: stageTiles(room, hostId, Track.Source.ScreenShare) });
        if (main) set({ hostSeen: true });
      };

      room
        .on(RoomEvent.TrackSubscribed, refresh)
        .on(RoomEvent.TrackUnsubscribed, refresh)
        .on(RoomEvent.TrackMuted, refresh)
        .on(RoomEvent.TrackUnmuted, refresh)
        .on(RoomEvent.ParticipantConnected, refresh)
        .on(RoomEvent.ParticipantDisconnected, refresh)
        .on(RoomEvent.AudioPlaybackStatusChanged, refresh)
        // Resuming the signal connection comes first (SignalReconnecting), a full reconnection after it (Reconnecting).
        .on(RoomEvent.SignalReconnecting, () => set({ reconnecting: true }))
        .on(RoomEvent.Reconnecting, () => set({ reconnecting: true }))
        .on(RoomEvent.Reconnected, () => set({ reconnecting: false }))
        .on(RoomEvent.Disconnected, (reason) => {
          if (cancelled) return;
          set({ room: null, main: null, pip: null, reconnecting: false, tiles: [] });
          if (reason === DisconnectReason.ROOM_DELETED) set({ phase: "ended" });
          else if (reason === DisconnectReason.PARTICIPANT_REMOVED) void whyRemoved();
          // One browser (or account) is one participant: a second tab joining takes over, and retrying here would take it back.
          else if (reason === DisconnectReason.DUPLICATE_IDENTITY) set({ phase: "no-access", message: "This stream is playing in another tab or window" });
          else retry(RETRY_MS[Math.min(attempt.current++, RETRY_MS.length - 1)] ?? 15000);
        });

      try {
        await (adopted ? adopted.connected : room.connect(tok.url, tok.token, { autoSubscribe: true }));
        // The early room may have been dropped before it was adopted (its events went unheard): join anew.
        if (room.state === ConnectionState.Disconnected) throw new Error("disconnected before adoption");
      } catch {
        if (cancelled) return;
        // A room that no longer exists means the stream ended; the token endpoint says so on retry.
        return retry(RETRY_MS[Math.min(attempt.current++, RETRY_MS.length - 1)] ?? 15000);
      }
      if (cancelled) {
        void room.disconnect();
        return;
      }
      attempt.current = 0;
      set({ room });
      refresh();
    }

    void connect();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      void room?.disconnect();
    };
  }, [streamId, hostId, active, unlocking]);

  return opts.banned ? { ...state, phase: "banned", message: null, reconnecting: false, room: null, main: null, pip: null, tiles: [] } : state;
}
