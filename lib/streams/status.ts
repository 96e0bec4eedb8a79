import { AppError } from "@/lib/errors";

export const STREAM_STATUSES = ["scheduled", "live", "paused", "ended"] as const;
export type StreamStatus = (typeof STREAM_STATUSES)[number];

export const STREAM_TYPES = ["public", "unlisted", "followers_only", "subscribers_only", "paid"] as const;
export type StreamType = (typeof STREAM_TYPES)[number];

/** Stream types that discovery lists may show; unlisted and private audiences never appear there. */
export const LISTED_TYPES: StreamType[] = ["public", "paid"];

export type Action = "start" | "pause" | "resume" | "end";

/** For each action: the statuses it may leave from, and the status it leads to. */
const TRANSITIONS: Record<Action, { from: StreamStatus[]; to: StreamStatus }> = {
  start: { from: ["scheduled"], to: "live" },
  pause: { from: ["live"], to: "paused" },
  resume: { from: ["paused"], to: "live" },
  end: { from: ["scheduled", "live", "paused"], to: "ended" },
};

/** Where an action leads: the new status, "noop" when already there (idempotent), or INVALID_TRANSITION. */
export function nextStatus(current: StreamStatus, action: Action): StreamStatus | "noop" {
  const t = TRANSITIONS[action];
  if (current === t.to) return "noop";
  if (action === "start" && current === "paused") return "noop";
  if (!t.from.includes(current)) throw new AppError("INVALID_TRANSITION", `Cannot ${action} a stream that is ${current}`, { details: { status: current, action } });
  return t.to;
}

export function allowedFrom(action: Action): StreamStatus[] {
  return TRANSITIONS[action].from;
}

/** A stream is on air while live or paused: it holds the host's slot, its room is open, it cannot be deleted. */
export const ON_AIR_STATUSES = ["live", "paused"] as const satisfies readonly StreamStatus[];

export function isOnAir(status: StreamStatus): boolean {
  return (ON_AIR_STATUSES as readonly StreamStatus[]).includes(status);
}
