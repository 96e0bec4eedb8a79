import { Types } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { ModerationLogModel, type ModerationLogDoc } from "@/lib/db/models/moderation.model";
import { log } from "@/lib/logger";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, streamSnapshot } from "@/lib/access";
import type { UserRef } from "@/lib/moderation/people";
import type { LogPage, ModerationActionKind } from "@/lib/moderation/schemas";

export type LogEntry = {
  channelId: string;
  streamId: string;
  action: ModerationActionKind;
  actor: Pick<Actor, "id" | "username">;
  target?: Pick<UserRef, "id" | "username">;
  reason?: string;
  details?: Record<string, unknown>;
};

/**
 * Records a moderation action (who, what, whom, why, when). Written after the action took effect; a failed
 * write is logged and does not undo the action.
 */
export async function logAction(e: LogEntry): Promise<void> {
  try {
    await connectDb();
    await ModerationLogModel.create({
      channel: e.channelId,
      stream: e.streamId,
      action: e.action,
      actor: e.actor.id,
      actorUsername: e.actor.username,
      ...(e.target ? { target: e.target.id, targetUsername: e.target.username } : {}),
      reason: e.reason ?? "",
      details: e.details ?? {},
    });
  } catch (err) {
    log.error("moderation log write failed", { action: e.action, err: err instanceof Error ? err.message : String(err) });
  }
}

/** The channel's moderation log, newest first, paged by id: the owner and moderators. */
export async function moderationLog(actor: Actor, streamId: string, q: { before?: string; limit: number }): Promise<LogPage> {
  const s = await streamSnapshot(streamId);
  await assertCan(actor, "moderation.view", s);
  await connectDb();
  const limit = q.limit;
  const filter: Record<string, unknown> = { channel: new Types.ObjectId(s.hostId) };
  if (q.before) filter._id = { $lt: new Types.ObjectId(q.before) };
  const rows = await ModerationLogModel.find(filter).sort({ _id: -1 }).limit(limit + 1).lean<ModerationLogDoc[]>();
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r._id.toString(),
      action: r.action,
      actor: { id: r.actor.toString(), username: r.actorUsername },
      target: r.target ? { id: r.target.toString(), username: r.targetUsername ?? "" } : null,
      reason: r.reason ?? "",
      details: r.details ?? {},
      streamId: r.stream?.toString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    nextBefore: rows.length > limit ? (page[page.length - 1]?._id.toString() ?? null) : null,
  };
}
