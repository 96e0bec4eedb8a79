import { z } from "zod";
import { objectId } from "@/lib/streams/schemas";
import { STREAM_TYPES } from "@/lib/streams/status";

export const recordingIdParams = z.object({ id: objectId });
export const recordingVisibility = z.enum(["public", "unlisted"]);
export const updateRecordingInput = z.object({ visibility: recordingVisibility }).strict();
export const channelRecordingsQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }).strict();

export const recordingView = z.object({
  id: z.string(),
  streamId: z.string(),
  host: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  title: z.string(),
  category: z.string(),
  streamType: z.enum(STREAM_TYPES),
  visibility: recordingVisibility,
  durationSeconds: z.number(),
  sizeBytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** Plays with seeking (HTTP range requests); access follows the stream's audience. */
  videoUrl: z.string(),
  posterUrl: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const recordingListView = z.object({ recordings: z.array(recordingView) });

export type RecordingView = z.infer<typeof recordingView>;
export type RecordingListView = z.infer<typeof recordingListView>;
export type UpdateRecordingInput = z.infer<typeof updateRecordingInput>;
