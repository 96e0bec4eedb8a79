import type { MediaToken } from "@/lib/media/schemas";

/**
 * The watch page's handover to the player's early start (early-room.ts): the server renders an element with
 * this id whose `data-media` is EarlyMedia as JSON, for the viewer whose own token it minted in the request.
 * Plain data on both sides, so the server page imports no browser code.
 */
export const EARLY_MEDIA_ID = "early-media";

export type EarlyMedia = { streamId: string; hostId: string; token: MediaToken };
