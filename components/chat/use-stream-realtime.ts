"use client";

import { useEffect, useReducer, useRef } from "react";
import { EnhancedLiveStreamClient, LiveStreamError, type ChatMessage, type JoinedStream } from "@/lib/client/enhanced-live-stream-client";

export type Burst = { id: number; emoji: string };
type Typing = Record<string, { username: string; until: number }>;
/** What the server says this viewer may do in the stream (the join acknowledgement's `access`). */
type Permissions = JoinedStream["access"]["permissions"] | null;

type State = {
  status: "connecting" | "joined" | "error";
  error: string | null;
  messages: ChatMessage[];
  nextBefore: string | null;
  viewers: number | null;
  typing: Typing;
  bursts: Burst[];
  streamStatus: string | null;
  engagement: { likes: number; shares: number } | null;
  permissions: Permissions;
};

type Action =
  | { type: "joined"; messages: ChatMessage[]; nextBefore: string | null; viewers: number; streamStatus: string; permissions: Permissions }
  | { type: "error"; error: string }
  | { type: "message"; message: ChatMessage }
  | { type: "deleted"; messageId: string }
  | { type: "reactions"; messageId: string; reactions: Record<string, number> }
  | { type: "viewers"; count: number }
  | { type: "typing"; userId: string; username: string; isTyping: boolean }
  | { type: "burst"; emojis: string[] }
  | { type: "expire" }
  | { type: "status"; status: string }
  | { type: "engagement"; likes: number; shares: number };

const MAX_MESSAGES = 300;
let burstId = 0;

function reducer(s: State, a: Action): State {
  switch (a.type) {
    case "joined":
      return { ...s, status: "joined", error: null, messages: a.messages, nextBefore: a.nextBefore, viewers: a.viewers, streamStatus: a.streamStatus, permissions: a.permissions };
    case "error":
      return { ...s, status: "error", error: a.error };
    case "message": {
      if (s.messages.some((m) => m.id === a.message.id)) return s;
      const typing = { ...s.typing };
      delete typing[a.message.sender.id];
      return { ...s, messages: [...s.messages, a.message].slice(-MAX_MESSAGES), typing };
    }
    case "deleted":
      return { ...s, messages: s.messages.filter((m) => m.id !== a.messageId) };
    case "reactions":
      return { ...s, messages: s.messages.map((m) => (m.id === a.messageId ? { ...m, reactions: a.reactions } : m)) };
    case "viewers":
      return { ...s, viewers: a.count };
    case "typing": {
      const typing = { ...s.typing };
      if (a.isTyping) typing[a.userId] = { username: a.username, until: Date.now() + 4000 };
      else delete typing[a.userId];
      return { ...s, typing };
    }
    case "burst":
      return { ...s, bursts: [...s.bursts, ...a.emojis.map((emoji) => ({ id: ++burstId, emoji }))].slice(-40) };
    case "expire": {
      const now = Date.now();
      const typing = Object.fromEntries(Object.entries(s.typing).filter(([, t]) => t.until > now));
      return { ...s, typing, bursts: s.bursts.filter((b) => burstId - b.id < 40) };
    }
    case "status":
      return { ...s, streamStatus: a.status };
    case "engagement":
      return { ...s, engagement: { likes: a.likes, shares: a.shares } };
  }
}

/**
 * Joins a stream through the SDK and keeps the page's view of it: chat (history + live), deletions,
 * message reactions, typing, viewer count, reaction bursts for the overlay and the stream's status.
 */
export function useStreamRealtime(streamId: string) {
  const [state, dispatch] = useReducer(reducer, { status: "connecting", error: null, messages: [], nextBefore: null, viewers: null, typing: {}, bursts: [], streamStatus: null, engagement: null, permissions: null });
  const clientRef = useRef<EnhancedLiveStreamClient | null>(null);

  useEffect(() => {
    const client = new EnhancedLiveStreamClient();
    clientRef.current = client;
    const offs = [
      client.on("stream_chat_message", (m) => dispatch({ type: "message", message: m })),
      client.on("chat_message_deleted", (d) => dispatch({ type: "deleted", messageId: d.messageId })),
      // Banned while watching: the chat says so and offers no input (the server already took the socket out of the room).
      client.on("banned", (d) => d.streamId === streamId && dispatch({ type: "error", error: "You were banned from this channel" })),
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
    ];
    client
      .joinStream(streamId)
      .then((d) => dispatch({ type: "joined", messages: d.history, nextBefore: d.nextBefore, viewers: d.currentViewers, streamStatus: d.stream.status, permissions: d.access.permissions }))
      .catch((err: unknown) => dispatch({ type: "error", error: err instanceof LiveStreamError ? err.message : "Chat is unavailable" }));
    const timer = setInterval(() => dispatch({ type: "expire" }), 1000);
    return () => {
      clearInterval(timer);
      offs.forEach((off) => off());
      client.disconnect();
      clientRef.current = null;
    };
  }, [streamId]);

  return { ...state, client: clientRef };
}
