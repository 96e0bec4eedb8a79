import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { Presence } from "@/lib/realtime/presence";
import type { Actor } from "@/lib/accounts/authenticate";
import { accessOf, assertCan, streamSnapshot } from "@/lib/access";
import { streamForJoin } from "@/lib/streams/get-stream";
import { chatAfter, latestChat } from "@/lib/chat/history";
import type { JoinStreamResult } from "@/lib/chat/schemas";
import { viewerIdOf } from "@/lib/accounts/viewer-key";
import { chatSettingsOf } from "@/lib/moderation/settings";
import { noteViewerClient, type ViewerClient } from "@/lib/analytics/track-viewers";
import { CATCH_UP_LIMIT } from "@/lib/chat/limits";

/**
 * One connection's place in streams' live rooms, as the socket edge hands it over: `viewer` is the
 * anonymous viewer id its handshake carried (signed by the server), `joined` maps each stream to the
 * viewer key the connection counts under ("" for the channel's owner, who is no viewer, and while a join
 * is under way); `enter`/`exit` move the connection in and out of the room's broadcast.
 */
export type Seat = {
  id: string;
  viewer: string | null;
  joined: Record<string, string>;
  enter(streamId: string): Promise<void>;
  exit(streamId: string): Promise<void>;
  /** Whether the connection is still in the stream's room (a ban takes it out from anywhere). */
  inRoom(streamId: string): boolean;
  /** The connection's address and User-Agent, as the handshake saw them (a viewer's country and device). */
  client?: ViewerClient;
};


/**
 * The key a connection counts under: the user; else an anonymous viewer id the server signed (given with
 * the join, else the handshake's); else the connection itself. A key the client made up counts nothing.
 */
function viewerKeyOf(actor: Actor | null, seat: Seat, given?: string): string {
  if (actor) return `u:${actor.id}`;
  const viewer = viewerIdOf(given) ?? seat.viewer;
  return viewer ? `a:${viewer}` : `s:${seat.id}`;
}

/**
 * Joins a stream's live room (`join_stream`): whoever may watch it, at most SOCKET_MAX_STREAMS_PER_SOCKET
 * rooms per connection; counts the viewer once however many tabs they have; answers with the stream, recent
 * chat (with `since`, the messages after it: a reconnecting client's catch-up), the viewer count and what the actor may do there. Joining a stream the connection is already in
 * (or joining) is refused at once with CONFLICT, before any lookup: the first answer holds.
 */
export async function joinStream(actor: Actor | null, input: { streamId: string; viewerKey?: string; since?: string }, seat: Seat, presence: Presence): Promise<JoinStreamResult> {
  const { streamId } = input;
  // Taken out of the room by the server (a ban): the old seat is stale, and the join is asked afresh.
  if (seat.joined[streamId] && !seat.inRoom(streamId)) await leaveStream(seat, streamId, presence);
  if (streamId in seat.joined) throw new AppError("CONFLICT", "Already in this stream", { details: { streamId } });
  if (Object.keys(seat.joined).length >= config().SOCKET_MAX_STREAMS_PER_SOCKET) throw new AppError("TOO_MANY_STREAMS", "Leave a stream before joining another");
  seat.joined[streamId] = ""; // taken now, so a second join sent meanwhile is refused too
  let entered = false;
  try {
    const snap = await streamSnapshot(streamId);
    await assertCan(actor, "stream.watch", snap);
    const access = await accessOf(actor, snap);
    await seat.enter(streamId);
    entered = true;
    const key = access.role === "owner" ? "" : viewerKeyOf(actor, seat, input.viewerKey);
    seat.joined[streamId] = key;
    if (key) {
      await noteViewerClient(streamId, key, seat.client ?? {});
      await presence.join(streamId, key, seat.id);
    }
    // Read after entering the room: a message sent meanwhile comes live or in history (or both: clients dedupe by id).
    // Nothing here grows with the chat or the crowd: history from memory, the stream shared by the second's joins, one count at a time.
    const page = input.since ? chatAfter(streamId, input.since, CATCH_UP_LIMIT) : latestChat(streamId, 50).then((p) => ({ ...p, nextAfter: null }));
    const [stream, history, currentViewers, chatSettings] = await Promise.all([streamForJoin(streamId), page, countAfterNow(presence, streamId), chatSettingsOf(snap.hostId)]);
    return { stream, history: history.messages, nextBefore: history.nextBefore, nextAfter: history.nextAfter, currentViewers, access, chatSettings };
  } catch (err) {
    // A join that failed leaves nothing behind: it may be tried again.
    if (entered) await leaveStream(seat, streamId, presence).catch(() => undefined);
    else delete seat.joined[streamId];
    throw err;
  }
}

type Counting = { running: Promise<number>; queued: Promise<number> | null };
const counting = new WeakMap<Presence, Map<string, Counting>>();

/**
 * The viewer count taken after the call (it includes the joiner), with one count per stream under way and
 * at most one queued behind it, shared by every join that arrives meanwhile. A count reads every viewer key
 * of the stream in Redis: one per join made a crowd's joins cost O(N²).
 */
function countAfterNow(presence: Presence, streamId: string): Promise<number> {
  let streams = counting.get(presence);
  if (!streams) counting.set(presence, (streams = new Map()));
  const now = streams.get(streamId);
  if (!now) return startCount(presence, streams, streamId);
  // The one under way may have read before this joiner counted: wait for the next.
  return (now.queued ??= now.running.then(
    () => startCount(presence, streams, streamId),
    () => startCount(presence, streams, streamId),
  ));
}

function startCount(presence: Presence, streams: Map<string, Counting>, streamId: string): Promise<number> {
  const c: Counting = { running: presence.count(streamId), queued: null };
  streams.set(streamId, c);
  const done = () => void (streams.get(streamId) === c && !c.queued && streams.delete(streamId));
  c.running.then(done, done);
  return c.running;
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
