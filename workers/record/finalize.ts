import fs from "node:fs";
import path from "node:path";
import { spawnGroup, stopGroup } from "@/workers/runtime/children";
import { archiveDriver, mediaRoot, putArchiveFile } from "@/lib/media/storage";
import { saveRecording, type RecordTarget } from "@/lib/recordings/record-target";

/** Runs a tool (ffmpeg, ffprobe) in its own process group with a time limit; resolves with its stdout. */
export function runTool(cmd: string, args: string[], timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnGroup(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const t = setTimeout(() => void stopGroup(child, 1_000, "SIGKILL"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
    child.once("error", () => resolve({ code: -1, stdout, stderr }));
  });
}

export type Probe = { durationSeconds: number; sizeBytes: number; width: number | null; height: number | null; video: boolean; audio: boolean };

export async function probe(file: string): Promise<Probe> {
  const r = await runTool("ffprobe", ["-v", "error", "-show_entries", "format=duration,size:stream=codec_type,width,height", "-of", "json", file], 30_000);
  const j = JSON.parse(r.stdout || "{}") as { format?: { duration?: string; size?: string }; streams?: { codec_type?: string; width?: number; height?: number }[] };
  const v = j.streams?.find((s) => s.codec_type === "video");
  return {
    durationSeconds: Number(j.format?.duration ?? 0),
    sizeBytes: Number(j.format?.size ?? 0),
    width: v?.width ?? null,
    height: v?.height ?? null,
    video: Boolean(v),
    audio: Boolean(j.streams?.some((s) => s.codec_type === "audio")),
  };
}

/** Seconds already in a playlist (a job taken over continues its timeline), and whether it has segments. */
export function playlistSeconds(playlist: string): number {
  if (!fs.existsSync(playlist)) return 0;
  const text = fs.readFileSync(playlist, "utf8");
  return [...text.matchAll(/^#EXTINF:([\d.]+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

/**
 * Turns the broadcast's HLS into the recording: the segments remuxed (no re-encode) into one MP4 with its
 * index up front (faststart: plays and seeks before it is all downloaded), a poster frame, both stored
 * (local folder or S3), then the Recording document. Returns its id, or null when nothing was recorded.
 */
export async function finalizeRecording(t: RecordTarget, liveDir: string): Promise<string | null> {
  const playlist = path.join(liveDir, "index.m3u8");
  if (playlistSeconds(playlist) <= 0) return null;
  const tmp = path.join(mediaRoot(), "tmp", t.streamId);
  await fs.promises.mkdir(tmp, { recursive: true });
  const mp4 = path.join(tmp, "video.mp4");
  const poster = path.join(tmp, "poster.jpg");
  const remux = await runTool("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-allowed_extensions", "ALL", "-i", playlist, "-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy", "-bsf:a", "aac_adtstoasc", "-movflags", "+faststart", mp4]);
  if (remux.code !== 0) throw new Error(`remux failed: ${remux.stderr.slice(-500)}`);
  const info = await probe(mp4);
  const at = Math.min(10, info.durationSeconds / 3).toFixed(2);
  const shot = await runTool("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-ss", at, "-i", mp4, "-frames:v", "1", "-vf", "scale=640:-2", "-q:v", "4", poster], 30_000);
  const driver = archiveDriver();
  const videoKey = `recordings/${t.streamId}/video.mp4`;
  const posterKey = shot.code === 0 && fs.existsSync(poster) ? `recordings/${t.streamId}/poster.jpg` : null;
  await putArchiveFile(videoKey, mp4, "video/mp4", driver);
  if (posterKey) await putArchiveFile(posterKey, poster, "image/jpeg", driver);
  await fs.promises.rm(tmp, { recursive: true, force: true });
  return saveRecording(t, { durationSeconds: info.durationSeconds, sizeBytes: info.sizeBytes, width: info.width, height: info.height, driver, videoKey, posterKey });
}
