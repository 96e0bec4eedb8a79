import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { config } from "@/lib/config";
import { processSingleton } from "@/lib/singleton";

/**
 * Where media lives. Live HLS and the live thumbnail are always in the local MEDIA_DIR (`live/<roomId>/`),
 * which the worker writes and the app serves (one machine, or a volume both mount). The archive (a
 * recording's MP4 and poster) goes to S3-compatible storage when S3_BUCKET is set, else stays in MEDIA_DIR
 * under the same keys (`recordings/<streamId>/...`).
 */
export type StorageDriver = "local" | "s3";

/** A stored file ready to be served: its size, date and type, and its bytes on demand. */
export type MediaFile = {
  size: number;
  mtime: Date;
  contentType: string;
  /** Public: anyone may watch the stream, so shared caches may keep it. */
  shared: boolean;
  /** The bytes [start, end] (inclusive), or the whole file. */
  open: (range?: { start: number; end: number }) => Promise<ReadableStream<Uint8Array>>;
};

const ROOM = /^room_[a-f0-9]{24}$/;
const KEY = /^[a-z]+\/[a-f0-9]{24}\/[a-z0-9_.-]+$/;

export function mediaRoot(): string {
  return path.resolve(config().MEDIA_DIR);
}

/** The live folder of a room; null for anything that is not a room id (no path ever leaves MEDIA_DIR). */
export function liveDir(roomId: string): string | null {
  return ROOM.test(roomId) ? path.join(mediaRoot(), "live", roomId) : null;
}

export function archiveDriver(): StorageDriver {
  return config().S3_BUCKET ? "s3" : "local";
}

function localPath(key: string): string {
  if (!KEY.test(key)) throw new Error(`bad storage key ${key}`);
  return path.join(mediaRoot(), key);
}

const s3 = () =>
  processSingleton("media.s3", () => {
    const cfg = config();
    return new S3Client({
      region: cfg.S3_REGION,
      endpoint: cfg.S3_ENDPOINT,
      forcePathStyle: cfg.S3_FORCE_PATH_STYLE,
      credentials: cfg.S3_ACCESS_KEY_ID && cfg.S3_SECRET_ACCESS_KEY ? { accessKeyId: cfg.S3_ACCESS_KEY_ID, secretAccessKey: cfg.S3_SECRET_ACCESS_KEY } : undefined,
    });
  });

/** Stores a finished local file under `key` (moved when local, uploaded in parts when S3). */
export async function putArchiveFile(key: string, file: string, contentType: string, driver = archiveDriver()): Promise<void> {
  if (driver === "local") {
    const dest = localPath(key);
    if (path.resolve(file) === dest) return;
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    await fs.promises.rename(file, dest).catch(async () => {
      await fs.promises.copyFile(file, dest);
      await fs.promises.rm(file, { force: true });
    });
    return;
  }
  const upload = new Upload({ client: s3(), params: { Bucket: config().S3_BUCKET, Key: key, Body: fs.createReadStream(file), ContentType: contentType } });
  await upload.done();
  await fs.promises.rm(file, { force: true });
}

export async function removeArchiveFile(key: string, driver: StorageDriver): Promise<void> {
  if (driver === "local") {
    const file = localPath(key);
    await fs.promises.rm(file, { force: true });
    // The recording's folder goes when its last file does.
    await fs.promises.rmdir(path.dirname(file)).catch(() => undefined);
    return;
  }
  await s3().send(new DeleteObjectCommand({ Bucket: config().S3_BUCKET, Key: key }));
}

export async function statArchiveFile(key: string, driver: StorageDriver): Promise<{ size: number; mtime: Date } | null> {
  if (driver === "local") {
    const st = await fs.promises.stat(localPath(key)).catch(() => null);
    return st?.isFile() ? { size: st.size, mtime: st.mtime } : null;
  }
  const head = await s3()
    .send(new HeadObjectCommand({ Bucket: config().S3_BUCKET, Key: key }))
    .catch(() => null);
  return head ? { size: head.ContentLength ?? 0, mtime: head.LastModified ?? new Date(0) } : null;
}

/** The bytes [start, end] (inclusive) of a stored file, as a web stream for a Response body. */
export async function readArchiveFile(key: string, driver: StorageDriver, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>> {
  if (driver === "local") return Readable.toWeb(fs.createReadStream(localPath(key), range ?? {})) as ReadableStream<Uint8Array>;
  const res = await s3().send(new GetObjectCommand({ Bucket: config().S3_BUCKET, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
  if (!res.Body) throw new Error(`empty object ${key}`);
  return res.Body.transformToWebStream();
}

/** A file of a room's live folder: only plain names (index.m3u8, seg_00001.ts, thumb.jpg), never a path. */
export function liveFile(roomId: string, name: string): string | null {
  const dir = liveDir(roomId);
  if (!dir || !/^(index\.m3u8|seg_\d{1,7}\.ts|thumb\.jpg)$/.test(name)) return null;
  return path.join(dir, name);
}

/** Removes a room's HLS (after a broadcast that is not kept); the thumbnail may stay for the ended card. */
export async function removeLiveFiles(roomId: string, opts: { keepThumbnail: boolean }): Promise<void> {
  const dir = liveDir(roomId);
  if (!dir) return;
  if (!opts.keepThumbnail) return fs.promises.rm(dir, { recursive: true, force: true });
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n !== "thumb.jpg").map((n) => fs.promises.rm(path.join(dir, n), { force: true })));
}

const LIVE_TYPES: Record<string, string> = { m3u8: "application/vnd.apple.mpegurl", ts: "video/mp2t", jpg: "image/jpeg" };

/** A local file as a MediaFile (null when absent). */
export async function localMediaFile(file: string, shared: boolean): Promise<MediaFile | null> {
  const st = await fs.promises.stat(file).catch(() => null);
  if (!st?.isFile()) return null;
  return { size: st.size, mtime: st.mtime, shared, contentType: LIVE_TYPES[path.extname(file).slice(1)] ?? "application/octet-stream", open: async (range) => Readable.toWeb(fs.createReadStream(file, range ?? {})) as ReadableStream<Uint8Array> };
}

/** A stored archive file as a MediaFile (null when absent). */
export async function archiveMediaFile(key: string, driver: StorageDriver, contentType: string, shared: boolean): Promise<MediaFile | null> {
  const st = await statArchiveFile(key, driver);
  return st ? { size: st.size, mtime: st.mtime, contentType, shared, open: (range) => readArchiveFile(key, driver, range) } : null;
}
