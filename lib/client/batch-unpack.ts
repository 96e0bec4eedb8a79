import type { Socket } from "socket.io-client";
import { BATCH_EVENT } from "@/lib/realtime/stream-batches";

/**
 * The SDK's side of coalesced delivery (lib/realtime/stream-batches.ts): a connection that asked for
 * batches (`auth.batch = 1`) receives a stream room's busy events as `stream_batch` frames, each an array of
 * `[event, data]` in publish order. Unpacking hands every entry to the socket's own listeners, as if it had
 * arrived alone, so SDK users (and the SDK's own listeners) see the spec's events, payloads and order.
 */
export { BATCH_EVENT };

/** Names a frame may never raise: Socket.IO's own events and the frame itself. */
const RESERVED: ReadonlySet<string> = new Set([BATCH_EVENT, "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);

/** Calls `deliver` for each well-formed entry of a frame, in order; anything else in it is skipped. Returns how many were delivered. */
export function unpackBatch(frame: unknown, deliver: (event: string, data: unknown) => void): number {
  if (!Array.isArray(frame)) return 0;
  let n = 0;
  for (const entry of frame as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string" || RESERVED.has(entry[0])) continue;
    deliver(entry[0], entry[1]);
    n += 1;
  }
  return n;
}

/** Unpacks the socket's frames into its own listeners (catch-all ones first, as Socket.IO does); returns the detach. */
export function attachBatchUnpacker(socket: Socket): () => void {
  const onFrame = (frame: unknown) =>
    void unpackBatch(frame, (event, data) => {
      // Copies: a `once` listener removes itself while we iterate.
      for (const l of [...socket.listenersAny()]) l(event, data);
      for (const l of [...socket.listeners(event)]) (l as (d: unknown) => void)(data);
    });
  socket.on(BATCH_EVENT, onFrame);
  return () => void socket.off(BATCH_EVENT, onFrame);
}
