import type { Socket } from "socket.io";
import type { Actor, Session } from "@/lib/accounts/authenticate";
import type { Seat } from "@/lib/chat/live-room";
import { AppError } from "@/lib/errors";
import type { SlotClaim } from "@/lib/realtime/connection-slots";
import { batchedRoomOf, inStreamRoom, streamRoomOf } from "@/lib/realtime/stream-batches";

export function getActor(socket: Socket): Actor | null {
  return (socket.data as { actor?: Actor | null }).actor ?? null;
}

type ActorData = { actor?: Actor | null; tokenVersion?: number };

/**
 * Records who the socket acts for, and the credential generation they came with (a session that is restored
 * after a drop is checked against it), and joins their personal room `user:<id>`.
 */
export function setActor(socket: Socket, session: Session): void {
  const previous = getActor(socket);
  if (previous && previous.id !== session.actor.id) void socket.leave(`user:${previous.id}`);
  const data = socket.data as ActorData;
  data.actor = session.actor;
  data.tokenVersion = session.tokenVersion;
  void socket.join(`user:${session.actor.id}`);
}

export function tokenVersionOf(socket: Socket): number | null {
  return (socket.data as ActorData).tokenVersion ?? null;
}

export function requireSocketActor(socket: Socket): Actor {
  const actor = getActor(socket);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do this");
  return actor;
}

/**
 * Streams this socket has joined, with the viewer key it counts under. A plain object, not a Map: socket
 * data is serialised into the session that connection-state recovery restores (through Redis).
 */
export function joinedStreams(socket: Socket): Record<string, string> {
  const data = socket.data as { joined?: Record<string, string> };
  data.joined ??= {};
  return data.joined;
}

/**
 * What the handshake found, kept in socket.data (the handshake's request and headers are dropped after it,
 * lib/socket/server.ts): the address, the anonymous viewer id, the User-Agent (a viewer's device), and
 * whether the connection asked for batched frames (lib/realtime/stream-batches.ts).
 */
type Identity = { ip?: string; viewer?: string | null; userAgent?: string | null; batch?: boolean };

/**
 * One copy of a string many sockets hold: room names (the adapter keeps the name in each socket's own set of
 * rooms, so without this each viewer of a stream would hold its own `batched:stream:<id>`) and User-Agents
 * (a few dozen distinct ones among thousands of viewers). Bounded: past 10,000 the table starts over, and a
 * string not in it just is not shared.
 */
const strings = new Map<string, string>();
function shared(value: string): string {
  const known = strings.get(value);
  if (known !== undefined) return known;
  if (strings.size >= 10_000) strings.clear();
  strings.set(value, value);
  return value;
}

/** Viewer keys issued at the handshake and not yet told to their socket: not in socket.data, which recovery persists. */
const issuedKeys = new WeakMap<Socket, string>();

/**
 * The client's address and anonymous viewer id (lib/accounts/viewer-key.ts) as the handshake found them,
 * and the viewer key issued to it there, if any (told to the client once, in `session`).
 * socket.data becomes one object literal with every field a viewer has (`joined` included), so V8 gives it
 * exactly that many in-object slots: adding fields one by one, or deleting one, grows it (a property backing
 * store, or a dictionary) — bytes that every viewer of a busy room would pay.
 */
export function setIdentity(socket: Socket, identity: { ip: string; viewer: string | null; issuedViewerKey: string | null; userAgent: string | null; batch: boolean }): void {
  const { ip, viewer, issuedViewerKey, userAgent, batch } = identity;
  const previous = socket.data as { joined?: Record<string, string> };
  socket.data = { ip, viewer, userAgent: userAgent === null ? null : shared(userAgent), batch, joined: previous.joined };
  if (issuedViewerKey) issuedKeys.set(socket, issuedViewerKey);
}

/** The viewer key the handshake issued, once; it is not kept in the socket's (recoverable) data. */
export function takeIssuedViewerKey(socket: Socket): string | null {
  const key = issuedKeys.get(socket) ?? null;
  issuedKeys.delete(socket);
  return key;
}

export function clientIpOf(socket: Socket): string {
  return (socket.data as Identity).ip ?? "unknown";
}

/** The per-user connection cap (SOCKET_MAX_CONNECTIONS_PER_USER) as a slot claim. */
export const userSlot = (userId: string, max: number): SlotClaim => ({ key: `u:${userId}`, max });

/** The per-address connection cap (SOCKET_MAX_CONNECTIONS_PER_IP) as a slot claim. */
export const addressSlot = (ip: string, max: number): SlotClaim => ({ key: `ip:${ip}`, max });

/** Whether the connection receives a stream room's busy events in frames (it asked at the handshake). */
export const wantsFrames = (socket: Socket) => (socket.data as Identity).batch === true;

/**
 * The socket as the live-room domain sees it. A stream's room is `stream:<id>` for plain connections and
 * `batched:stream:<id>` for those that asked for frames: one room each, so nothing is delivered twice.
 */
export function seatOf(socket: Socket): Seat {
  const data = socket.data as Identity;
  return {
    id: socket.id,
    viewer: data.viewer ?? null,
    joined: joinedStreams(socket),
    enter: async (streamId) => socket.join(shared(wantsFrames(socket) ? batchedRoomOf(streamId) : streamRoomOf(streamId))),
    exit: async (streamId) => {
      await socket.leave(streamRoomOf(streamId));
      await socket.leave(batchedRoomOf(streamId));
    },
    inRoom: (streamId) => inStreamRoom(socket.rooms, streamId),
    client: { ip: data.ip ?? null, userAgent: data.userAgent ?? null },
  };
}
