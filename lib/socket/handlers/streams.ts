import { handler, type EventHandler } from "@/lib/socket/dispatch";
import { getActor, requireSocketActor, seatOf } from "@/lib/socket/socket-actor";
import { createStreamInput } from "@/lib/streams/schemas";
import { createStream } from "@/lib/streams/create-stream";
import { joinStreamInput, streamRef } from "@/lib/chat/schemas";
import { joinStream, leaveStream } from "@/lib/chat/live-room";

/** join_stream, leave_stream, create_stream. */
export const streamEvents: Record<string, EventHandler> = {
  join_stream: handler(joinStreamInput, (socket, input, { presence }) => joinStream(getActor(socket), input, seatOf(socket), presence)),
  leave_stream: handler(streamRef, (socket, { streamId }, { presence }) => leaveStream(seatOf(socket), streamId, presence)),
  create_stream: handler(createStreamInput, async (socket, input) => {
    const result = await createStream(requireSocketActor(socket), input);
    return { streamId: result.streamId, streamKey: result.streamKey, roomId: result.roomId, urls: result.urls, stream: result.stream };
  }),
};
