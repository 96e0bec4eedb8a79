import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createHash } from "node:crypto";
import { AudioStream, RoomEvent, TrackKind, VideoStream, type RemoteParticipant, type RemoteTrack, type Room } from "@livekit/rtc-node";

export const RTMP_PORT = Number(process.env.RTMP_PORT ?? 0);
if (!RTMP_PORT) throw new Error("RTMP_PORT is not set: run with `npm run test:integration`");

export type Push = { child: ChildProcess; exited: Promise<number | null>; stderr: () => string; stop: () => void };

/** ffmpeg standing in for OBS: a moving test pattern with a tone, pushed over RTMP in real time for `seconds`. */
export function pushRtmp(key: string, opts: { seconds?: number; port?: number; size?: string; rate?: number } = {}): Push {
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i", `testsrc2=size=${opts.size ?? "320x240"}:rate=${opts.rate ?? 15}`, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"];
  args.push("-t", String(opts.seconds ?? 12), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", String(opts.rate ?? 15), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k");
  args.push("-f", "flv", `rtmp://127.0.0.1:${opts.port ?? RTMP_PORT}/live/${key}`);
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr?.on("data", (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, exited, stderr: () => err, stop: () => void child.kill("SIGKILL") };
}

/** ffmpeg trying to play an RTMP path; resolves with its exit code and what it said. */
export async function playRtmp(path: string, timeoutMs = 8_000): Promise<{ code: number | null; stderr: string; frames: number }> {
  const child = spawn("ffmpeg", ["-hide_banner", "-nostdin", "-rw_timeout", "5000000", "-i", `rtmp://127.0.0.1:${RTMP_PORT}${path}`, "-t", "1", "-f", "framecrc", "-"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (err += b.toString()));
  const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  clearTimeout(t);
  return { code, stderr: err, frames: out.split("\n").filter((l) => /^\d+,/.test(l)).length };
}

/** What a subscriber received from one participant: frames, distinct pictures, audio frames with sound. */
export type Watch = { video: number; distinct: number; audio: number; loud: number; size: string; sizes: Set<string> };

/** Reads every video and audio track `identity` publishes into `room` (the room must auto-subscribe). */
export function watchParticipant(room: Room, identity: string): Watch {
  const w: Watch = { video: 0, distinct: 0, audio: 0, loud: 0, size: "", sizes: new Set() };
  const seen = new Set<string>();
  const read = async (track: RemoteTrack) => {
    if (track.kind === TrackKind.KIND_VIDEO) {
      const frames = new VideoStream(track).getReader();
      for (;;) {
        const { done, value: ev } = await frames.read();
        if (done) break;
        w.video++;
        w.size = `${ev.frame.width}x${ev.frame.height}`;
        w.sizes.add(w.size);
        // The luma plane's hash: a moving pattern gives a new one nearly every frame.
        const h = createHash("sha1").update(ev.frame.data.subarray(0, ev.frame.width * ev.frame.height)).digest("hex");
        if (!seen.has(h)) {
          seen.add(h);
          w.distinct++;
        }
      }
    } else {
      const frames = new AudioStream(track, 48_000, 1).getReader();
      for (;;) {
        const { done, value: frame } = await frames.read();
        if (done) break;
        w.audio++;
        let peak = 0;
        for (const s of frame.data) peak = Math.max(peak, Math.abs(s));
        if (peak > 1000) w.loud++;
      }
    }
  };
  const onTrack = (track: RemoteTrack, _pub: unknown, p: RemoteParticipant) => {
    if (p.identity === identity) void read(track).catch(() => undefined);
  };
  room.on(RoomEvent.TrackSubscribed, onTrack);
  return w;
}

/** ffmpeg processes whose command line contains every needle (read from /proc). */
export function ffmpegWith(...needles: string[]): { pid: number; ppid: number }[] {
  const out: { pid: number; ppid: number }[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
      if (!cmd[0]?.endsWith("ffmpeg") || !needles.every((n) => cmd.some((a) => a.includes(n)))) continue;
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.push({ pid: Number(d), ppid });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
