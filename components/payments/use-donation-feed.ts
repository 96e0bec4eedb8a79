"use client";

import { useCallback, useEffect, useState } from "react";
import type { DonationEvent } from "@/lib/payments/schemas";
import { EnhancedLiveStreamClient } from "@/lib/client/enhanced-live-stream-client";
import { joinWithRetry } from "@/lib/client/join-retry";

/**
 * The stream's paid tips as they arrive, for pages without the chat (the host's studio): joins the stream's
 * room (the owner is not counted as a viewer) and queues each tip once for {@link DonationAlert}.
 */
export function useDonationFeed(streamId: string, enabled = true) {
  const [alerts, setAlerts] = useState<DonationEvent[]>([]);
  /** Whether the room is joined (tips from now on arrive). */
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const client = new EnhancedLiveStreamClient();
    const off = client.on("stream_donation", (d) => {
      if (d.streamId === streamId) setAlerts((a) => (a.some((x) => x.donationId === d.donationId) ? a : [...a, d].slice(-50)));
    });
    // A studio opened while the server restarts gets its tips once the server answers.
    const closed = new AbortController();
    void joinWithRetry(client, streamId, { signal: closed.signal }).then(
      () => setReady(true),
      () => undefined,
    );
    return () => {
      closed.abort();
      setReady(false);
      off();
      client.disconnect();
    };
  }, [streamId, enabled]);
  const done = useCallback((donationId: string) => setAlerts((a) => a.filter((x) => x.donationId !== donationId)), []);
  return { alerts, done, ready };
}
