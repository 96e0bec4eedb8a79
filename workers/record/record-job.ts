import fs from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";
import { log } from "@/lib/logger";
import { recorderToken } from "@/lib/livekit/tokens";
import { recorderIdentity } from "@/lib/media/identities";
import { liveDir, removeLiveFiles } from "@/lib/media/storage";
import { markLiveThumbnail, recordTarget } from "@/lib/recordings/record-target";
import type { JobHandler } from "@/workers/runtime/job-runner";
import { ClockedEncoder } from "@/workers/record/encoder";
import { RoomMedia } from "@/workers/record/room-media";
import { finalizeRecording, playlistSeconds } from "@/workers/record/finalize";
import { layoutOfStream } from "@/lib/guests/layout";

/** How often the recorder reads the host's layout (one `_id` read): a change shows in the recording this late at most. */
const LAYOUT_EVERY_MS = 2_000;

/** How far back a first run may start its clock: the time between going live and the worker joining. */
const MAX_CATCH_UP_MS = 3_000;

function outputBox(): { width: number; height: number } {
  const [w, h] = config().RECORDING_SIZE.split("x").map(Number);
  // Even sizes: H.264 in 4:2:0 needs them.
  return { width: (w ?? 1280) & ~1, height: (h ?? 720) & ~1 };
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((r) => signal.addEventListener("abort", () => r(), { once: true }));
}

/**
 * The "record" job, one per live stream (enqueued when it goes live, cancelled when it ends): joins the room
 * as a hidden subscriber, encodes the stage (the host, and guests in the host's layout) once into live HLS and thumbnails (encoder.ts), and when
 * the stream ends turns the HLS into the Recording (with `features.recordingEnabled`) or removes it.
 * Restartable: a run that takes over a dead worker's job appends to the playlist where it stopped.
 */
export const recordJob: JobHandler = async (job, ctx) => {
  const target = await recordTarget(job.streamId);
  const dir = target ? liveDir(target.roomId) : null;
  if (!target || !dir) return;
  // The finishing step (queued by the end), or a live run that finds the stream already over.
  if (job.data.finalize === true || target.status === "ended") return finish(target, dir);
  await fs.promises.mkdir(dir, { recursive: true });
  const playlist = path.join(dir, "index.m3u8");
  const offsetSeconds = playlistSeconds(playlist);
  if (offsetSeconds > 0) {
    // A closed playlist (the job ran to an end before) must not end the appended one.
    const text = fs.readFileSync(playlist, "utf8");
    if (text.includes("#EXT-X-ENDLIST")) fs.writeFileSync(playlist, text.replace(/^#EXT-X-ENDLIST\s*$/m, ""));
  }

  const cfg = config();
  const media = new RoomMedia(target.hostId);
  const token = await recorderToken({ roomId: target.roomId, identity: recorderIdentity(target.streamId) });
  await media.connect(cfg.LIVEKIT_URL, token);
  // The room goes away at the end a moment before the job is cancelled: give the cancel time to arrive.
  const roomGone = media.disconnected.then(() => new Promise<string>((r) => setTimeout(() => r("the recorder lost the room"), 5_000)));
  // No ffmpeg until the host's media arrive: a stream whose host never connects costs an idle participant only.
  ctx.setWaiting(true);
  const first = await Promise.race([media.hostArrived.then(() => "media"), aborted(ctx.signal).then(() => null), roomGone]);
  ctx.setWaiting(false);
  if (first !== "media") {
    await media.close();
    if (first && !ctx.signal.aborted) throw new Error(first);
    return;
  }
  const startAt = offsetSeconds > 0 ? Date.now() : Math.max(Date.now() - MAX_CATCH_UP_MS, Math.min(Date.now(), job.createdAt));
  const encoder = new ClockedEncoder({ dir, ...outputBox(), fps: cfg.RECORDING_FPS, offsetSeconds, append: offsetSeconds > 0, startAt }, media);
  encoder.start();

  const readLayout = () => void layoutOfStream(target.streamId).then((l) => media.setLayout(l), () => undefined);
  readLayout();
  const layouts = setInterval(readLayout, LAYOUT_EVERY_MS);

  let thumbAt = 0;
  const thumbs = setInterval(() => {
    void fs.promises
      .stat(path.join(dir, "thumb.jpg"))
      .then(async (st) => {
        if (st.mtimeMs === thumbAt) return;
        // Marked only once stored: a failed write is tried again in 2 s, not after the next thumbnail (60 s).
        await markLiveThumbnail(target.streamId, st.mtime).then(
          () => (thumbAt = st.mtimeMs),
          (err: unknown) => log.warn("live thumbnail not marked", { streamId: target.streamId, err: String(err) }),
        );
      })
      .catch(() => undefined);
  }, 2_000);

  const failure = await Promise.race([aborted(ctx.signal).then(() => null), encoder.exited.then(() => "the recorder's ffmpeg stopped"), roomGone]);
  clearInterval(thumbs);
  clearInterval(layouts);
  await encoder.finish();
  await media.close();
  // A failure is retried (by any worker) and appends to the playlist; a stop is not one.
  if (failure && !ctx.signal.aborted) throw new Error(failure);
  // Cancelled: the stream ended and the finishing step is a job of its own (queued by the end). A lost
  // lease or a shutdown leaves this one to the next worker.
};

async function finish(t: NonNullable<Awaited<ReturnType<typeof recordTarget>>>, dir: string): Promise<void> {
  const fresh = (await recordTarget(t.streamId)) ?? t;
  if (fresh.status !== "ended") return;
  closePlaylist(path.join(dir, "index.m3u8"));
  if (!fresh.recordingEnabled) {
    await removeLiveFiles(fresh.roomId, { keepThumbnail: true });
    return;
  }
  const id = await finalizeRecording(fresh, dir);
  log.info("recording saved", { stream: t.streamId, recording: id });
}

/** A run that was killed never wrote the end of its playlist: the finishing step does, so it plays as VOD. */
function closePlaylist(playlist: string): void {
  if (!fs.existsSync(playlist)) return;
  const text = fs.readFileSync(playlist, "utf8");
  if (!text.includes("#EXT-X-ENDLIST")) fs.appendFileSync(playlist, `${text.endsWith("\n") ? "" : "\n"}#EXT-X-ENDLIST\n`);
}
