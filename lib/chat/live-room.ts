import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { Presence } from "@/lib/realtime/presence";
import type { Actor } from "@/lib/accounts/authenticate";
import { accessOf, assertCan, streamSnapshot } from "@/lib/access";
import { getStream } from "@/lib/streams/get-stream";
import { chatHistory } from "@/lib/chat/history";
import type { JoinStreamResult } from "@/lib/chat/schemas";

/**
 * One connection's place in streams' live rooms, as the socket edge hands it over: `joined` maps each
 * stream to the viewer key the connection counts under ("" for the channel's owner, who is no viewer);
 * `enter`/`exit` move the connection in and out of the room's broadcast.
 */
export type Seat = {
  id: string;
  joined: Record<string, string>;
  enter(streamId: string): Promise<void>;
  exit(streamId: string): Promise<void>;
};


/** The key a connection counts under: the user, else the browser's anonymous key, else the connection. */
function viewerKeyOf(actor: Actor | null, seat: Seat, given?: string): string {
  return actor ? `u:${actor.id}` : given ? `a:${given}` : `s:${seat.id}`;
}

/**
 * Joins a stream's live room (`join_stream`): whoever may watch it, at most SOCKET_MAX_STREAMS_PER_SOCKET
 * rooms per connection; counts the viewer once however many tabs they have; answers with the stream, recent
 * chat, the viewer count and what the actor may do there.
 */
export async function joinStream(actor: Actor | null, input: { streamId: string; viewerKey?: string }, seat: Seat, presence: Presence): Promise<JoinStreamResult> {
  const { streamId } = input;
  const snap = await streamSnapshot(streamId);
  await assertCan(actor, "stream.watch", snap);
  const access = await accessOf(actor, snap);
  const already = streamId in seat.joined;
  if (!already && Object.keys(seat.joined).length >= config().SOCKET_MAX_STREAMS_PER_SOCKET) throw new AppError("TOO_MANY_STREAMS", "Leave a stream before joining another");
  await seat.enter(streamId);
  if (!already) {
    const key = access.role === "owner" ? "" : viewerKeyOf(actor, seat, input.viewerKey);
    seat.joined[streamId] = key;
    if (key) await presence.join(streamId, key, seat.id);
  }
  const [stream, history, currentViewers] = await Promise.all([getStream(streamId), chatHistory(actor, streamId, { limit: 50 }), presence.count(streamId)]);
  return { stream, history: history.messages, nextBefore: history.nextBefore, currentViewers, access };
}

export async function leaveStream(seat: Seat, streamId: string, presence: Presence): Promise<{ left: true }> {
  const key = seat.joined[streamId];
  delete seat.joined[streamId];
  await seat.exit(streamId);
  if (key) await presence.leave(streamId, key, seat.id);
  return { left: true };
}

/** A recovered connection (connection-state recovery) counts again for the streams it had joined. */
export function restoreSeat(seat: Pick<Seat, "id" | "joined">, presence: Presence): void {
  for (const [streamId, key] of Object.entries(seat.joined)) if (key) void presence.join(streamId, key, seat.id);
}

/** A connection that went away leaves the presence of every stream it joined. */
export function dropSeat(seat: Pick<Seat, "id" | "joined">, presence: Presence): void {
  for (const [streamId, key] of Object.entries(seat.joined)) if (key) void presence.leave(streamId, key, seat.id);
}
