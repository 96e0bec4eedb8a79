/**
 * The watch page's livekit-client script: bundled on its own by esbuild (lib/http/livekit-script.ts), not by
 * Next, and loaded by the page as an async script of its own (app/_components/livekit-script.tsx). It runs as
 * soon as it has arrived, without waiting for Next's runtime, React and the page's modules, so the viewer's
 * join (early-room.ts) starts at about the time a bare livekit-client page would start it. Next's bundle
 * uses this same copy of livekit-client (lib/client/livekit-global.ts), so the page carries it once.
 */
import {
  ConnectionState,
  DisconnectReason,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  Track,
  VideoPreset,
  VideoQuality,
  createLocalAudioTrack,
  createLocalScreenTracks,
  createLocalVideoTrack,
} from "livekit-client";
import { earlyGlobals } from "@/components/player/early-media";
import { adoptEarlyRoom, joinOnHandover, untilFirstPicture } from "@/components/player/early-room";

/** Hydration waits at most this long for the early join's first picture. */
const HOLD_MS = 1500;

/** What the browser bundle uses of livekit-client (lib/client/livekit-global.ts): esbuild leaves the rest out. */
const livekit = {
  ConnectionState,
  DisconnectReason,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  Track,
  VideoPreset,
  VideoQuality,
  createLocalAudioTrack,
  createLocalScreenTracks,
  createLocalVideoTrack,
};
export type LivekitExports = typeof livekit;

const g = earlyGlobals();
// Once per page. After a client-side navigation the file runs twice: first as a classic script
// (livekit-global.ts), then as the page's module tag that React inserts. The first copy stays.
if (!g.__streamhubLK) {
  g.__streamhubLK = livekit;
  g.__streamhubEarly = { adopt: adoptEarlyRoom };
  joinOnHandover();
  holdHydration();
}

/**
 * Next hydrates once its copy of this script (<LivekitScript />, in Next's `beforeInteractive` list) has fired
 * `load`. Hydrating the page (React, the page's modules: hundreds of ms of main thread) while the viewer's
 * WebRTC connection is being set up delays every step of that setup; so that `load` is handed on only once
 * the early join has shown its first picture (or failed, or found nothing to join), and after HOLD_MS at
 * most. The page is server-rendered and visible meanwhile. Next's element is the one without the `async`
 * attribute (the page's own tag has it); it may be in the page already, or come later.
 */
function holdHydration(): void {
  // The page's own tag (<LivekitScript />). Not import.meta.url: the file must also run as a classic script
  // (lib/client/livekit-global.ts, after a client-side navigation), and then there is no such tag.
  const src = document.querySelector<HTMLScriptElement>('script[type="module"][async][src*="/_next/static/lk/"]')?.src;
  if (!src) return;
  const release = Promise.race([untilFirstPicture(), new Promise<void>((r) => setTimeout(r, HOLD_MS))]);
  const hold = (n: Node) => {
    if (!(n instanceof HTMLScriptElement) || n.src !== src || n.hasAttribute("async")) return false;
    const onload = n.onload;
    n.onload = (ev) => void release.then(() => onload?.call(n, ev));
    return true;
  };
  if ([...document.querySelectorAll("script")].some(hold)) return;
  const seen = new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some(hold))) seen.disconnect();
  });
  seen.observe(document.head, { childList: true });
  void release.then(() => seen.disconnect());
}
