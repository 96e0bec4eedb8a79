import type { Actor } from "@/lib/accounts/authenticate";
import { findStreamOrThrow, managedStreamOrThrow, streamViewOf } from "@/lib/streams/load";
import type { StreamView } from "@/lib/streams/schemas";

/** A stream's public details by id (any type: unlisted streams are reachable by link; media is gated by tokens). */
export async function getStream(id: string): Promise<StreamView> {
  return streamViewOf(await findStreamOrThrow(id));
}

/** The stream for its studio: FORBIDDEN unless the actor may manage it. */
export async function getManagedStream(actor: Actor, id: string): Promise<StreamView> {
  return streamViewOf(await managedStreamOrThrow(actor, id));
}
