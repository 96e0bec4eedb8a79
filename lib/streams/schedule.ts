import { AppError } from "@/lib/errors";

const SKEW_MS = 60_000;
const MAX_AHEAD_MS = 366 * 86_400_000;

function outOfWindow(message: string): AppError {
  return new AppError("UNPROCESSABLE", `scheduledFor ${message}`, { details: [{ path: "scheduledFor", message }] });
}

/**
 * A schedule is in the future (a minute of clock skew allowed) and within a year. A rule of time, not of
 * shape: the document says the field is a date-time, so a well-formed one outside the window is 422.
 */
export function assertSchedulable(when: Date | null | undefined): void {
  if (!when) return;
  if (when.getTime() <= Date.now() - SKEW_MS) throw outOfWindow("must be in the future");
  if (when.getTime() >= Date.now() + MAX_AHEAD_MS) throw outOfWindow("must be within a year");
}
