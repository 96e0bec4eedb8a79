import { Room, RoomEvent, Track, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication } from "livekit-client";
import { isHostMedia, SECOND_CAMERA } from "@/lib/media/identities";
import { EARLY_MEDIA_ID, earlyGlobals, type EarlyMedia, type EarlyRoom } from "@/components/player/early-media";

/**
 * The watch page's head start: the server renders the viewer's own media token into the page (early-media.ts),
 * and as soon as the page's livekit-client script has run (early-entry.ts, its own script, outside Next's
 * chunks), before Next has even bootstrapped, the viewer joins the room and shows the host's picture in the
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

/** Settles when the early join has shown its first picture, or failed, or found nothing to join. */
let pictureShown: () => void = () => undefined;
const firstPicture = new Promise<void>((resolve) => (pictureShown = resolve));
export function untilFirstPicture(): Promise<void> {
  return firstPicture;
}

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
  // Claimed (early-media.ts): the player has asked for its room. A late start (the handover parsed after the
  // player's effect ran, possible while the page streams in) must not join a second time with the same
  // identity, which LiveKit answers by removing the other participant.
  if (earlyGlobals().__streamhubEarlyClaimed || early) return pictureShown();
  const m = readHandover();
  if (!m) return pictureShown();
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
      // Firefox before 132 has no requestVideoFrameCallback: the first decoded data then.
      const video: HTMLVideoElement = el;
      if (typeof video.requestVideoFrameCallback === "function") video.requestVideoFrameCallback(() => pictureShown());
      else video.addEventListener("loadeddata", () => pictureShown(), { once: true });
    },
    connected: Promise.resolve(),
  };
  room.on(RoomEvent.TrackSubscribed, e.onTrack);
  e.connected = room.connect(m.token.url, m.token.token, { autoSubscribe: true });
  e.connected.catch(() => pictureShown()); // the player sees the failure when it adopts the room, and retries
  early = e;
}

/**
 * The room joined ahead of hydration with this token, for the player to adopt (once); null when there is
 * none for it. Another stream's or token's early room is left. `settle(main)` hands the <video> over: the
 * track shown early is taken out of it unless it is the player's main picture, which stays without a flicker.
 */
export function adoptEarlyRoom(streamId: string, token: string | undefined): EarlyRoom | null {
  const e = early;
  early = null;
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

/**
 * Called once, when the page's livekit-client script runs (early-entry.ts): that script is async and the page
 * may stream in after it, so the handover is watched for, and the join starts as soon as it is parsed.
 */
export function joinOnHandover(): void {
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
