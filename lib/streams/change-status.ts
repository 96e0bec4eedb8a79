import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { LiveLockModel, type LiveLockDoc } from "@/lib/db/models/live-lock.model";
import { MediaPresenceModel } from "@/lib/db/models/media-presence.model";
import { closeStreamAnalytics, openStreamAnalytics } from "@/lib/analytics/track-viewers";
import { insertIfAbsent } from "@/lib/db/writes";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/emitter";
import { closeRoom, ensureRoom } from "@/lib/livekit/rooms";
import { clearStage } from "@/lib/guests/store";
import { actorById, type Actor } from "@/lib/accounts/authenticate";
import { isOnAir, type Action, type StreamStatus } from "@/lib/streams/status";
import { allowedFrom, nextStatus } from "@/lib/streams/transitions";
import { findStreamOrThrow, managedStreamOrThrow, streamViewOf, updateStreamWhere } from "@/lib/streams/load";
import type { StreamStatusEvent, StreamView } from "@/lib/streams/schemas";
import { changes } from "@/lib/events";
import { assertCan, snapshotOf } from "@/lib/access";
import { cancelJob, enqueueJob, ensureJob } from "@/lib/realtime/media-jobs";
import { log } from "@/lib/logger";

const EVENTS: Record<Action, string> = { start: "stream_started", pause: "stream_paused", resume: "stream_resumed", end: "stream_ended" };

/** Takes the host's on-air slot; a slot left by a stream that is no longer on air is taken over. */
async function acquireLiveSlot(hostId: string, streamId: string): Promise<void> {
  if (await insertIfAbsent(LiveLockModel, { _id: hostId, stream: streamId })) return;
  const lock = await LiveLockModel.findById(hostId).lean<LiveLockDoc>();
  if (!lock || lock.stream.toString() === streamId) return;
  const holder = await StreamModel.findById(lock.stream, { status: 1 }).lean<{ status: StreamStatus }>();
  // The slot is free when its stream ended or vanished, or when a start crashed half-way (still scheduled after a minute).
  const startingElsewhere = holder?.status === "scheduled" && Date.now() - (lock.updatedAt?.getTime() ?? 0) < 60_000;
  if (holder && (isOnAir(holder.status) || startingElsewhere)) {
    throw new AppError("ALREADY_LIVE", "You already have a live stream; end it first", { details: { streamId: lock.stream.toString() } });
  }
  const taken = await LiveLockModel.updateOne({ _id: hostId, stream: lock.stream }, { $set: { stream: streamId } });
  if (taken.matchedCount === 0) return acquireLiveSlot(hostId, streamId);
}

/**
 * Refuses (ALREADY_LIVE) when another of the host's streams holds the on-air slot and is on air: asked
 * before an encoder connects, so OBS shows the refusal instead of streaming into a stream that cannot start.
 * Read-only; the slot itself is taken when the stream starts.
 */
export async function assertNoOtherLiveStream(hostId: string, streamId: string): Promise<void> {
  await connectDb();
  const lock = await LiveLockModel.findById(hostId).lean<LiveLockDoc>();
  if (!lock || lock.stream.toString() === streamId) return;
  const holder = await StreamModel.findById(lock.stream, { status: 1 }).lean<{ status: StreamStatus }>();
  if (holder && isOnAir(holder.status)) throw new AppError("ALREADY_LIVE", "You already have a live stream; end it first", { details: { streamId: lock.stream.toString() } });
}

async function releaseLiveSlot(hostId: string, streamId: string): Promise<void> {
  await LiveLockModel.deleteOne({ _id: hostId, stream: streamId });
}

const SET_FOR: Record<Action, (now: Date) => Record<string, unknown>> = {
  start: (now) => ({ status: "live", startedAt: now }),
  pause: (now) => ({ status: "paused", pausedAt: now }),
  resume: () => ({ status: "live" }),
  end: (now) => ({ status: "ended", endedAt: now, "analytics.currentViewers": 0, "presence.socket": 0, "presence.media": 0 }),
};

/**
 * The recorder (live HLS, thumbnails, the recording: workers/record) runs while the stream is on air. The
 * job id is the stream's, so enqueueing again on resume is idempotent; after the end the same id carries
 * the finishing step (the running job is cancelled first, and the lease keeps the two apart). Without Redis there is no worker:
 * the stream still goes live, without HLS.
 */
async function recorderFollows(action: Action, streamId: string): Promise<void> {
  try {
    if (action === "start" || action === "resume") await enqueueJob("record", streamId);
    else if (action === "end") {
      // Stop the live run, then queue the finishing step as a job of its own: a worker that dies while
      // making the recording leaves it to another one instead of losing it.
      await cancelJob("record", streamId);
      await enqueueJob("record", streamId, { finalize: true });
    }
  } catch (err) {
    log.warn("recording job not updated", { streamId, action, err: String(err) });
  }
}

/**
 * The host's media arrived in an on-air stream's room: its recorder must be on the board. Going live put it
 * there, but Redis may have lost it since (a restart without persistence, `npm run dev` run again over a
 * database with live demo streams); a recorder already there is left alone.
 */
export async function ensureRecorder(streamId: string): Promise<void> {
  try {
    if (await ensureJob("record", streamId)) log.info("recorder re-queued for a live stream", { streamId });
  } catch (err) {
    log.warn("recording job not ensured", { streamId, err: String(err) });
  }
}

/**
 * Moves a stream along its lifecycle. The update is conditional on the status it leaves from, so
 * concurrent calls cannot both apply; repeating an action that already happened returns the stream as is.
 */
async function transition(stream: StreamDoc, action: Action, reason: string): Promise<StreamView> {
  const id = stream._id.toString();
  const hostId = stream.host.toString();
  if (nextStatus(stream.status as StreamStatus, action) === "noop") return streamViewOf(stream);

  if (action === "start") {
    await acquireLiveSlot(hostId, id);
    try {
      await ensureRoom(stream.roomId, { streamId: id });
    } catch (err) {
      await releaseLiveSlot(hostId, id);
      throw err;
    }
  }

  const now = new Date();
  const updated = await updateStreamWhere({ _id: id, status: { $in: allowedFrom(action) } }, { $set: SET_FOR[action](now) });
  if (!updated) {
    // Another request moved it first: idempotent if it reached the same place, else a conflict.
    const current = await findStreamOrThrow(id);
    if (nextStatus(current.status as StreamStatus, action) === "noop") return streamViewOf(current);
    throw new AppError("INVALID_TRANSITION", `Cannot ${action} a stream that is ${current.status}`);
  }

  if (action === "end") {
    await releaseLiveSlot(hostId, id);
    await closeRoom(stream.roomId);
    await MediaPresenceModel.deleteMany({ stream: id });
    await clearStage(id, hostId);
    await closeStreamAnalytics(id, hostId, now);
  }
  await recorderFollows(action, id);
  changes.emit("stream.changed", { streamId: id });
  // The people already on the page become viewers as the stream goes on air.
  if (action === "start") await openStreamAnalytics(id);
  const view = await streamViewOf(updated);
  // The host's other tabs hear it through their own room, once even when they are in the stream's room too.
  publish([`stream:${id}`, `user:${hostId}`], EVENTS[action], { streamId: id, status: view.status, reason, stream: view } satisfies StreamStatusEvent);
  return view;
}

/** Goes live: takes the host's single on-air slot and opens the LiveKit room (a confirmed email needed). */
export async function startStream(actor: Actor, id: string): Promise<StreamView> {
  const stream = await findStreamOrThrow(id);
  await assertCan(actor, "stream.golive", snapshotOf(stream));
  return transition(stream, "start", "host");
}

/**
 * Goes live on the host's behalf when their encoder's media arrives (OBS over WHIP, or the RTMP ingest):
 * the rule of the Go live button (stream.golive: the host, with a confirmed email), so an encoder never
 * puts an unverified host on air. Only a scheduled stream starts. A paused stream stays paused: the host
 * paused it on purpose, and an encoder that reconnects (OBS does, on any network blip) must not undo that.
 * Returns null when there was nothing to start.
 */
export async function goLiveFromEncoder(id: string): Promise<StreamView | null> {
  const stream = await findStreamOrThrow(id);
  if (stream.status !== "scheduled") return null;
  await assertCan(await actorById(stream.host.toString()), "stream.golive", snapshotOf(stream));
  return transition(stream, "start", "encoder");
}

export async function pauseStream(actor: Actor, id: string): Promise<StreamView> {
  await connectDb();
  return transition(await managedStreamOrThrow(actor, id), "pause", "host");
}

export async function resumeStream(actor: Actor, id: string): Promise<StreamView> {
  await connectDb();
  return transition(await managedStreamOrThrow(actor, id), "resume", "host");
}

/** Ends the stream and everything attached to it: the on-air slot, the LiveKit room (disconnecting all). */
export async function endStream(actor: Actor, id: string): Promise<StreamView> {
  await connectDb();
  return transition(await managedStreamOrThrow(actor, id), "end", "host");
}

/** Ends a stream on the system's behalf (host gone past the grace period, moderation). */
export async function endStreamBySystem(id: string, reason: string): Promise<StreamView> {
  await connectDb();
  return transition(await findStreamOrThrow(id), "end", reason);
}
