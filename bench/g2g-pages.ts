import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./harness";

/**
 * The browser side of the glass-to-glass bench, as plain JavaScript for `addInitScript` (with STAMP_JS
 * from ./stamp loaded first).
 *
 * Publisher: the page's camera becomes a W×H canvas redrawn FPS times a second with the time of drawing
 * (Date.now() − epoch); `captureStream(0)` + `requestFrame()` sends exactly one frame per drawing. Only
 * getUserMedia's video is replaced: the studio asks for its camera as usual and publishes it through its
 * own code (preset, simulcast, token); audio stays the fake microphone.
 */
export function publisherScript(epoch: number, W: number, H: number, fps: number): string {
  return `(() => {
  const md = navigator.mediaDevices;
  const orig = md.getUserMedia.bind(md);
  const canvasTrack = () => {
    const c = document.createElement("canvas");
    c.width = ${W}; c.height = ${H};
    const ctx = c.getContext("2d", { alpha: false });
    const track = c.captureStream(0).getVideoTracks()[0];
    let n = 0;
    const timer = setInterval(() => {
      if (track.readyState === "ended") return clearInterval(timer);
      window.__stampDraw(ctx, ${W}, ${H}, (Date.now() - ${epoch}) >>> 0, n++);
      track.requestFrame();
    }, ${1000 / fps});
    return track;
  };
  md.getUserMedia = async (c) => {
    if (!c || !c.video) return orig(c);
    const audio = c.audio ? (await orig({ audio: c.audio })).getAudioTracks() : [];
    return new MediaStream([canvasTrack(), ...audio]);
  };
})();`;
}

/**
 * Viewer: on every frame the player's <video> presents (requestVideoFrameCallback) it reads the stamp and
 * records [shown − drawn, received − drawn, width, height] in window.__g2g.samples (ms; received is −1
 * where the frame did not come over WebRTC). "Shown" is the frame's expectedDisplayTime and "received" the
 * arrival of its last packet, both moved from the page's monotonic clock to the wall clock the publisher
 * stamped with. Frames whose two bands disagree count in window.__g2g.bad. Only videos matching `selector`
 * are read: a WebRTC window must not count frames of the player's HLS fallback.
 */
export function viewerProbe(epoch: number, selector: string): string {
  return `window.__g2g = { samples: [], bad: 0 };
(() => {
  const hook = (v) => {
    const cb = (_now, meta) => {
      const wall = Date.now() - performance.now();
      const stamp = window.__stampRead(v);
      const g = window.__g2g;
      if (stamp === null) g.bad++;
      else {
        const drawn = ${epoch} + stamp;
        g.samples.push([wall + meta.expectedDisplayTime - drawn, meta.receiveTime > 0 ? wall + meta.receiveTime - drawn : -1, meta.width, meta.height]);
      }
      v.requestVideoFrameCallback(cb);
    };
    v.requestVideoFrameCallback(cb);
  };
  new MutationObserver(() => {
    for (const v of document.querySelectorAll(${JSON.stringify(selector)})) {
      if (!v.__g2g) { v.__g2g = true; hook(v); }
    }
  }).observe(document, { childList: true, subtree: true });
})();`;
}

/**
 * The baseline viewer: a static page with livekit-client alone, its token handed over in the URL. `width`: the
 * video's CSS width — g2g makes it as wide as the page (as the watch page's player) so adaptive stream asks
 * for a similar layer; ttff keeps its historical 640px.
 */
export function bareViewerServer(width = "100%"): Promise<{ url: string; close: () => void }> {
  const lib = fs.readFileSync(path.join(ROOT, "node_modules/livekit-client/dist/livekit-client.esm.mjs"));
  const page = `<!doctype html><html><body style="margin:0"><video id="bare" autoplay playsinline muted style="width:${width}"></video>
<script type="module">
import { Room, RoomEvent } from "/livekit-client.mjs";
const q = new URLSearchParams(location.search);
const room = new Room({ adaptiveStream: true, dynacast: true });
room.on(RoomEvent.TrackSubscribed, (t) => { if (t.kind === "video") t.attach(document.getElementById("bare")); });
await room.connect(q.get("url"), q.get("token"));
</script></body></html>`;
  const srv = http.createServer((req, res) => {
    if (req.url?.startsWith("/livekit-client.mjs")) res.writeHead(200, { "Content-Type": "text/javascript" }).end(lib);
    else res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  });
  return new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(srv.address() as { port: number }).port}`, close: () => srv.close() })));
}
