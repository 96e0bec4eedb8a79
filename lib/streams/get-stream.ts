import { findStreamOrThrow, streamViewOf } from "@/lib/streams/load";
import type { StreamView } from "@/lib/streams/schemas";

/** A stream's public details by id (any type: unlisted streams are reachable by link; media is gated by tokens). */
export async function getStream(id: string): Promise<StreamView> {
  return streamViewOf(await findStreamOrThrow(id));
}
