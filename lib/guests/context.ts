import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, snapshotOf, type StreamSnapshot } from "@/lib/access";
import { findStreamOrThrow } from "@/lib/streams/load";
import { stageOf, toGuestView, type GuestDoc } from "@/lib/guests/store";
import type { GuestKind, GuestRemovedEvent, Layout } from "@/lib/guests/schemas";
import { layoutOf } from "@/lib/guests/layout-of";

export type Stage = { snap: StreamSnapshot; roomId: string; layout: Layout };

/** The stream a stage action is about (an `_id` read); an ended stream has no stage. */
export async function stageContext(streamId: string, opts: { allowEnded?: boolean } = {}): Promise<Stage> {
  const s = await findStreamOrThrow(streamId);
  if (s.status === "ended" && !opts.allowEnded) throw new AppError("STREAM_ENDED", "This stream has ended");
  return { snap: snapshotOf(s), roomId: s.roomId, layout: layoutOf(s) };
}

/** Guests are the host's and co-hosts' to run; co-hosts only the host's (the access module says so). */
export function assertRunsStage(actor: Actor, snap: StreamSnapshot, kind: GuestKind): Promise<void> {
  return assertCan(actor, kind === "cohost" ? "cohosts.manage" : "guests.manage", snap);
}

/** Who runs the stage and hears about invites and hands: the host and the co-hosts on it. */
async function runners(snap: StreamSnapshot): Promise<string[]> {
  const cohosts = (await stageOf(snap.id)).filter((r) => r.kind === "cohost" && r.status === "active").map((r) => `user:${r.user}`);
  return [`user:${snap.hostId}`, ...cohosts];
}

/**
 * A row changed: someone on stage is news for the whole audience (the player shows them); an invite or a
 * raised hand only for the people it concerns (the runners and the person).
 */
export async function tellChanged(snap: StreamSnapshot, row: GuestDoc, event: "guest_invited" | "hand_raised" | "guest_updated"): Promise<void> {
  const rooms = [...(await runners(snap)), `user:${row.user}`, ...(row.status === "active" ? [`stream:${snap.id}`] : [])];
  publish(rooms, event, toGuestView(row));
}

export async function tellRemoved(snap: StreamSnapshot, row: GuestDoc, reason: GuestRemovedEvent["reason"]): Promise<void> {
  const rooms = [...(await runners(snap)), `user:${row.user}`, ...(row.status === "active" ? [`stream:${snap.id}`] : [])];
  publish(rooms, "guest_removed", { streamId: snap.id, userId: row.user, reason } satisfies GuestRemovedEvent);
}
