import { LiveStreamError } from "@/lib/client/api";
import type { EnhancedLiveStreamClient, JoinedStream } from "@/lib/client/enhanced-live-stream-client";

/**
 * Failures the next attempt may not meet: the network, a server restarting or too busy to answer in time, a
 * limit that lapses. A refusal that is the viewer's own standing (BANNED, NOT_FOUND, FORBIDDEN, …) is final.
 */
const TRANSIENT = new Set<string>(["TIMEOUT", "CONNECT_FAILED", "INTERNAL", "SERVICE_UNAVAILABLE", "RATE_LIMITED", "TOO_MANY_CONNECTIONS", "CONFLICT"]);

export const isTransient = (err: unknown): err is LiveStreamError => err instanceof LiveStreamError && TRANSIENT.has(err.code);

export type RetryOptions = {
  /** Stops the attempts (the page closed): the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Told of each transient failure before the pause that follows it (attempt counts from 1). */
  onRetry?: (err: LiveStreamError, attempt: number) => void;
  /** First pause, doubled after each failure up to `maxMs`; each pause is drawn in [½, 1] of that (jitter). */
  baseMs?: number;
  maxMs?: number;
};

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/**
 * Joins a stream, and after a transient failure tries again with growing, jittered pauses (1 s, 2 s, 4 s …
 * 15 s) for as long as the caller wants it (until `signal` aborts): a page opened while the server restarts,
 * or answered too late by a loaded one, gets its chat once the server answers, where a single attempt left
 * it dead until a reload. A join that timed out may still have gone through on the server, which refuses a
 * second one on the same connection (CONFLICT): the next attempt leaves the stream first.
 */
export async function joinWithRetry(client: EnhancedLiveStreamClient, streamId: string, opts: RetryOptions = {}): Promise<JoinedStream> {
  const { signal, onRetry, baseMs = 1000, maxMs = 15_000 } = opts;
  for (let attempt = 1; ; attempt++) {
    // Closed meanwhile: a call now would open a new connection for a page that is gone.
    signal?.throwIfAborted();
    try {
      return await client.joinStream(streamId);
    } catch (err) {
      if (!isTransient(err) || signal?.aborted) throw err;
      onRetry?.(err, attempt);
      await pause(Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2), signal);
      if (err.code === "TIMEOUT" || err.code === "CONFLICT") await client.leaveStream(streamId).catch(() => undefined);
    }
  }
}
