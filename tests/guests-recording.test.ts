import { spawnSync } from "node:child_process";
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { dispose, TrackKind, type Room } from "@livekit/rtc-node";
import { call, newUser } from "./support/http";
import { act, createStream, type Ok } from "./support/streams";
import { goOnAir, until } from "./support/media";
import { joinRoom, publishCamera } from "./support/rtc";

/**
 * The recording (and live HLS) carries the stage as the host laid it out: a dark host and a white guest side
 * by side put the guest's white in the right half of the recorded picture; spotlight on the guest fills the
 * centre with it. Read back from the live HLS segments the media worker writes.
 */
after(async () => {
  await dispose();
});

/** The newest live segment's first frame as 64×36 grey levels, or null while there is none. */
async function newestFrame(hlsUrl: string): Promise<Uint8Array | null> {
  const r = await fetch(hlsUrl);
  if (r.status !== 200) return null;
  const segs = (await r.text()).match(/seg_\d+\.ts/g) ?? [];
  const seg = segs.at(-1);
  if (!seg) return null;
  const out = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", new URL(seg, hlsUrl).toString(), "-frames:v", "1", "-vf", "scale=64:36,format=gray", "-f", "rawvideo", "pipe:1"], { timeout: 20_000, maxBuffer: 1 << 20 });
  return out.status === 0 && out.stdout.length === 64 * 36 ? new Uint8Array(out.stdout) : null;
}

/** Mean grey level of a box of the 64×36 picture. */
function mean(f: Uint8Array, x0: number, x1: number, y0: number, y1: number): number {
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      sum += f[y * 64 + x]!;
      n++;
    }
  }
  return sum / n;
}

test("the live HLS follows the host's layout: guest beside the host, then in the spotlight", { timeout: 120_000 }, async (t) => {
  const host = await newUser("rgh");
  const guest = await newUser("rgg");
  const s = await createStream(host);
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  const onAir = await goOnAir(host, s.streamId);
  const rooms: Room[] = [];
  let stopGuest = () => undefined as void;
  t.after(async () => {
    stopGuest();
    for (const r of rooms) await r.disconnect().catch(() => undefined);
    await act(host, s.streamId, "end");
    await onAir.stop();
  });

  assert.equal((await call("POST", `/api/livestream/${s.streamId}/guests`, { token: host.token, json: { userId: guest.id } })).status, 201);
  assert.equal((await call("POST", `/api/livestream/${s.streamId}/invite/respond`, { token: guest.token, json: { accept: true } })).status, 200);
  const tok = await call<Ok<{ url: string; token: string }>>("POST", `/api/livestream/${s.streamId}/token`, { token: guest.token });
  const guestRoom = await joinRoom(tok.body.data.url, tok.body.data.token);
  rooms.push(guestRoom);
  stopGuest = await publishCamera(guestRoom, { luma: 235 });

  const layout = (mode: string, primary: string | null) => call("PUT", `/api/livestream/${s.streamId}/layout`, { token: host.token, json: { mode, primary, cameras: ["camera"] } });
  assert.equal((await layout("side_by_side", null)).status, 200);
  // Host (dark, luma 60 with a moving bar) on the left, the guest (white) on the right.
  const side = await until("a recorded frame with the guest on the right", async () => {
    const f = await newestFrame(s.urls.hls);
    return f && mean(f, 40, 56, 14, 22) > 180 && mean(f, 8, 24, 14, 22) < 140 ? f : null;
  }, 40_000, 1000);
  console.log(`# side by side: left ${mean(side, 8, 24, 14, 22).toFixed(0)}, right ${mean(side, 40, 56, 14, 22).toFixed(0)}`);

  assert.equal((await layout("spotlight", guest.id)).status, 200);
  const spot = await until("a recorded frame with the guest in the spotlight", async () => {
    const f = await newestFrame(s.urls.hls);
    return f && mean(f, 16, 40, 8, 20) > 180 ? f : null;
  }, 40_000, 1000);
  // The host's thumbnail in the bottom-right corner, darker than the guest around it.
  console.log(`# spotlight: centre ${mean(spot, 16, 40, 8, 20).toFixed(0)}, bottom right ${mean(spot, 50, 62, 28, 34).toFixed(0)}`);
  assert.ok(mean(spot, 50, 62, 28, 34) < 180, "the host's tile in the corner");
});

test("multi-camera: the host's second camera replaces or joins the first, as the layout says", { timeout: 120_000 }, async (t) => {
  const host = await newUser("rgm");
  const s = await createStream(host);
  assert.equal((await act(host, s.streamId, "start")).status, 200);
  const onAir = await goOnAir(host, s.streamId);
  // The same connection publishes a second, white camera beside the dark first one.
  const stop2 = await publishCamera(onAir.room, { name: "camera-2", luma: 235 });
  t.after(async () => {
    stop2();
    await act(host, s.streamId, "end");
    await onAir.stop();
  });
  // A viewer receives both of the host's cameras, told apart by their names.
  const viewer = await newUser("rgv");
  const vt = await call<Ok<{ url: string; token: string }>>("POST", `/api/livestream/${s.streamId}/token`, { token: viewer.token });
  const watcher = await joinRoom(vt.body.data.url, vt.body.data.token);
  t.after(() => watcher.disconnect());
  const names = () => [...(watcher.remoteParticipants.get(host.id)?.trackPublications.values() ?? [])].filter((p) => p.kind === TrackKind.KIND_VIDEO).map((p) => `${p.name}:${p.source}`);
  await until("both cameras at a viewer", async () => names().length === 2, 15_000).catch(() => undefined);
  console.log(`# the viewer sees the host's video tracks: ${names().join(", ")}`);
  assert.deepEqual(names().map((n) => n.split(":")[0]).sort(), ["camera", "camera-2"]);

  const layout = (mode: string, cameras: string[]) => call("PUT", `/api/livestream/${s.streamId}/layout`, { token: host.token, json: { mode, primary: null, cameras } });

  assert.equal((await layout("spotlight", ["camera-2"])).status, 200);
  await until("a recorded frame of camera 2 alone", async () => {
    const f = await newestFrame(s.urls.hls);
    return f && mean(f, 16, 48, 8, 28) > 180 ? f : null;
  }, 40_000, 1000);

  assert.equal((await layout("side_by_side", ["camera", "camera-2"])).status, 200);
  const both = await until("a recorded frame of both cameras", async () => {
    const f = await newestFrame(s.urls.hls);
    return f && mean(f, 8, 24, 14, 22) < 140 && mean(f, 40, 56, 14, 22) > 180 ? f : null;
  }, 40_000, 1000);
  console.log(`# two cameras side by side: left ${mean(both, 8, 24, 14, 22).toFixed(0)}, right ${mean(both, 40, 56, 14, 22).toFixed(0)}`);
});
