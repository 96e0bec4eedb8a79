import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { RecordingModel, type RecordingDoc } from "@/lib/db/models/recording.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, snapshotOf, streamSnapshot, type StreamSnapshot } from "@/lib/access";
import { streamIdForRoom } from "@/lib/streams/room-index";
import { archiveMediaFile, liveFile, localMediaFile, type MediaFile, type StorageDriver } from "@/lib/media/storage";
import { gateOf, watchableRecordingOrThrow } from "@/lib/recordings/recordings";

const notFound = () => new AppError("NOT_FOUND", "Not found");
const isOpen = (s: StreamSnapshot) => s.streamType === "public" || s.streamType === "unlisted";

/** The recording's MP4, for whoever may watch the stream it came from. */
export async function recordingVideo(actor: Actor | null, id: string): Promise<MediaFile> {
  const r = await watchableRecordingOrThrow(actor, id);
  const file = r.storage?.videoKey ? await archiveMediaFile(r.storage.videoKey, (r.storage.driver ?? "local") as StorageDriver, "video/mp4", isOpen(gateOf(r))) : null;
  if (!file) throw notFound();
  return file;
}

export async function recordingPoster(actor: Actor | null, id: string): Promise<MediaFile> {
  const r = await watchableRecordingOrThrow(actor, id);
  const file = r.storage?.posterKey ? await archiveMediaFile(r.storage.posterKey, (r.storage.driver ?? "local") as StorageDriver, "image/jpeg", isOpen(gateOf(r))) : null;
  if (!file) throw notFound();
  return file;
}

/**
 * A file of a stream's HLS (playlist, segments) by room id, as the create response's `urls.hls` names it:
 * the stream's audience rules apply (a deleted stream's recording keeps them). Names are checked against
 * a fixed pattern, so no path can leave the room's folder.
 */
export async function liveMedia(actor: Actor | null, roomId: string, name: string): Promise<MediaFile> {
  const file = liveFile(roomId, name);
  if (!file) throw notFound();
  // The room's stream by id (kept), its gate from the access module's cache: a player polling the
  // playlist and fetching segments costs no database read.
  const streamId = await streamIdForRoom(roomId);
  const live = streamId ? await streamSnapshot(streamId).catch((err: unknown) => ((err as AppError | null)?.code === "NOT_FOUND" ? null : Promise.reject(err))) : null;
  let gate: StreamSnapshot;
  if (live) gate = live;
  else {
    await connectDb();
    const r = await RecordingModel.findOne({ roomId }).lean<RecordingDoc>();
    if (!r) throw notFound();
    gate = gateOf(r);
  }
  await assertCan(actor, "stream.watch", gate);
  const media = await localMediaFile(file, isOpen(gate));
  if (!media) throw notFound();
  return media;
}

/** The stream's newest live thumbnail, or its recording's poster once the live files are gone. */
export async function streamThumbnail(actor: Actor | null, streamId: string): Promise<MediaFile> {
  await connectDb();
  const s = await StreamModel.findById(streamId, { host: 1, status: 1, streamType: 1, ticketPrice: 1, currency: 1, features: 1, roomId: 1 }).lean<StreamDoc>();
  if (!s) throw notFound();
  const gate = snapshotOf(s);
  await assertCan(actor, "stream.watch", gate);
  const thumb = liveFile(s.roomId, "thumb.jpg");
  const live = thumb ? await localMediaFile(thumb, isOpen(gate)) : null;
  if (live) return live;
  const r = await RecordingModel.findOne({ stream: streamId }).lean<RecordingDoc>();
  const poster = r?.storage?.posterKey ? await archiveMediaFile(r.storage.posterKey, (r.storage.driver ?? "local") as StorageDriver, "image/jpeg", isOpen(gate)) : null;
  if (!poster) throw notFound();
  return poster;
}
