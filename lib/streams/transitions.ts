import { AppError } from "@/lib/errors";
import type { Action, StreamStatus } from "@/lib/streams/status";

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
