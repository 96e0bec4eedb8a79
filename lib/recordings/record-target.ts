import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { RecordingModel } from "@/lib/db/models/recording.model";
import type { StorageDriver } from "@/lib/media/storage";

/** What the recorder needs to know about the stream it records (workers/record). */
export type RecordTarget = {
  streamId: string;
  roomId: string;
  hostId: string;
  status: string;
  recordingEnabled: boolean;
  title: string;
  category: string;
  streamType: string;
  ticketPrice: number | null;
  currency: string;
  startedAt: Date | null;
  endedAt: Date | null;
};

export async function recordTarget(streamId: string): Promise<RecordTarget | null> {
  await connectDb();
  const s = await StreamModel.findById(streamId).lean<StreamDoc>();
  if (!s) return null;
  return {
    streamId,
    roomId: s.roomId,
    hostId: s.host.toString(),
    status: s.status,
    recordingEnabled: s.features?.recordingEnabled ?? false,
    title: s.title,
    category: s.category,
    streamType: s.streamType ?? "public",
    ticketPrice: s.ticketPrice ?? null,
    currency: s.currency ?? "USD",
    startedAt: s.startedAt ?? null,
    endedAt: s.endedAt ?? null,
  };
}

/** The recorder wrote a new live thumbnail: cards pick it up through the versioned thumbnail URL. */
export async function markLiveThumbnail(streamId: string, at: Date): Promise<void> {
  await connectDb();
  await StreamModel.updateOne({ _id: streamId }, { $set: { "media.thumbnailAt": at } });
}

export type FinishedRecording = { durationSeconds: number; sizeBytes: number; width: number | null; height: number | null; driver: StorageDriver; videoKey: string; posterKey: string | null };

/** Creates the stream's Recording; idempotent (one per stream), so a retried finalisation cannot duplicate it. */
export async function saveRecording(t: RecordTarget, f: FinishedRecording): Promise<string> {
  await connectDb();
  const fields = {
    host: t.hostId,
    roomId: t.roomId,
    title: t.title,
    category: t.category,
    streamType: t.streamType,
    ticketPrice: t.ticketPrice ?? undefined,
    currency: t.currency,
    durationSeconds: f.durationSeconds,
    sizeBytes: f.sizeBytes,
    width: f.width ?? undefined,
    height: f.height ?? undefined,
    storage: { driver: f.driver, videoKey: f.videoKey, posterKey: f.posterKey ?? undefined },
    startedAt: t.startedAt ?? undefined,
    endedAt: t.endedAt ?? new Date(),
  };
  await RecordingModel.updateOne({ stream: t.streamId }, { $set: fields, $setOnInsert: { stream: t.streamId, visibility: "public" } }, { upsert: true });
  const doc = await RecordingModel.findOne({ stream: t.streamId }, { _id: 1 }).lean<{ _id: { toString(): string } }>();
  return doc?._id.toString() ?? "";
}
