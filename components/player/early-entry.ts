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

/**
 * Hydration waits at most this long for the early join's first picture. On a slow device the join takes
 * seconds, and hydrating meanwhile shares its main thread (bench/ttff.ts on a slow day, 12 loads per run: the
 * median first frame 1.55–1.99× the bare page's with 1.5 s here, 1.27–1.69× with 4 s; README, "Hydration's
 * wait"). The viewer's first press ends the wait at once (firstPress below), so a longer wait costs no click.
 */
const HOLD_MS = 4000;

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
 * the early join has shown its first picture (or failed, or found nothing to join), or the viewer has pressed
 * something, and after HOLD_MS at most. The page is server-rendered and visible meanwhile. Next's element is
 * the one without the `async` attribute (the page's own tag has it); it may be in the page already, or come
 * later.
 */
function holdHydration(): void {
  // The page's own tag (<LivekitScript />). Not import.meta.url: the file must also run as a classic script
  // (lib/client/livekit-global.ts, after a client-side navigation), and then there is no such tag.
  const src = document.querySelector<HTMLScriptElement>('script[type="module"][async][src*="/_next/static/lk/"]')?.src;
  if (!src) return;
  const pressWatch = new AbortController();
  const release = Promise.race([
    untilFirstPicture().then(() => "picture"),
    firstPress(pressWatch.signal).then(() => "press"),
    new Promise<string>((r) => setTimeout(() => r("timeout"), HOLD_MS)),
  ]).then((why) => {
    pressWatch.abort();
    // For the first-frame bench and the tests: when hydration was let go, and why.
    performance.mark("streamhub:hydrate", { detail: why });
  });
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

/**
 * The viewer's first press (pointer, touch or key), seen before the page's own handlers. Hydration then starts
 * in the same task, before the click that follows a press: React, hydrating, hydrates the clicked element at
 * once and hands it that click, so a button pressed during the wait still works (e2e/watch-first-frame.spec.ts).
 */
function firstPress(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    for (const t of ["pointerdown", "touchstart", "keydown"]) addEventListener(t, () => resolve(), { capture: true, passive: true, signal });
  });
}
