import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { LocalVideoTrack, Room, RoomEvent, TrackKind, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource, VideoStream, type RemoteTrack } from "@livekit/rtc-node";
import { confirmEmail } from "../tests/support/mail";
import { stats, sumOverTree, type Stack } from "./harness";
import { readStampLuma, stampI420 } from "./stamp";

/**
 * RTMP ingest figures, in one run against the production build and a real media worker:
 *  - CPU of one RTMP ingest at 720p30: the worker's process tree (node + its ffmpeg), CPU seconds over 15 s
 *    while an encoder pushes 1280x720@30 and one Node viewer subscribes, minus the same tree idle.
 *  - The latency the RTMP path adds over a WebRTC publish: every generated picture carries its capture time
 *    (Date.now(), as 32 black/white blocks across the top, ./stamp). The same generator feeds (a) an x264 encoder pushing
 *    over RTMP (the OBS path: encode, RTMP, decode, re-encode in the worker) and (b) a WebRTC publisher
 *    (@livekit/rtc-node: libwebrtc, the browser's own encoder and transport — the studio/WHIP path). A Node
 *    subscriber on the same clock decodes each path and reads the blocks: latency = arrival − capture.
 *    Added latency = median(RTMP) − median(WebRTC).
 */
const CPU_WINDOW_MS = 15_000;
const LATENCY_WINDOW_MS = 10_000;
const [LW, LH, FPS] = [640, 360, 30];

function ticksOfTree(pid: number): number {
  return sumOverTree(pid, (p) => {
    const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]); // utime, stime
  });
}

/** CPU of a process tree over `ms`, in cores (1.0 = one core busy). */
async function treeCores(pid: number, ms: number): Promise<number> {
  const a = ticksOfTree(pid);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  return (ticksOfTree(pid) - a) / 100 / ((Date.now() - t0) / 1000);
}

async function api<T>(base: string, method: string, p: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${p}`, { method, headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = (await res.json()) as { success: boolean; data: T; error?: unknown };
  if (!json.success) throw new Error(`${p}: ${JSON.stringify(json.error)}`);
  return json.data;
}

/** An I420 picture with `ms` stamped across the top (./stamp), and a moving bar below. */
function stampedFrame(ms: number, n: number): Buffer {
  const buf = Buffer.alloc((LW * LH * 3) / 2);
  stampI420(buf, LW, LH, ms, n);
  return buf;
}

/** The frame's stamp, or null when unreadable. */
function readStamp(frame: VideoFrame): number | null {
  const f = frame.type === VideoBufferType.I420 ? frame : frame.convert(VideoBufferType.I420);
  return readStampLuma(f.getPlane(0) ?? f.data, f.width, f.height);
}

/** Latencies (ms) of stamped pictures arriving from `identity`'s video in `room`. */
function collectLatencies(room: Room, identity: string, epoch: number): number[] {
  const out: number[] = [];
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _p, participant) => {
    if (participant.identity !== identity || track.kind !== TrackKind.KIND_VIDEO) return;
    void (async () => {
      const reader = new VideoStream(track).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const stamp = readStamp(value.frame);
        if (stamp === null) continue;
        const lat = Date.now() - epoch - stamp;
        if (lat >= 0 && lat < 10_000) out.push(lat);
      }
    })().catch(() => undefined);
  });
  return out;
}

/** Feeds stamped pictures at FPS to `sink` for `ms`. */
async function generate(ms: number, epoch: number, sink: (frame: Buffer) => void): Promise<void> {
  const start = Date.now();
  for (let n = 0; Date.now() - start < ms; n++) {
    sink(stampedFrame(Date.now() - epoch, n));
    const due = start + ((n + 1) * 1000) / FPS;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  }
}

function x264ToRtmp(input: string[], url: string, extra: string[] = []): ChildProcess {
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", ...input, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", ...extra];
  args.push("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", url);
  return spawn("ffmpeg", args, { stdio: ["pipe", "ignore", "inherit"] });
}

export async function benchIngest(stack: Stack): Promise<void> {
  const base = stack.url;
  const { worker, rtmpPort } = stack;
  const rooms: Room[] = [];
  const redis = createClient({ url: stack.env.REDIS_URL });
  await redis.connect();
  const children: ChildProcess[] = [];
  try {
    const username = `ingest_${randomBytes(3).toString("hex")}`;
    const { token, user } = await api<{ token: string; user: { id: string } }>(base, "POST", "/api/auth/register", { username, email: `${username}@bench.test`, password: "bench-password" });
    await confirmEmail(`${username}@bench.test`, { sink: stack.mailUrl });
    const live = async (title: string) => {
      const s = await api<{ streamId: string; streamKey: string }>(base, "POST", "/api/livestream/create", { title, category: "technology" }, token);
      await api(base, "POST", `/api/livestream/${s.streamId}/start`, {}, token);
      // Going live also starts the recorder (HLS, thumbnails) on the same worker: cancelled, so the figures
      // are the ingest's alone.
      await redis.hDel("media:jobs", `record:${s.streamId}`);
      await redis.publish("media:cancel", `record:${s.streamId}`);
      return s;
    };
    // One live stream per host: each phase ends its stream before the next starts one.
    const end = (streamId: string) => api(base, "POST", `/api/livestream/${streamId}/end`, {}, token);
    const join = async (streamId: string, as?: string) => {
      const t = await api<{ url: string; token: string }>(base, "POST", `/api/livestream/${streamId}/token`, {}, as);
      const room = new Room();
      await room.connect(t.url, t.token, { autoSubscribe: true, dynacast: true });
      rooms.push(room);
      return room;
    };
    const encoder = `${user.id}:encoder`;
    const rtmpUrl = (key: string) => `rtmp://127.0.0.1:${rtmpPort}/live/${key}`;

    // 1. CPU of one ingest at 720p30.
    await new Promise((r) => setTimeout(r, 3_000));
    const idle = await treeCores(worker.child.pid ?? 0, 8_000);
    const a = await live("Ingest CPU bench");
    const viewerA = await join(a.streamId);
    let frames = 0;
    let size = "";
    viewerA.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _p, participant) => {
      if (participant.identity !== encoder || track.kind !== TrackKind.KIND_VIDEO) return;
      void (async () => {
        const reader = new VideoStream(track).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          frames++;
          size = `${value.frame.width}x${value.frame.height}`;
        }
      })().catch(() => undefined);
    });
    const push = x264ToRtmp(["-re", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30"], rtmpUrl(a.streamKey), ["-t", "40"]);
    children.push(push);
    const deadline = Date.now() + 20_000;
    while (frames < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (frames < 30) throw new Error("the 720p RTMP push never reached the viewer");
    await new Promise((r) => setTimeout(r, 2_000));
    const f0 = frames;
    const busy = await treeCores(worker.child.pid ?? 0, CPU_WINDOW_MS);
    const fps = ((frames - f0) * 1000) / CPU_WINDOW_MS;
    push.kill("SIGKILL");
    await end(a.streamId);
    await new Promise((r) => setTimeout(r, 2_000));

    // 2. Latency: the same stamped pictures over RTMP, then over a WebRTC publish.
    const epoch = Date.now();
    const b = await live("Ingest latency bench (RTMP)");
    const viewerB = await join(b.streamId);
    const overRtmp = collectLatencies(viewerB, encoder, epoch);
    const feed = x264ToRtmp(["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", `${LW}x${LH}`, "-r", String(FPS), "-i", "pipe:0"], rtmpUrl(b.streamKey));
    children.push(feed);
    feed.stdin?.on("error", () => undefined);
    await generate(3_000 + LATENCY_WINDOW_MS, epoch, (f) => feed.stdin?.write(f));
    feed.kill("SIGKILL");
    await end(b.streamId);

    const c = await live("Ingest latency bench (WebRTC)");
    const viewerC = await join(c.streamId);
    const overWebrtc = collectLatencies(viewerC, user.id, epoch);
    const host = await join(c.streamId, token);
    const source = new VideoSource(LW, LH);
    await host.localParticipant?.publishTrack(LocalVideoTrack.createVideoTrack("camera", source), new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA, simulcast: true }));
    await generate(3_000 + LATENCY_WINDOW_MS, epoch, (f) => source.captureFrame(new VideoFrame(new Uint8Array(f.buffer, f.byteOffset, f.byteLength), LW, LH, VideoBufferType.I420)));

    // The first seconds (the RTMP server's GOP burst, bandwidth estimation ramping) are left out.
    const settle = (xs: number[]) => xs.slice(Math.floor(xs.length * 0.25));
    const r = stats(settle(overRtmp));
    const w = stats(settle(overWebrtc));
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    process.stdout.write(`\nRTMP ingest: CPU at 720p30 (media worker process tree, ${CPU_WINDOW_MS / 1000} s, one viewer receiving ${size} at ${fps.toFixed(1)} fps)\n`);
    process.stdout.write(`  idle ${pct(idle)} of a core, ingesting ${pct(busy)} → ${pct(busy - idle)} of a core per 720p30 ingest\n`);
    process.stdout.write(`RTMP ingest: latency, capture → decoded at a subscriber (ms), ${LW}x${LH}@${FPS}, stamped pictures\n`);
    process.stdout.write(`  RTMP path      n ${r.n}  median ${r.median}  p95 ${r.p95}  min ${r.min}  max ${r.max}\n`);
    process.stdout.write(`  WebRTC publish n ${w.n}  median ${w.median}  p95 ${w.p95}  min ${w.min}  max ${w.max}\n`);
    process.stdout.write(`  added by the RTMP path: median ${r.median - w.median} ms, p95 ${r.p95 - w.p95} ms\n`);
  } finally {
    for (const ch of children) ch.kill("SIGKILL");
    for (const room of rooms) await room.disconnect().catch(() => undefined);
    await redis.quit().catch(() => undefined);
  }
}
