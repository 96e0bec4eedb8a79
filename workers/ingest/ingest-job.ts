import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { DisconnectReason } from "@livekit/rtc-node";
import { z } from "zod";
import { config } from "@/lib/config";
import { log } from "@/lib/logger";
import { ensureRoom } from "@/lib/livekit/rooms";
import { encoderToken } from "@/lib/livekit/tokens";
import { encoderIdentity } from "@/lib/media/identities";
import { redisClient } from "@/lib/realtime/redis";
import { kickEncoders } from "@/lib/realtime/encoder-kick";
import type { JobHandler } from "@/workers/runtime/job-runner";
import { spawnGroup, stopGroup } from "@/workers/runtime/children";
import { currentPublisher } from "@/workers/ingest/publishers";
import { AUDIO_CHANNELS, AUDIO_RATE, RoomPublisher } from "@/workers/ingest/room-publisher";
import { Y4mReader } from "@/workers/ingest/y4m";

const ingestData = z.object({
  /** The RTMP session (node-media-server's id) and the worker holding it. */
  rtmpSession: z.string(),
  rtmpWorker: z.string(),
  /** Where to pull the publish back from, with the pull token (it carries the stream key: never logged). */
  pullUrl: z.string().startsWith("rtmp://"),
  roomId: z.string(),
  hostId: z.string(),
  hasAudio: z.boolean(),
});
export type IngestData = z.infer<typeof ingestData>;

/** Pictures above 720p are scaled down: rtc-node encodes three simulcast layers on this worker's CPU. */
const MAX_WIDTH = 1280;

/** ffmpeg: pull with as little buffering as it allows, decode, raw I420 on stdout (y4m) and PCM on fd 3. */
export function ingestArgs(pullUrl: string, hasAudio: boolean): string[] {
  const input = ["-hide_banner", "-loglevel", "error", "-nostdin", "-fflags", "nobuffer", "-flags", "low_delay", "-probesize", "65536", "-analyzeduration", "500000", "-rw_timeout", "10000000", "-rtmp_live", "live", "-i", pullUrl];
  const video = ["-map", "0:v:0", "-vf", `scale=w='trunc(min(iw,${MAX_WIDTH})/2)*2':h=-2`, "-pix_fmt", "yuv420p", "-fpsmax", "30", "-fps_mode", "passthrough", "-f", "yuv4mpegpipe", "-flush_packets", "1", "pipe:1"];
  const audio = hasAudio ? ["-map", "0:a:0", "-ac", String(AUDIO_CHANNELS), "-ar", String(AUDIO_RATE), "-f", "s16le", "-flush_packets", "1", "pipe:3"] : [];
  return [...input, ...video, ...audio];
}

function aborted(signal: AbortSignal, ms: number): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve(true)), { once: true });
  });
}

type Outcome = "stopped" | "ffmpeg-exited" | "room-left" | "replaced" | "room-closed" | "removed" | "publish-failed";

/**
 * The "ingest" job: an RTMP publish (see rtmp-server.ts) decoded by ffmpeg and published into the stream's
 * LiveKit room as the host's encoder. It ends when the job is cancelled (the encoder went away or was cut
 * off), and resolves as done when the publish it pulls no longer exists; any other failure is thrown so the
 * job is retried (a worker that dies leaves it to another one once its lease lapses).
 */
export const ingestJob: JobHandler = async (job, ctx) => {
  const data = ingestData.parse(job.data);
  const redis = await redisClient();
  const holder = `${data.rtmpWorker}/${data.rtmpSession}`;
  const publishGone = async () => redis !== undefined && redis !== null && (await currentPublisher(redis, job.streamId)) !== holder;
  if (await publishGone()) return;

  await ensureRoom(data.roomId, { streamId: job.streamId });
  const token = await encoderToken({ roomId: data.roomId, identity: encoderIdentity(data.hostId), name: "Encoder (RTMP)", ttlSeconds: 300 });
  const pub = new RoomPublisher();
  let child: ChildProcess | null = null;
  let finish: (o: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => (finish = resolve));
  const onAbort = () => finish("stopped");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  let stderr = "";
  let publishing: Promise<void> = Promise.resolve();
  try {
    await pub.connect(config().LIVEKIT_URL, token, (reason) =>
      finish(
        reason === DisconnectReason.DUPLICATE_IDENTITY ? "replaced" : reason === DisconnectReason.ROOM_DELETED ? "room-closed" : reason === DisconnectReason.PARTICIPANT_REMOVED ? "removed" : "room-left",
      ),
    );
    if (ctx.signal.aborted) return;
    const ff = spawnGroup("ffmpeg", ingestArgs(data.pullUrl, data.hasAudio), { stdio: ["ignore", "pipe", "pipe", "pipe"] });
    child = ff;
    ff.once("exit", () => finish("ffmpeg-exited"));
    ff.stderr?.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
    const reader = new Y4mReader({
      header: ({ width, height }) => {
        // A track that failed to publish reaches nobody: the run ends and is retried, not left pulling into it.
        publishing = pub.publishVideo(width, height).then(
          // Viewers have the picture: the worker may start its other jobs (job-runner.ts paces them behind this).
          () => ctx.started(),
          (err: unknown) => {
            log.warn("ingest video publish failed", { job: job.id, err: String(err) });
            finish("publish-failed");
          },
        );
        log.info("ingest decoding", { job: job.id, width, height, audio: data.hasAudio });
      },
      frame: (i420) => pub.pushVideo(i420),
    });
    ff.stdout?.on("data", (b: Buffer) => {
      try {
        reader.push(b);
      } catch (err) {
        log.warn("ingest video stream unreadable", { job: job.id, err: String(err) });
        void stopGroup(ff, 1_000);
      }
    });
    if (data.hasAudio) {
      await pub.publishAudio();
      (ff.stdio[3] as Readable | null)?.on("data", (b: Buffer) => pub.pushAudio(b));
    }
    const end = await outcome;
    if (end === "stopped") return;
    // The stream ended (its room deleted): the encoder is cut off, and the job is done.
    if (end === "room-closed") return void (await kickEncoders(job.streamId));
    // Another worker joined as this encoder: it holds the job now, and this one hears it lost its lease
    // within a third of the lease time. Wait for that rather than fail (a failure would retake the lease).
    if (end === "replaced" && (await aborted(ctx.signal, config().MEDIA_LEASE_MS + 1_000))) return;
    // Removed by the platform (the key rotated): the RTMP session is being cut off, and the job cancelled.
    if (end === "removed" && ((await aborted(ctx.signal, 3_000)) || (await publishGone()))) return;
    if (await publishGone()) return;
    // The publish is still there but its pull or the room failed: a retry (maybe on another worker) resumes it.
    if (end === "publish-failed") throw new Error("the video track could not be published");
    throw new Error(end === "room-left" ? "left the LiveKit room" : `ffmpeg ended after ${pub.frames} frames: ${(stderr.trim().split("\n").pop() ?? "").replace(/live_[0-9a-f]+/g, "live_***")}`);
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    // ffmpeg first: a video track still being published (LiveKit slow to answer) must not keep the pull alive.
    if (child) await stopGroup(child, 2_000);
    await publishing;
    await pub.close();
  }
};
