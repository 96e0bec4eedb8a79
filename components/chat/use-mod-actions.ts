"use client";

import { useCallback, useMemo } from "react";
import { LiveStreamError, type EnhancedLiveStreamClient } from "@/lib/client/enhanced-live-stream-client";
import { useToast } from "@/components/ui/toast";
import type { useStreamRealtime } from "@/components/chat/use-stream-realtime";

type Realtime = ReturnType<typeof useStreamRealtime>;

export const TIMEOUTS = [
  { seconds: 60, label: "1 min", short: "1m" },
  { seconds: 600, label: "10 minutes", short: "10m" },
  { seconds: 3600, label: "1 hour", short: "1h" },
  { seconds: 86_400, label: "24 hours", short: "24h" },
] as const;

/** The server's message for a refused action (it names the rule: rank, permission, validation). */
export function errorMessage(err: unknown, fallback = "Something went wrong"): string {
  return err instanceof LiveStreamError ? err.message : fallback;
}

/**
 * Runs a moderation call on the chat's socket and reports it: a toast with the server's message when it
 * is refused, a short confirmation when it is done. Resolves true on success.
 */
export function useModActions(rt: Realtime) {
  const toast = useToast();
  const run = useCallback(
    async (call: (c: EnhancedLiveStreamClient) => Promise<unknown>, done?: string): Promise<boolean> => {
      const client = rt.client.current;
      if (!client) return false;
      try {
        await call(client);
        if (done) toast.show(done, "success");
        return true;
      } catch (err) {
        toast.show(errorMessage(err, "The action failed"), "error");
        return false;
      }
    },
    [rt.client, toast],
  );
  const p = rt.permissions;
  return useMemo(
    () => ({
      run,
      can: {
        moderate: Boolean(p?.["chat.moderate"]),
        ban: Boolean(p?.["channel.ban"]),
        view: Boolean(p?.["moderation.view"]),
        moderators: Boolean(p?.["channel.moderators"]),
        leads: Boolean(p?.["channel.leads"]),
      },
    }),
    [run, p],
  );
}

export type ModActions = ReturnType<typeof useModActions>;
