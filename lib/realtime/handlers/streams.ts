import type { Socket } from "socket.io";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { handler, type EventHandler } from "@/lib/realtime/handle";
import { getActor, joinedStreams, requireSocketActor } from "@/lib/realtime/socket-actor";
import type { Presence } from "@/lib/realtime/presence";
import { createStreamInput } from "@/lib/streams/schemas";
import { createStream } from "@/lib/streams/create-stream";
import { getStream } from "@/lib/streams/get-stream";
import { joinStreamInput, streamRef } from "@/lib/chat/schemas";
import { streamMeta } from "@/lib/chat/stream-meta";
import { chatHistory } from "@/lib/chat/history";
import { assertMayWatchCached } from "@/lib/media/audience";

/** The key a socket counts under: the user, else the browser's anonymous key, else the socket itself. */
function viewerKeyOf(socket: Socket, given?: string): string {
  const actor = getActor(socket);
  return actor ? `u:${actor.id}` : given ? `a:${given}` : `s:${socket.id}`;
}

/** join_stream, leave_stream, create_stream. */
export const streamEvents: Record<string, EventHandler> = {
  join_stream: handler(joinStreamInput, async (socket, { streamId, viewerKey }, { presence }) => {
    const actor = getActor(socket);
    const meta = await streamMeta(streamId);
    await assertMayWatchCached(actor, meta);
    const joined = joinedStreams(socket);
    const already = streamId in joined;
    if (!already && Object.keys(joined).length >= config().SOCKET_MAX_STREAMS_PER_SOCKET) throw new AppError("TOO_MANY_STREAMS", "Leave a stream before joining another");
    await socket.join(`stream:${streamId}`);
    if (!already) {
      // The host is not a viewer of their own stream.
      const key = actor?.id === meta.hostId ? "" : viewerKeyOf(socket, viewerKey);
      joined[streamId] = key;
      if (key) await presence.join(streamId, key, socket.id);
    }
    const [stream, history, currentViewers] = await Promise.all([getStream(streamId), chatHistory(actor, streamId, { limit: 50 }), presence.count(streamId)]);
    return { stream, history: history.messages, nextBefore: history.nextBefore, currentViewers };
  }),

  leave_stream: handler(streamRef, async (socket, { streamId }, { presence }) => {
    await leave(socket, presence, streamId);
    return { left: true };
  }),

  create_stream: handler(createStreamInput, async (socket, input) => {
    const result = await createStream(requireSocketActor(socket), input);
    return { streamId: result.streamId, streamKey: result.streamKey, roomId: result.roomId, urls: result.urls, stream: result.stream };
  }),
};

export async function leave(socket: Socket, presence: Presence, streamId: string): Promise<void> {
  const joined = joinedStreams(socket);
  const key = joined[streamId];
  delete joined[streamId];
  await socket.leave(`stream:${streamId}`);
  if (key) await presence.leave(streamId, key, socket.id);
}

/** A recovered socket (connection-state recovery) counts again for the streams it had joined. */
export function restorePresence(socket: Socket, presence: Presence): void {
  for (const [streamId, key] of Object.entries(joinedStreams(socket))) if (key) void presence.join(streamId, key, socket.id);
}

/** A socket that went away leaves the presence of every stream it joined. */
export function dropPresence(socket: Socket, presence: Presence): void {
  for (const [streamId, key] of Object.entries(joinedStreams(socket))) if (key) void presence.leave(streamId, key, socket.id);
}
