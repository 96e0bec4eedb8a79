import { LiveStreamError } from "@/lib/client/enhanced-live-stream-client";
import { formatSpan } from "@/lib/client/format";

/** Why the server refused a chat message, in words the sender can act on, and what follows from it. */
export type Refusal = { code: string; text: string; retryAfterSeconds?: number; timedOutUntil?: string };

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

export function refusalOf(err: unknown): Refusal {
  if (!(err instanceof LiveStreamError)) return { code: "UNKNOWN", text: "Could not send your message. Try again." };
  const d = (err.details ?? {}) as Record<string, unknown>;
  switch (err.code) {
    case "RATE_LIMITED":
      return { code: err.code, text: "Slow down — you are sending messages too fast." };
    case "SLOW_MODE": {
      const wait = num(d.retryAfterSeconds);
      return { code: err.code, text: `Slow mode is on: wait ${wait ? formatSpan(wait) : "a moment"} before sending again.`, retryAfterSeconds: wait };
    }
    case "FOLLOWERS_ONLY": {
      const wait = num(d.retryAfterSeconds);
      const age = num(d.minAgeMinutes);
      if (wait) return { code: err.code, text: `Followers-only chat: you can chat in ${formatSpan(wait)}.`, retryAfterSeconds: wait };
      return { code: err.code, text: `Followers-only chat: follow the channel${age ? ` (for ${formatSpan(age * 60)})` : ""} to chat.` };
    }
    case "TIMED_OUT":
      return { code: err.code, text: err.message, timedOutUntil: typeof d.until === "string" ? d.until : undefined };
    default:
      return { code: err.code, text: err.message };
  }
}
