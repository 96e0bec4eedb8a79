import { connectDb } from "@/lib/db/connection";
import { RecordingModel, type RecordingDoc } from "@/lib/db/models/recording.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, can, isChannelOwner, type StreamSnapshot } from "@/lib/access";
import { removeArchiveFile, removeLiveFiles, type StorageDriver } from "@/lib/media/storage";
import { LISTED_TYPES, type StreamType } from "@/lib/streams/status";
import { toRecordingView } from "@/lib/recordings/view";
import type { RecordingListView, RecordingView, UpdateRecordingInput } from "@/lib/recordings/schemas";

/** The audience gate of a recording: the stream's rules as they were when it ended (the stream may be gone). */
export function gateOf(r: RecordingDoc): StreamSnapshot {
  return {
    id: r.stream.toString(),
    hostId: r.host.toString(),
    status: "ended",
    streamType: (r.streamType ?? "public") as StreamType,
    ticketPrice: r.ticketPrice ?? null,
    currency: r.currency ?? "USD",
    chatEnabled: false,
    reactionsEnabled: false,
  };
}

export async function findRecordingOrThrow(id: string): Promise<RecordingDoc> {
  await connectDb();
  const r = await RecordingModel.findById(id).lean<RecordingDoc>();
  if (!r) throw new AppError("NOT_FOUND", "Recording not found");
  return r;
}

/** A recording the actor may watch (the stream's audience; unlisted ones too, by direct link). */
export async function watchableRecordingOrThrow(actor: Actor | null, id: string): Promise<RecordingDoc> {
  const r = await findRecordingOrThrow(id);
  await assertCan(actor, "stream.watch", gateOf(r));
  return r;
}

async function viewOf(r: RecordingDoc): Promise<RecordingView> {
  const host = await UserModel.findById(r.host, { username: 1, displayName: 1 }).lean<UserDoc>();
  return toRecordingView(r, host);
}

export async function getRecording(actor: Actor | null, id: string): Promise<RecordingView> {
  return viewOf(await watchableRecordingOrThrow(actor, id));
}

/** The recording of a stream, for the player of an ended stream (NOT_FOUND when none was kept). */
export async function getStreamRecording(actor: Actor | null, streamId: string): Promise<RecordingView> {
  await connectDb();
  const r = await RecordingModel.findOne({ stream: streamId }).lean<RecordingDoc>();
  if (!r) throw new AppError("NOT_FOUND", "This stream has no recording");
  await assertCan(actor, "stream.watch", gateOf(r));
  return viewOf(r);
}

/**
 * A channel's past broadcasts, newest first: listed ones (public visibility, a listed audience) for
 * everyone; the owner also sees unlisted and members-only ones to manage them.
 */
export async function channelRecordings(actor: Actor | null, idOrUsername: string, q: { limit: number }): Promise<RecordingListView> {
  await connectDb();
  const user = await UserModel.findOne(/^[a-f0-9]{24}$/i.test(idOrUsername) ? { _id: idOrUsername } : { usernameLower: idOrUsername.toLowerCase() }, { username: 1, displayName: 1 }).lean<UserDoc>();
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  const owner = isChannelOwner(actor?.id, { hostId: user._id.toString() });
  const filter = owner ? { host: user._id } : { host: user._id, visibility: "public" as const, streamType: { $in: LISTED_TYPES } };
  const rows = await RecordingModel.find(filter).sort({ createdAt: -1 }).limit(q.limit).lean<RecordingDoc[]>();
  return { recordings: rows.map((r) => toRecordingView(r, user)) };
}

async function managedRecordingOrThrow(actor: Actor, id: string): Promise<RecordingDoc> {
  const r = await findRecordingOrThrow(id);
  await assertCan(actor, "stream.manage", gateOf(r));
  return r;
}

/** List or unlist a recording (the channel owner only). */
export async function updateRecording(actor: Actor, id: string, input: UpdateRecordingInput): Promise<RecordingView> {
  const r = await managedRecordingOrThrow(actor, id);
  await RecordingModel.updateOne({ _id: r._id }, { $set: { visibility: input.visibility } });
  return viewOf({ ...r, visibility: input.visibility });
}

/** Deletes a recording and its files (the channel owner only). */
export async function deleteRecording(actor: Actor, id: string): Promise<{ deleted: true }> {
  const r = await managedRecordingOrThrow(actor, id);
  const driver = (r.storage?.driver ?? "local") as StorageDriver;
  await Promise.all([r.storage?.videoKey, r.storage?.posterKey].flatMap((k) => (k ? [removeArchiveFile(k, driver)] : [])));
  if (r.roomId) await removeLiveFiles(r.roomId, { keepThumbnail: false });
  await RecordingModel.deleteOne({ _id: r._id });
  return { deleted: true };
}

/** The recording page: the recording, and whether the viewer may manage it (shows unlist and delete). */
export async function recordingForPage(actor: Actor | null, id: string): Promise<{ recording: RecordingView; canManage: boolean }> {
  const r = await watchableRecordingOrThrow(actor, id);
  return { recording: await viewOf(r), canManage: await can(actor, "stream.manage", gateOf(r)) };
}
