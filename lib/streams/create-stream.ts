import { rememberRoom } from "@/lib/streams/room-index";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { config } from "@/lib/config";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import { publish } from "@/lib/realtime/emitter";
import { changes } from "@/lib/events";
import type { Actor } from "@/lib/accounts/authenticate";
import { generateRoomId, generateStreamKey } from "@/lib/streams/stream-key";
import { searchTerms } from "@/lib/streams/search-terms";
import { streamUrls } from "@/lib/streams/urls";
import { streamViewOf } from "@/lib/streams/load";
import { assertSchedulable } from "@/lib/streams/schedule";
import type { CreateStreamInput, CreateStreamResult, StreamChangedEvent } from "@/lib/streams/schemas";

/** Creates a stream in `scheduled` state (with or without a time) and returns its key to the host only. */
export async function createStream(actor: Actor, input: CreateStreamInput, opts: { isDemo?: boolean } = {}): Promise<CreateStreamResult> {
  assertSchedulable(input.scheduledFor);
  await sharedLimit({ name: "stream-create", points: config().STREAM_CREATE_RATE_LIMIT, durationSec: 3600 }).consume(actor.id, "Too many streams created; try again later");
  await connectDb();
  const streamKey = generateStreamKey();
  const roomId = generateRoomId();
  const doc = await StreamModel.create({
    ...input,
    ticketPrice: input.streamType === "paid" ? input.ticketPrice : undefined,
    host: actor.id,
    status: "scheduled",
    streamKey,
    roomId,
    isDemo: opts.isDemo ?? false,
    searchTerms: searchTerms([input.title, input.tags.join(" "), actor.username, actor.displayName, input.description]),
  });
  // A new stream is listed in search (and upcoming) at once, in every app process.
  changes.emit("stream.changed", { streamId: doc._id.toString() });
  const stream = await streamViewOf(doc.toObject() as StreamDoc);
  publish(`user:${actor.id}`, "stream_created", { streamId: stream.id, stream } satisfies StreamChangedEvent);
  rememberRoom(roomId, stream.id);
  return { streamId: stream.id, streamKey, roomId, urls: streamUrls(roomId, streamKey), stream };
}
