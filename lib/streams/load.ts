import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, snapshotOf } from "@/lib/access";
import { toStreamView } from "@/lib/streams/view";
import type { StreamView } from "@/lib/streams/schemas";

export async function findStreamOrThrow(id: string): Promise<StreamDoc> {
  await connectDb();
  const s = await StreamModel.findById(id).lean<StreamDoc>();
  if (!s) throw new AppError("NOT_FOUND", "Stream not found");
  return s;
}

/** The stream, if the actor may manage it; FORBIDDEN for anyone else (NOT_FOUND when it does not exist). */
export async function managedStreamOrThrow(actor: Actor, id: string): Promise<StreamDoc> {
  const s = await findStreamOrThrow(id);
  await assertCan(actor, "stream.manage", snapshotOf(s));
  return s;
}

/** Views for many streams with one query for all their hosts. */
export async function withHosts(streams: StreamDoc[]): Promise<StreamView[]> {
  if (!streams.length) return [];
  const ids = [...new Set(streams.map((s) => s.host.toString()))];
  const hosts = await UserModel.find({ _id: { $in: ids } }, { username: 1, displayName: 1, avatarUrl: 1 }).lean<UserDoc[]>();
  const byId = new Map(hosts.map((h) => [h._id.toString(), h]));
  return streams.map((s) => toStreamView(s, byId.get(s.host.toString())));
}

export async function streamViewOf(s: StreamDoc): Promise<StreamView> {
  const [view] = await withHosts([s]);
  if (!view) throw new AppError("NOT_FOUND", "Stream not found");
  return view;
}

/**
 * A conditional update followed by a read: null when the condition matched nothing. (FerretDB refuses
 * findOneAndUpdate with a projection, which the stream's hidden fields imply.)
 */
export async function updateStreamWhere(filter: Record<string, unknown> & { _id: string }, update: Record<string, unknown>): Promise<StreamDoc | null> {
  await connectDb();
  const res = await StreamModel.updateOne(filter, update);
  if (res.matchedCount === 0) return null;
  return StreamModel.findById(filter._id).lean<StreamDoc>();
}
