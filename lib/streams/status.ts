/**
 * Stream statuses and types, shared with the browser: nothing here may import server code (the player's
 * bundle would carry it; lib/errors brings zod). The lifecycle's rules are in transitions.ts.
 */
export const STREAM_STATUSES = ["scheduled", "live", "paused", "ended"] as const;
export type StreamStatus = (typeof STREAM_STATUSES)[number];

export const STREAM_TYPES = ["public", "unlisted", "followers_only", "subscribers_only", "paid"] as const;
export type StreamType = (typeof STREAM_TYPES)[number];

/** Stream types that discovery lists may show; unlisted and private audiences never appear there. */
export const LISTED_TYPES: StreamType[] = ["public", "paid"];

export type Action = "start" | "pause" | "resume" | "end";

/** A stream is on air while live or paused: it holds the host's slot, its room is open, it cannot be deleted. */
export const ON_AIR_STATUSES = ["live", "paused"] as const satisfies readonly StreamStatus[];

export function isOnAir(status: StreamStatus): boolean {
  return (ON_AIR_STATUSES as readonly StreamStatus[]).includes(status);
}
