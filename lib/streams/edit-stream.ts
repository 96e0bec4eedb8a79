import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { StreamLikeModel } from "@/lib/db/models/stream-like.model";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/emitter";
import { kickEncoders } from "@/lib/realtime/encoder-kick";
import { log } from "@/lib/logger";
import type { Actor } from "@/lib/accounts/authenticate";
import { managedStreamOrThrow, streamViewOf, updateStreamWhere } from "@/lib/streams/load";
import { isOnAir, type StreamStatus } from "@/lib/streams/status";
import { assertSchedulable } from "@/lib/streams/schedule";
import { searchTerms } from "@/lib/streams/search-terms";
import { generateStreamKey } from "@/lib/streams/stream-key";
import { streamUrls } from "@/lib/streams/urls";
import { removeParticipant } from "@/lib/livekit/rooms";
import { encoderIdentity } from "@/lib/media/identities";
import type { DeleteStreamResult, StreamChangedEvent, StreamKeyInfo, StreamView, UpdateStreamInput } from "@/lib/streams/schemas";
import { changes } from "@/lib/events";
import { assertCan, snapshotOf } from "@/lib/access";
import { updateModerationSettings } from "@/lib/moderation/settings";

/** Edits a stream (host only). Scheduling applies only before it goes live; paid streams keep a price. */
export async function updateStream(actor: Actor, id: string, { moderation, ...input }: UpdateStreamInput): Promise<StreamView> {
  assertSchedulable(input.scheduledFor);
  const s = await managedStreamOrThrow(actor, id);
  // The channel's chat rules ride along (the spec's updateStreamSettings): the moderation domain's one rule.
  if (moderation) await updateModerationSettings(actor, id, moderation);
  if (!Object.keys(input).length) return streamViewOf(s);
  if (input.scheduledFor !== undefined && s.status !== "scheduled") throw new AppError("INVALID_TRANSITION", "Only a stream that has not started can be rescheduled");
  const merged = { streamType: input.streamType ?? s.streamType, ticketPrice: input.ticketPrice === undefined ? s.ticketPrice : input.ticketPrice };
  // The stored price counts, so the document cannot say this: a well-formed edit that breaks it is 422.
  if (merged.streamType === "paid" && !merged.ticketPrice) throw new AppError("UNPROCESSABLE", "ticketPrice is required for paid streams", { details: [{ path: "ticketPrice", message: "is required for paid streams" }] });

  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === "features" || k === "quality") {
      for (const [sk, sv] of Object.entries(v as Record<string, unknown>)) $set[`${k}.${sk}`] = sv;
    } else if (v === null) $unset[k] = 1;
    else $set[k] = v;
  }
  if (input.title !== undefined || input.description !== undefined || input.tags !== undefined) {
    $set.searchTerms = searchTerms([input.title ?? s.title, (input.tags ?? s.tags ?? []).join(" "), actor.username, actor.displayName, input.description ?? s.description]);
  }
  const updated = await updateStreamWhere({ _id: id }, { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) });
  if (!updated) throw new AppError("NOT_FOUND", "Stream not found");
  changes.emit("stream.changed", { streamId: id });
  const view = await streamViewOf(updated);
  publish(`stream:${id}`, "stream_updated", { streamId: id, stream: view } satisfies StreamChangedEvent);
  return view;
}

/** Deletes a stream that is not on air, with its likes. */
export async function deleteStream(actor: Actor, id: string): Promise<DeleteStreamResult> {
  const s = await managedStreamOrThrow(actor, id);
  if (isOnAir(s.status as StreamStatus)) throw new AppError("STREAM_ON_AIR", "End the stream before deleting it");
  const res = await StreamModel.deleteOne({ _id: id, status: { $in: ["scheduled", "ended"] } });
  if (res.deletedCount === 0) throw new AppError("STREAM_ON_AIR", "End the stream before deleting it");
  changes.emit("stream.changed", { streamId: id });
  await StreamLikeModel.deleteMany({ stream: id });
  return { deleted: true };
}

/** The key and publishing URLs, for the host's eyes only. */
export async function revealStreamKey(actor: Actor, id: string): Promise<StreamKeyInfo> {
  await connectDb();
  const s = await StreamModel.findById(id).select("+streamKey").lean<StreamDoc & { streamKey: string }>();
  if (!s) throw new AppError("NOT_FOUND", "Stream not found");
  await assertCan(actor, "stream.manage", snapshotOf(s));
  return { streamKey: s.streamKey, keyRotatedAt: s.keyRotatedAt?.toISOString() ?? null, urls: streamUrls(s.roomId, s.streamKey) };
}

/**
 * Replaces the key; the old one stops working at once: new WHIP sessions and RTMP publishes with it are
 * refused (lib/media/encoder-auth.ts), and the encoder that is streaming now is removed from the room (an
 * OBS WHIP session ends; the RTMP ingest job, publishing under the same identity, is disconnected too).
 */
export async function rotateStreamKey(actor: Actor, id: string): Promise<StreamKeyInfo> {
  const s = await managedStreamOrThrow(actor, id);
  const streamKey = generateStreamKey();
  const keyRotatedAt = new Date();
  await StreamModel.updateOne({ _id: id }, { $set: { streamKey, keyRotatedAt } });
  // An encoder still publishing with the old key over RTMP is cut off now, not at its next reconnect.
  await kickEncoders(id).catch((err: unknown) => log.warn("could not cut the encoder off", { streamId: id, err: String(err) }));
  if (s.status !== "ended") await removeParticipant(s.roomId, encoderIdentity(s.host.toString()));
  return { streamKey, keyRotatedAt: keyRotatedAt.toISOString(), urls: streamUrls(s.roomId, streamKey) };
}
