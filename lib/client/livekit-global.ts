import { earlyGlobals, LIVEKIT_SCRIPT_META } from "@/components/player/early-media";

/**
 * "livekit-client" in the browser bundle (next.config.mjs aliases it here for the browser only; the server
 * render uses the package): the copy loaded as a script of its own (components/player/early-entry.ts), so a
 * page carries livekit-client once, and the watch page's early join and its player share that one copy (the
 * player adopts the early room; rooms and tracks of two copies would not mix).
 *
 * A page loaded in full that uses livekit-client renders <LivekitScript /> (app/_components/livekit-script.tsx):
 * Next then loads the script before it hydrates, and it is here before this module runs. A client-side
 * navigation to such a page from one without it is the exception: the script is fetched here, synchronously,
 * once per tab (from the HTTP cache when it was ever loaded), and run with the page's CSP nonce.
 */
function loadNow(): NonNullable<ReturnType<typeof earlyGlobals>["__streamhubLK"]> {
  const src = document.querySelector<HTMLMetaElement>(`meta[name="${LIVEKIT_SCRIPT_META}"]`)?.content;
  if (!src) throw new Error("livekit-client's script is not known to this page");
  const xhr = new XMLHttpRequest();
  xhr.open("GET", src, false);
  xhr.send();
  if (xhr.status !== 200) throw new Error(`livekit-client's script: HTTP ${xhr.status}`);
  const el = document.createElement("script");
  el.nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";
  // The file is an ES module without imports or exports: as a classic script, in a function of its own so
  // that its top-level names stay off `window`, and strict as a module is.
  el.text = `(function(){"use strict";\n${xhr.responseText}\n})()`;
  document.head.appendChild(el); // an inline script runs as it is inserted
  const lk = earlyGlobals().__streamhubLK;
  if (!lk) throw new Error("livekit-client's script did not load");
  return lk;
}

const lk = earlyGlobals().__streamhubLK ?? loadNow();

export const {
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
} = lk;
