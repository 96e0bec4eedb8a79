import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import type { Writable } from "node:stream";
import { spawnGroup, stopGroup } from "@/workers/runtime/children";
import { CHANNELS, SAMPLE_RATE, type Frame } from "@/workers/record/room-media";
import { log } from "@/lib/logger";

export type EncoderOptions = {
  dir: string;
  width: number;
  height: number;
  fps: number;
  /** Seconds already in the playlist (a job taken over): timestamps continue from there. */
  offsetSeconds: number;
  /** Whether a playlist from an earlier run exists: it is appended to, after a discontinuity. */
  append: boolean;
  /** Wall-clock time the recording starts at (ms): a first run starts at the go-live, not when it joined. */
  startAt?: number;
};

/**
 * ffmpeg's arguments. Video arrives as one PGMYUV image per frame (an I420 frame with a tiny header), so
 * each frame carries its own size: when the host switches camera, shares a screen or simulcast changes
 * layer, the filter graph is rebuilt and `scale`+`pad` keep the output in one fixed box, with no restart
 * and nothing resized in JavaScript. One H.264 + AAC encode feeds the live HLS (2 s segments, EVENT
 * playlist, a keyframe at every segment start). Thumbnails are not a second output of this ffmpeg: an
 * output fed once a minute (a `select` branch) holds the main loop on its old timestamp and stalls the HLS
 * until the next thumbnail (seen with ffmpeg 5.1); see snapshot(). The recording's MP4 is remuxed from these segments at the end (see finalize.ts), so a worker
 * killed mid-stream loses at most the segment in progress instead of an MP4 without its index.
 */
export function ffmpegArgs(o: EncoderOptions): string[] {
  const { width: W, height: H, fps } = o;
  return [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-y"],
    ...["-f", "pgmyuv_pipe", "-framerate", String(fps), "-thread_queue_size", "64", "-i", "pipe:3"],
    ...["-f", "s16le", "-ar", String(SAMPLE_RATE), "-ac", String(CHANNELS), "-thread_queue_size", "256", "-i", "pipe:4"],
    "-filter_complex",
    `[0:v]scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v]`,
    ...["-map", "[v]", "-map", "1:a"],
    ...["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-crf", "23", "-maxrate", W >= 1280 ? "3500k" : "1500k", "-bufsize", "6000k"],
    ...["-g", String(fps * 2), "-keyint_min", String(fps * 2), "-sc_threshold", "0", "-bf", "0"],
    ...["-c:a", "aac", "-b:a", "128k"],
    ...(o.offsetSeconds > 0 ? ["-output_ts_offset", o.offsetSeconds.toFixed(3)] : []),
    ...["-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_playlist_type", "event"],
    ...["-hls_flags", o.append ? "append_list+discont_start+independent_segments" : "independent_segments"],
    ...["-hls_segment_filename", `${o.dir}/seg_%05d.ts`, `${o.dir}/index.m3u8`],
  ];
}

/** PGMYUV: the Y plane, then each chroma row as U row followed by V row, under a `P5 w h*3/2 255` header. */
function pgmyuv(f: Frame): Buffer[] | null {
  const { width: w, height: h, data } = f;
  if (w % 2 || h % 2 || data.length < (w * h * 3) / 2) return null;
  const cw = w / 2;
  const ch = h / 2;
  const u = w * h;
  const v = u + cw * ch;
  const chroma = Buffer.allocUnsafe(w * ch);
  const src = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let r = 0; r < ch; r++) {
    src.copy(chroma, r * w, u + r * cw, u + (r + 1) * cw);
    src.copy(chroma, r * w + cw, v + r * cw, v + (r + 1) * cw);
  }
  return [Buffer.from(`P5\n${w} ${(h * 3) / 2}\n255\n`), src.subarray(0, u), chroma];
}

export type MediaSource = { frame(): Frame | null; hasAudio(): boolean; queuedPcm(): number; takePcm(bytes: number): Buffer; trimPcm(bytes: number): void };

const BYTES_PER_SAMPLE = 2 * CHANNELS;
const THUMB_EVERY_MS = 60_000;
/** Audio can arrive in bursts: this much may be queued before the clock fills with silence. */
const AUDIO_SLACK_MS = 120;
/** Past this much unread by ffmpeg, writing waits for the next tick (the clock catches up then). */
const MAX_PENDING_BYTES = 48 * 1024 * 1024;
/** The most the end waits, beyond its grace, for an ffmpeg that fell behind to encode the frames queued. */
const MAX_TAIL_WAIT_MS = 5 * 60_000;

/**
 * Feeds ffmpeg on a wall clock: every tick it writes as many frames as the elapsed time calls for (the last
 * frame repeated; black until the host's video arrives) and as much audio (silence when the host has no
 * microphone or it stalls), so the recording lasts exactly as long as the broadcast.
 */
export class ClockedEncoder {
  private child: ChildProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private frames = 0;
  private samples = 0;
  private t0 = 0;
  private black: Buffer[] | null = null;
  private last: { frame: Frame; bufs: Buffer[] } | null = null;
  exited: Promise<number | null> = Promise.resolve(null);

  constructor(private readonly o: EncoderOptions, private readonly media: MediaSource) {}

  start(): void {
    const child = spawnGroup("ffmpeg", ffmpegArgs(this.o), { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    this.child = child;
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    this.exited = new Promise((resolve) =>
      child.once("exit", (code) => {
        if (code) log.warn("recorder ffmpeg exited", { code, stderr });
        resolve(code);
      }),
    );
    for (const p of [child.stdio[3], child.stdio[4]]) (p as Writable | null)?.on("error", () => undefined);
    const { width, height } = this.o;
    const y = Buffer.alloc(width * height, 16);
    this.black = [Buffer.from(`P5\n${width} ${(height * 3) / 2}\n255\n`), y, Buffer.alloc((width * height) / 2, 128)];
    this.t0 = this.o.startAt ?? Date.now();
    this.timer = setInterval(() => this.tick(), 20);
  }

  private lagWarnedAt = 0;

  /** Bytes of the frame written now (the last one, or black before the host's first). */
  private frameBytes(): number {
    return (this.last?.bufs ?? this.black ?? []).reduce((n, b) => n + b.length, 0);
  }

  /**
   * Writes what the clock calls for. `last` (the end) writes every frame still owed however much ffmpeg has
   * queued: frames held back while it lagged are the recording's tail, and dropping them would end the
   * recording early (by as long as ffmpeg was behind).
   */
  private tick(last = false): void {
    const video = this.child?.stdio[3] as Writable | null;
    const audio = this.child?.stdio[4] as Writable | null;
    if (!video || !audio || video.destroyed || audio.destroyed) return;
    const elapsed = Date.now() - this.t0;
    // ffmpeg starting up (and the catch-up to the go-live) is no lag; a second of frames still queued later is.
    const second = this.frameBytes() * this.o.fps;
    if (elapsed > 5_000 && (video.writableLength > second || audio.writableLength > 1 << 20) && Date.now() - this.lagWarnedAt > 10_000) {
      this.lagWarnedAt = Date.now();
      log.warn("the recorder's ffmpeg is not keeping up", { dir: this.o.dir, videoQueued: video.writableLength, audioQueued: audio.writableLength, frames: this.frames, samples: this.samples, elapsedMs: elapsed });
    }
    const dueFrames = Math.floor((elapsed * this.o.fps) / 1000);
    const current = this.media.frame();
    if (current && current !== this.last?.frame) {
      const bufs = pgmyuv(current);
      if (bufs) this.last = { frame: current, bufs };
    }
    if (!last) this.snapshot(elapsed);
    const bufs = this.last?.bufs ?? this.black ?? [];
    // At the end, no more than the tail wait could encode at real time (an ffmpeg far behind is broken, not slow).
    const upTo = last ? Math.min(dueFrames, this.frames + (MAX_TAIL_WAIT_MS / 1000) * this.o.fps) : dueFrames;
    for (; this.frames < upTo; this.frames++) {
      if (video.writableLength > MAX_PENDING_BYTES && !last) break;
      for (const b of bufs) video.write(b);
    }
    const dueSamples = Math.floor((elapsed * SAMPLE_RATE) / 1000);
    const want = (dueSamples - this.samples) * BYTES_PER_SAMPLE;
    if (want <= 0) return;
    const slack = (AUDIO_SLACK_MS * SAMPLE_RATE * BYTES_PER_SAMPLE) / 1000;
    // Audio arriving faster than the clock is trimmed so lips stay in sync with the picture.
    this.media.trimPcm(want + slack * 2);
    const pcm = this.media.takePcm(want);
    let out = pcm;
    // Short of audio: wait for a late packet up to the slack, then fill the gap with silence (at the end, at once).
    if (pcm.length < want && (last || !this.media.hasAudio() || want - pcm.length > slack)) out = Buffer.concat([pcm, Buffer.alloc(want - pcm.length)]);
    else if (pcm.length < want) out = pcm;
    const n = Math.floor(out.length / BYTES_PER_SAMPLE) * BYTES_PER_SAMPLE;
    if (n) audio.write(out.subarray(0, n));
    this.samples += n / BYTES_PER_SAMPLE;
  }

  private nextThumbAt = 3_000;
  private snapping = false;

  /**
   * A JPEG of the newest frame (480 wide) 3 s in and then every 60 s, by a one-shot ffmpeg fed that frame;
   * written beside the playlist as thumb.jpg (renamed into place, so readers never see half a file).
   */
  private snapshot(elapsed: number): void {
    if (this.snapping || elapsed < this.nextThumbAt || !this.last) return;
    this.snapping = true;
    this.nextThumbAt = elapsed + THUMB_EVERY_MS;
    const tmp = `${this.o.dir}/thumb.tmp.jpg`;
    const child = spawnGroup("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "pgmyuv_pipe", "-i", "pipe:0", "-frames:v", "1", "-vf", "scale=480:-2", "-q:v", "5", "-f", "image2", tmp], { stdio: ["pipe", "ignore", "ignore"] });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(Buffer.concat(this.last.bufs));
    const t = setTimeout(() => void stopGroup(child, 0, "SIGKILL"), 10_000);
    child.once("exit", (code) => {
      clearTimeout(t);
      this.snapping = false;
      if (code === 0) void fs.promises.rename(tmp, `${this.o.dir}/thumb.jpg`).catch(() => undefined);
    });
  }

  /**
   * Writes what is still owed up to now, closes the pipes so ffmpeg encodes it and writes its last segment and
   * ENDLIST, and waits for it: `graceMs`, plus twice the seconds of frames still queued (an ffmpeg that fell
   * behind on a loaded machine is not killed in the middle of the recording's tail).
   */
  async finish(graceMs = 15_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const child = this.child;
    if (!child) return;
    this.tick(true);
    const video = child.stdio[3] as Writable | null;
    const frameBytes = this.frameBytes();
    const queuedSeconds = frameBytes ? (video?.writableLength ?? 0) / frameBytes / this.o.fps : 0;
    graceMs += Math.min(MAX_TAIL_WAIT_MS, queuedSeconds * 2_000);
    video?.end();
    (child.stdio[4] as Writable | null)?.end();
    const done = await Promise.race([this.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), graceMs))]);
    if (!done) await stopGroup(child, 2_000, "SIGKILL");
    else await stopGroup(child, 0, "SIGKILL");
  }
}
