import { connectDb } from "@/lib/db/connection";
import { ChatTimeoutModel, type ChatTimeoutDoc } from "@/lib/db/models/moderation.model";
import { clock } from "@/lib/clock";
import { changes } from "@/lib/events";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, assertCanActOn, streamSnapshot } from "@/lib/access";
import { removeMessagesOf } from "@/lib/moderation/messages";
import { logAction } from "@/lib/moderation/log";
import { refOrGone, userRefOrThrow, userRefs } from "@/lib/moderation/people";
import type { TimedOutNotice, TimeoutInput, TimeoutLiftedEvent, TimeoutList, TimeoutResult, UserTimedOutEvent } from "@/lib/moderation/schemas";

/**
 * Times a user out of the channel's chat for `durationSeconds` (default 10 minutes): they keep watching
 * but cannot chat until it lapses, which it does by itself (expiry is read against the clock; the access
 * cache keeps the entry no longer than the timeout). Their recent lines vanish for everyone. A new timeout
 * replaces the old one. The host and moderators only, on someone they outrank.
 */
export async function timeoutUser(actor: Actor, streamId: string, input: TimeoutInput): Promise<TimeoutResult> {
  const s = await streamSnapshot(streamId);
  const target = await userRefOrThrow({ userId: input.userId });
  await assertCanActOn(actor, "channel.ban", s, target.id);
  const seconds = input.durationSeconds ?? 600;
  const reason = input.reason ?? "";
  const until = new Date(clock.now() + seconds * 1000);
  await connectDb();
  await ChatTimeoutModel.updateOne({ channel: s.hostId, user: target.id }, { $set: { until, reason, createdBy: actor.id, createdAt: new Date(clock.now()) } }, { upsert: true });
  changes.emit("membership.changed", { userId: target.id, channelId: s.hostId, reason: "timeout" });
  const iso = until.toISOString();
  publish(`user:${target.id}`, "timed_out", { streamId, until: iso, reason } satisfies TimedOutNotice);
  publish(`stream:${streamId}`, "user_timed_out", { streamId, user: target, reason, until: iso, by: actor.username } satisfies UserTimedOutEvent);
  await removeMessagesOf(streamId, target.id, actor.id);
  await logAction({ channelId: s.hostId, streamId, action: "timeout", actor, target, reason, details: { durationSeconds: seconds, until: iso } });
  return { timedOut: true, userId: target.id, until: iso };
}

/** Lifts a timeout before it lapses (idempotent). */
export async function untimeoutUser(actor: Actor, streamId: string, userId: string): Promise<TimeoutResult> {
  const s = await streamSnapshot(streamId);
  const target = await userRefOrThrow({ userId });
  await assertCanActOn(actor, "channel.ban", s, target.id);
  await connectDb();
  const res = await ChatTimeoutModel.deleteOne({ channel: s.hostId, user: target.id });
  changes.emit("membership.changed", { userId: target.id, channelId: s.hostId, reason: "timeout" });
  if (res.deletedCount) {
    publish(`stream:${streamId}`, "user_timeout_lifted", { streamId, userId: target.id } satisfies TimeoutLiftedEvent);
    await logAction({ channelId: s.hostId, streamId, action: "untimeout", actor, target });
  }
  return { timedOut: false, userId: target.id, until: null };
}

/** The channel's timeouts still running, soonest to end last. */
export async function listTimeouts(actor: Actor, streamId: string): Promise<TimeoutList> {
  const s = await streamSnapshot(streamId);
  await assertCan(actor, "moderation.view", s);
  await connectDb();
  const rows = await ChatTimeoutModel.find({ channel: s.hostId, until: { $gt: new Date(clock.now()) } }).sort({ until: -1 }).limit(1000).lean<ChatTimeoutDoc[]>();
  const refs = await userRefs(rows.map((r) => r.user.toString()));
  return {
    timeouts: rows.map((r) => ({
      user: refOrGone(refs, r.user.toString()),
      reason: r.reason ?? "",
      until: r.until.toISOString(),
      by: r.createdBy?.toString() ?? null,
      createdAt: (r.createdAt ?? r.until).toISOString(),
    })),
  };
}
