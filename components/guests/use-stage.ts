"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { EnhancedLiveStreamClient } from "@/lib/client/enhanced-live-stream-client";
import { joinWithRetry } from "@/lib/client/join-retry";
import { endpoints } from "@/lib/client/endpoints";
import type { GuestView, Layout } from "@/lib/guests/schemas";

export type StageState = {
  guests: GuestView[];
  layout: Layout;
  /** Set when this browser's user was just taken off the stage (or their invite withdrawn) by someone else. */
  removedReason: string | null;
  /** The first list arrived (until then, not being in it means nothing). */
  loaded: boolean;
  refresh: () => void;
};

const STAGE_EVENTS = ["guest_invited", "hand_raised", "guest_updated", "guest_removed"] as const;

/**
 * A stream's stage as this user may see it (the host and co-hosts: invites and raised hands too; others:
 * who is on stage, and their own invite or hand), kept current by the stage events. Each event refetches
 * the list: the server's answer, filtered by the access module, is the one truth.
 */
type Options = {
  enabled?: boolean;
  /** A connection the page already holds in the stream's room (the chat's), with its generation: used instead of a second one. */
  shared?: { client: RefObject<EnhancedLiveStreamClient | null>; epoch: number };
};

export function useStage(streamId: string, initialLayout: Layout, me: string | undefined, opts: Options = {}): StageState {
  const enabled = opts.enabled ?? true;
  const shared = opts.shared?.client;
  const epoch = opts.shared?.epoch ?? 0;
  const [guests, setGuests] = useState<GuestView[]>([]);
  const [layout, setLayout] = useState<Layout>(initialLayout);
  const [removedReason, setRemovedReason] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const meRef = useRef(me);
  useEffect(() => {
    meRef.current = me;
  }, [me]);

  // Events can come in bursts: only the newest request's answer is kept (an older one may land last).
  const asked = useRef(0);
  const refresh = useCallback(() => {
    const n = ++asked.current;
    endpoints.guests
      .list(streamId)
      .then((l) => {
        if (n !== asked.current) return;
        setGuests(l.guests);
        setLayout(l.layout);
        setLoaded(true);
      })
      .catch(() => undefined);
  }, [streamId]);

  useEffect(() => {
    if (!enabled) return;
    const own = shared?.current ? null : new EnhancedLiveStreamClient();
    const client = shared?.current ?? own;
    if (!client) return;
    const offs = [
      ...STAGE_EVENTS.map((e) => client.on(e, (d: { streamId: string }) => d.streamId === streamId && refresh())),
      client.on("guest_removed", (d) => {
        if (d.streamId === streamId && d.userId === meRef.current && d.reason === "removed") setRemovedReason("The host took you off the stage");
      }),
      client.on("guest_updated", (d) => d.streamId === streamId && d.user.id === meRef.current && setRemovedReason(null)),
      client.on("layout_changed", (d) => d.streamId === streamId && setLayout(d.layout)),
      // Events missed while the socket was down: catch up.
      client.on("connected", () => refresh()),
    ];
    const closed = new AbortController();
    if (own) void joinWithRetry(own, streamId, { signal: closed.signal }).catch(() => undefined);
    refresh();
    return () => {
      closed.abort();
      offs.forEach((off) => off());
      own?.disconnect();
    };
  }, [streamId, enabled, refresh, shared, epoch]);

  return { guests, layout, removedReason, loaded, refresh };
}

/** The user's own row on the stage, if any. */
export function mine(guests: GuestView[], me: string | undefined): GuestView | null {
  return (me && guests.find((g) => g.user.id === me)) || null;
}
