import { spawnSync } from "node:child_process";
import { AudioFrame, AudioSource, LocalAudioTrack, LocalVideoTrack, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource, type Room } from "@livekit/rtc-node";
import { BASE, call, type TestUser } from "./http";
import { joinRoom } from "./rtc";
import type { Ok } from "./streams";

/**
 * A host publishing like a studio would: a 320x240 camera whose picture changes every frame (a moving bar,
 * so encoders see motion) at 20 fps, and a 440 Hz tone on the microphone. Returns a stop function.
 */
export async function publishHostMedia(room: Room): Promise<() => void> {
  const [w, h] = [320, 240];
  const video = new VideoSource(w, h);
  await room.localParticipant?.publishTrack(LocalVideoTrack.createVideoTrack("camera", video), new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA, simulcast: false }));
  const audio = new AudioSource(48_000, 1);
  await room.localParticipant?.publishTrack(LocalAudioTrack.createAudioTrack("mic", audio), new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
  let n = 0;
  const frame = new Uint8Array((w * h * 3) / 2);
  const vt = setInterval(() => {
    frame.fill(60, 0, w * h);
    const x = (n * 4) % w;
    for (let y = 0; y < h; y++) frame.fill(230, y * w + x, y * w + Math.min(w, x + 16));
    frame.fill(128, w * h);
    video.captureFrame(new VideoFrame(frame, w, h, VideoBufferType.I420));
    n++;
  }, 50);
  let phase = 0;
  const at = setInterval(() => {
    const samples = new Int16Array(480);
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * phase++) / 48_000));
    void audio.captureFrame(new AudioFrame(samples, 48_000, 1, samples.length)).catch(() => undefined);
  }, 10);
  return () => {
    clearInterval(vt);
    clearInterval(at);
  };
}

type Token = { url: string; token: string };

/** Joins the stream's room as its host (the host's media token) and publishes camera and microphone. */
export async function goOnAir(host: TestUser, streamId: string): Promise<{ room: Room; stop: () => Promise<void> }> {
  const t = await call<Ok<Token>>("POST", `/api/livestream/${streamId}/token`, { token: host.token });
  if (t.status !== 200) throw new Error(`host token: ${t.status}`);
  const room = await joinRoom(t.body.data.url, t.body.data.token);
  const stopMedia = await publishHostMedia(room);
  return {
    room,
    stop: async () => {
      stopMedia();
      await room.disconnect();
    },
  };
}

export type Probed = { duration: number; video: boolean; audio: boolean };

/** ffprobe on a URL of the app (headers as ffprobe sends them). */
export function ffprobe(url: string, headers: Record<string, string> = {}): Probed {
  const h = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  const r = spawnSync("ffprobe", ["-v", "error", ...(h ? ["-headers", h] : []), "-show_entries", "format=duration:stream=codec_type", "-of", "json", url.startsWith("http") ? url : `${BASE}${url}`], { encoding: "utf8", timeout: 30_000 });
  const j = JSON.parse(r.stdout || "{}") as { format?: { duration?: string }; streams?: { codec_type: string }[] };
  return { duration: Number(j.format?.duration ?? 0), video: Boolean(j.streams?.some((s) => s.codec_type === "video")), audio: Boolean(j.streams?.some((s) => s.codec_type === "audio")) };
}

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 300): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** What the picture and sound of a media URL look like: mean luma of the frames after `fromSecond`, mean volume (dB). */
export function signal(url: string, fromSecond = 2): { meanLuma: number; meanVolumeDb: number } {
  const r = spawnSync("ffmpeg", ["-hide_banner", "-ss", String(fromSecond), "-i", url, "-vf", "signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-", "-af", "volumedetect", "-f", "null", "-"], { encoding: "utf8", timeout: 60_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  const lumas = [...out.matchAll(/YAVG=([\d.]+)/g)].map((m) => Number(m[1]));
  return { meanLuma: lumas.reduce((a, b) => a + b, 0) / Math.max(1, lumas.length), meanVolumeDb: Number(/mean_volume: (-?[\d.]+) dB/.exec(out)?.[1] ?? -100) };
}
