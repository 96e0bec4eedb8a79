import { Room, RoomEvent, Track, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication } from "livekit-client";
import { isHostMedia, SECOND_CAMERA } from "@/lib/media/identities";
import { EARLY_MEDIA_ID, type EarlyMedia } from "@/components/player/early-media";

/**
 * The watch page's head start: the server renders the viewer's own media token into the page (early-media.ts),
 * and as soon as the player's code runs in the browser,
 * before React has hydrated the page, the viewer joins the room and shows the host's picture in the
 * server-rendered <video>. The player (useLiveRoom) then adopts this room instead of opening another.
 * Joining waits for nothing else on the page: connecting, ICE and the first keyframe overlap hydration.
 */

type Early = {
  streamId: string;
  token: string;
  room: Room;
  connected: Promise<void>;
  /** The track put into the player's <video> before hydration, and where. */
  shown: { track: RemoteTrack; el: HTMLMediaElement } | null;
  onTrack: (track: RemoteTrack, pub: RemoteTrackPublication, p: RemoteParticipant) => void;
};

let early: Early | null = null;
/**
 * Set once the player has asked for its room: a late start (the handover parsed after the player's effect
 * ran, possible while the page streams in) must not join a second time with the same identity, which
 * LiveKit answers by removing the other participant.
 */
let claimed = false;

function readHandover(): EarlyMedia | null {
  const raw = document.getElementById(EARLY_MEDIA_ID)?.dataset.media;
  if (!raw) return null;
  try {
    const m = JSON.parse(raw) as EarlyMedia;
    // A page restored from the back/forward cache may carry a token near its end: the player asks anew.
    return Date.parse(m.token.expiresAt) > Date.now() + 30_000 ? m : null;
  } catch {
    return null;
  }
}

function start(): void {
  if (claimed || early) return;
  const m = readHandover();
  if (!m) return;
  // For the first-frame bench (bench/ttff-probe.ts): when the join began, against the page's other milestones.
  performance.mark("streamhub:early-join");
  // The same options as the player's own room: the adopted room must behave as one it would have opened.
  const room = new Room({ adaptiveStream: true, dynacast: true });
  const e: Early = {
    streamId: m.streamId,
    token: m.token.token,
    room,
    shown: null,
    // The host's camera or screen, whichever comes first; the player settles which is the main picture.
    onTrack: (track, pub, p) => {
      if (e.shown || track.kind !== Track.Kind.Video || !isHostMedia(p.identity, m.hostId) || pub.trackName === SECOND_CAMERA) return;
      // The player's main <video>, server-rendered: the first picture goes there before hydration.
      const el = document.querySelector<HTMLVideoElement>("video[data-player-main]");
      if (!el) return;
      track.attach(el);
      e.shown = { track, el };
    },
    connected: Promise.resolve(),
  };
  room.on(RoomEvent.TrackSubscribed, e.onTrack);
  e.connected = room.connect(m.token.url, m.token.token, { autoSubscribe: true });
  e.connected.catch(() => undefined); // the player sees the failure when it adopts the room, and retries
  early = e;
}

/**
 * The room joined ahead of hydration with this token, for the player to adopt (once); null when there is
 * none for it. Another stream's or token's early room is left. `settle(main)` hands the <video> over: the
 * track shown early is taken out of it unless it is the player's main picture, which stays without a flicker.
 */
export function adoptEarlyRoom(streamId: string, token: string | undefined): { room: Room; connected: Promise<void>; settle: (main: RemoteTrack | null | undefined) => void } | null {
  const e = early;
  early = null;
  claimed = true;
  performance.mark("streamhub:player-room");
  if (!e) return null;
  e.room.off(RoomEvent.TrackSubscribed, e.onTrack);
  if (e.streamId !== streamId || e.token !== token) {
    e.shown?.track.detach(e.shown.el);
    void e.room.disconnect();
    return null;
  }
  let settled = false;
  return {
    room: e.room,
    connected: e.connected,
    settle: (main) => {
      if (settled) return;
      settled = true;
      if (e.shown && e.shown.track !== main) e.shown.track.detach(e.shown.el);
    },
  };
}

// Runs when the player's code is first evaluated in the browser, which is before React hydrates the player.
// The page's scripts are async and the page may stream in after them: then the handover is watched for,
// and the join starts as soon as it is parsed (before React can hydrate what follows it).
if (typeof window !== "undefined") {
  if (document.getElementById(EARLY_MEDIA_ID) || document.readyState !== "loading") start();
  else {
    const seen = new MutationObserver(() => {
      if (!document.getElementById(EARLY_MEDIA_ID) && document.readyState === "loading") return;
      seen.disconnect();
      start();
    });
    seen.observe(document, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", () => (seen.disconnect(), start()), { once: true });
  }
}
