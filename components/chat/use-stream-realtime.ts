"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import { EnhancedLiveStreamClient, LiveStreamError } from "@/lib/client/enhanced-live-stream-client";
import { formatSpan } from "@/lib/client/format";
import { joinWithRetry } from "@/lib/client/join-retry";
import { initialState, reducer, type Action } from "@/components/chat/chat-state";

export type { Burst } from "@/components/chat/chat-state";

/** A moderator's name as events carry it; an id (24 hex digits) reads as "a moderator". */
const byName = (by: string) => (/^[a-f0-9]{24}$/i.test(by) ? "a moderator" : by);

/** Moderation events of the room and of this user, as chat lines and state. */
function moderationEvents(client: EnhancedLiveStreamClient, dispatch: (a: Action) => void, streamId: string, me: { current: string | undefined }, closed: AbortSignal) {
  const mine = (d: { streamId: string }) => d.streamId === streamId;
  return [
    client.on("user_banned", (d) => mine(d) && dispatch({ type: "system", text: `${d.user.displayName} was banned${d.expiresAt ? ` for ${formatSpan((Date.parse(d.expiresAt) - Date.now()) / 1000)}` : ""} by ${byName(d.by)}` })),
    client.on("user_timed_out", (d) => mine(d) && dispatch({ type: "system", text: `${d.user.displayName} was timed out for ${formatSpan((Date.parse(d.until) - Date.now()) / 1000)} by ${byName(d.by)}` })),
    client.on("moderator_added", (d) => mine(d) && dispatch({ type: "system", text: `${d.user.displayName} is now a ${d.level === "lead" ? "lead moderator" : "moderator"}` })),
    client.on("moderator_removed", (d) => mine(d) && dispatch({ type: "system", text: `${d.user.displayName} is no longer a moderator` })),
    client.on("chat_user_messages_cleared", (d) => mine(d) && dispatch({ type: "userCleared", userId: d.userId })),
    client.on("chat_cleared", (d) => mine(d) && dispatch({ type: "cleared", text: "Chat was cleared by a moderator" })),
    client.on("chat_settings_updated", (d) => mine(d) && dispatch({ type: "settings", settings: d.settings })),
    client.on("timed_out", (d) => mine(d) && dispatch({ type: "timedOut", until: d.until })),
    client.on("user_timeout_lifted", (d) => mine(d) && d.userId === me.current && dispatch({ type: "timedOut", until: null })),
    client.on("banned", (d) => mine(d) && dispatch({ type: "banned" })),
    client.on("moderation_role_changed", (d) => mine(d) && rejoin()),
    // On or off the stage, or a co-host's chat moderation switched: the same.
    client.on("guest_updated", (d) => mine(d) && d.user.id === me.current && rejoin()),
    client.on("guest_removed", (d) => mine(d) && d.userId === me.current && rejoin()),
  ];

  /**
   * What this viewer may do changed: the join's answer is the one place that says it. The connection has
   * left the room by then, so the join is tried until it is in again (a failed one left the chat silent).
   */
  function rejoin() {
    void client
      .leaveStream(streamId)
      .catch(() => undefined)
      .then(() => joinWithRetry(client, streamId, { signal: closed }))
      .then((j) => dispatch({ type: "access", access: j.access, chatSettings: j.chatSettings }))
      .catch(() => undefined);
  }
}

/**
 * Joins a stream through the SDK and keeps the page's view of it: chat (history + live), deletions,
 * message reactions, typing, viewer count, reaction bursts for the overlay, the stream's status, and the
 * channel's moderation as it happens (chat modes, bans, timeouts, this viewer's own standing), and paid tips.
 * A new `epoch` joins again (access bought since: a ticket or a subscription).
 */
export function useStreamRealtime(streamId: string, me?: string, epoch = 0) {
  const [state, dispatch] = useReducer(reducer, initialState);
  const clientRef = useRef<EnhancedLiveStreamClient | null>(null);
  // The session loads after the socket joins: events read the current id, the connection is not redone.
  const meRef = useRef(me);
  useEffect(() => {
    meRef.current = me;
  }, [me]);

  useEffect(() => {
    const client = new EnhancedLiveStreamClient();
    clientRef.current = client;
    // Ends every join attempt when the page leaves the stream (a later attempt would open a new connection).
    const closed = new AbortController();
    const offs = [
      client.on("stream_chat_message", (m) => dispatch({ type: "message", message: m })),
      client.on("chat_message_deleted", (d) => dispatch({ type: "deleted", messageId: d.messageId })),
      client.on("chat_message_reaction", (d) => dispatch({ type: "reactions", messageId: d.messageId, reactions: d.reactions })),
      client.on("viewer_count_update", (d) => dispatch({ type: "viewers", count: d.currentViewers })),
      client.on("stream_chat_typing", (t) => dispatch({ type: "typing", userId: t.user.id, username: t.user.username, isTyping: t.isTyping })),
      client.on("stream_reaction", (r) => {
        // At most 12 floating emojis per aggregate, in proportion to what was sent.
        const total = Object.values(r.reactions).reduce((a, b) => a + b, 0);
        const emojis = Object.entries(r.reactions).flatMap(([e, n]) => Array.from({ length: Math.max(1, Math.round((n / total) * Math.min(total, 12))) }, () => e));
        dispatch({ type: "burst", emojis });
      }),
      client.on("stream_started", () => dispatch({ type: "status", status: "live" })),
      client.on("stream_paused", () => dispatch({ type: "status", status: "paused" })),
      client.on("stream_resumed", () => dispatch({ type: "status", status: "live" })),
      client.on("stream_ended", () => dispatch({ type: "status", status: "ended" })),
      client.on("stream_engagement_update", (d) => dispatch({ type: "engagement", likes: d.likes, shares: d.shares })),
      client.on("stream_donation", (d) => d.streamId === streamId && dispatch({ type: "donation", donation: d })),
      ...moderationEvents(client, dispatch, streamId, meRef, closed.signal),
    ];
    // Opened while the server restarts, or answered late by a busy one: the chat keeps trying (and says so).
    joinWithRetry(client, streamId, { signal: closed.signal, onRetry: (err) => dispatch({ type: "retrying", error: err.message }) })
      .then((d) => dispatch({ type: "joined", messages: d.history, nextBefore: d.nextBefore, viewers: d.currentViewers, streamStatus: d.stream.status, access: d.access, chatSettings: d.chatSettings }))
      .catch((err: unknown) => closed.signal.aborted || dispatch({ type: "error", error: err instanceof LiveStreamError ? err.message : "Chat is unavailable" }));
    const timer = setInterval(() => dispatch({ type: "expire" }), 1000);
    return () => {
      closed.abort();
      clearInterval(timer);
      offs.forEach((off) => off());
      client.disconnect();
      clientRef.current = null;
    };
  }, [streamId, epoch]);

  // Stable: the alert's timer must not restart whenever the chat renders.
  const alertDone = useCallback((donationId: string) => dispatch({ type: "alertDone", donationId }), []);
  return { ...state, client: clientRef, alertDone };
}
