import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { GuestModel, type GuestDoc } from "@/lib/db/models/guest.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { changes } from "@/lib/events";
import { clock } from "@/lib/clock";
import { processSingleton } from "@/lib/singleton";
import type { GuestView } from "@/lib/guests/schemas";

export type { GuestDoc };
export type Person = { id: string; username: string; displayName: string };

export const guestKey = (streamId: string, userId: string) => `${streamId}:${userId}`;

/** An invite past its time is as good as gone: expiry is read against the clock, no sweeper needed. */
export const isCurrent = (row: GuestDoc, now = clock.now()) => row.status !== "invited" || !row.expiresAt || new Date(row.expiresAt).getTime() > now;

/**
 * Each stream's stage, kept per process: the studio's list and the "who runs this stage" question read it
 * (a stream filter is a full scan on FerretDB). Every change evicts it here and, through the change relay,
 * in every other app process; the time to live only bounds a relay that failed.
 */
const lists = processSingleton("guests.lists", () => {
  const cache = new LRUCache<string, GuestDoc[]>({ max: 5_000, ttl: 30_000 });
  changes.on("guests.changed", ({ streamId }) => cache.delete(streamId));
  return cache;
});

/** One person's row on a stream's stage (an `_id` read), or null; a lapsed invite reads as null. */
export async function findGuest(streamId: string, userId: string): Promise<GuestDoc | null> {
  await connectDb();
  const row = await GuestModel.findById(guestKey(streamId, userId)).lean<GuestDoc>();
  return row && isCurrent(row) ? row : null;
}

/** Everyone on (or asking for, or invited to) the stream's stage; lapsed invites left out. */
export async function stageOf(streamId: string): Promise<GuestDoc[]> {
  let rows = lists.get(streamId);
  if (!rows) {
    await connectDb();
    rows = await GuestModel.find({ stream: streamId }).sort({ createdAt: 1 }).limit(500).lean<GuestDoc[]>();
    lists.set(streamId, rows);
  }
  const now = clock.now();
  return rows.filter((r) => isCurrent(r, now));
}

/** Writes a row (whole: FerretDB loses concurrent partial updates to one document anyway) and tells the caches. */
export async function saveGuest(row: Omit<GuestDoc, "createdAt" | "updatedAt"> & Partial<Pick<GuestDoc, "createdAt" | "updatedAt">>, channelId: string): Promise<GuestDoc> {
  await connectDb();
  // The timestamps are mongoose's to set (a createdAt in $set conflicts with its $setOnInsert).
  const { _id, createdAt: _c, updatedAt: _u, ...fields } = row;
  const saved = await GuestModel.findOneAndUpdate({ _id }, { $set: fields }, { upsert: true, returnDocument: "after" }).lean<GuestDoc>();
  if (!saved) throw new AppError("INTERNAL", "guest row not saved");
  announceChange(row.stream, row.user, channelId);
  return saved;
}

export async function deleteGuest(streamId: string, userId: string, channelId: string): Promise<void> {
  await connectDb();
  await GuestModel.deleteOne({ _id: guestKey(streamId, userId) });
  announceChange(streamId, userId, channelId);
}

/** The stage list and the user's standing (on stage or not: what they may publish, moderate, run) follow at once. */
function announceChange(streamId: string, userId: string, channelId: string): void {
  changes.emit("guests.changed", { streamId });
  changes.emit("membership.changed", { userId, channelId, reason: "guest" });
}

/** The person to invite, by id or username; NOT_FOUND when there is none. */
export async function personOrThrow(target: { userId?: string; username?: string }): Promise<Person> {
  await connectDb();
  const u = target.userId
    ? await UserModel.findById(target.userId, { username: 1, displayName: 1 }).lean<UserDoc>()
    : await UserModel.findOne({ usernameLower: (target.username ?? "").replace(/^@/, "").toLowerCase() }, { username: 1, displayName: 1 }).lean<UserDoc>();
  if (!u) throw new AppError("NOT_FOUND", "User not found");
  return { id: u._id.toString(), username: u.username, displayName: u.displayName };
}

export function toGuestView(r: GuestDoc): GuestView {
  return {
    streamId: r.stream,
    user: { id: r.user, username: r.username, displayName: r.displayName },
    kind: r.kind,
    status: r.status,
    permissions: {
      camera: Boolean(r.permissions?.camera),
      microphone: Boolean(r.permissions?.microphone),
      screenShare: Boolean(r.permissions?.screenShare),
      moderateChat: r.kind === "cohost" && Boolean(r.permissions?.moderateChat),
    },
    expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null,
    updatedAt: new Date(r.updatedAt ?? Date.now()).toISOString(),
  };
}

/**
 * The stream ended: its stage goes (the room is gone with everyone in it). Keeps the collection to live
 * streams' stages, so the one query that reads by stream (the studio's list) scans little.
 */
export async function clearStage(streamId: string, channelId: string): Promise<void> {
  const rows = await stageOf(streamId);
  await connectDb();
  await GuestModel.deleteMany({ stream: streamId });
  changes.emit("guests.changed", { streamId });
  for (const r of rows) changes.emit("membership.changed", { userId: r.user, channelId, reason: "guest" });
}
