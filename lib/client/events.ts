import type { AnalyticsUpdate } from "@/lib/analytics/schemas";
import type { ErrorBody } from "@/lib/errors";
import type { SocketAuthResult } from "@/lib/accounts/schemas";
import type { ChatMessageView, MessageDeletedEvent, MessageReactionsEvent, StreamReactionEvent, TypingEvent } from "@/lib/chat/schemas";
import type {
  ChatClearedEvent, ChatSettingsEvent, ModeratorChangedEvent, TimedOutNotice, TimeoutLiftedEvent, UserBannedEvent, UserMessagesClearedEvent, UserTimedOutEvent, UserUnbannedEvent,
} from "@/lib/moderation/schemas";
import type { DonationEvent } from "@/lib/payments/schemas";
import type { GuestRemovedEvent, GuestView, LayoutChangedEvent } from "@/lib/guests/schemas";
import type { EngagementUpdate, StreamChangedEvent, StreamStatusEvent, ViewerCountUpdate } from "@/lib/streams/schemas";

/** Server → client events the SDK types, each from the schema its publisher is checked against. */
export type ServerEvents = {
  /** On every connection; `viewerKey` when the server issued an anonymous connection its viewer key. */
  session: { user: SocketAuthResult["user"] | null; viewerKey?: string };
  authenticated: SocketAuthResult;
  stream_created: StreamChangedEvent;
  stream_updated: StreamChangedEvent;
  stream_started: StreamStatusEvent;
  stream_paused: StreamStatusEvent;
  stream_resumed: StreamStatusEvent;
  stream_ended: StreamStatusEvent;
  /** The host's media reached the room (the studio, or OBS over WHIP/RTMP); to the stream and to the host. */
  host_connected: { streamId: string };
  /** The host's media dropped; the stream ends unless it is back within `graceSeconds`. */
  host_reconnecting: { streamId: string; graceSeconds: number };
  /** To the host only: the media of a stream that is not on air left (OBS stopped before going live). */
  host_disconnected: { streamId: string };
  viewer_count_update: ViewerCountUpdate;
  stream_engagement_update: EngagementUpdate;
  stream_chat_message: ChatMessageView;
  chat_message_deleted: MessageDeletedEvent;
  chat_message_reaction: MessageReactionsEvent;
  stream_chat_typing: TypingEvent;
  stream_reaction: StreamReactionEvent;
  /** Moderation, to the stream's room: who was banned, timed out, appointed; the chat's modes; cleared lines. */
  user_banned: UserBannedEvent;
  user_unbanned: UserUnbannedEvent;
  user_timed_out: UserTimedOutEvent;
  user_timeout_lifted: TimeoutLiftedEvent;
  moderator_added: ModeratorChangedEvent;
  moderator_removed: ModeratorChangedEvent;
  chat_settings_updated: ChatSettingsEvent;
  chat_cleared: ChatClearedEvent;
  chat_user_messages_cleared: UserMessagesClearedEvent;
  /** A tip was paid (Stripe said so): the player's alert and a highlighted chat line. */
  stream_donation: DonationEvent;
  /** To the user only: they were banned from the stream's channel (their sockets leave the room). */
  banned: { streamId: string; reason: string; expiresAt: string | null };
  /** To the user only: they were timed out of the chat until `until`. */
  timed_out: TimedOutNotice;
  /** To the user only: their moderator level in the stream's channel changed; join again for the new access. */
  moderation_role_changed: { streamId: string; level: "moderator" | "lead" | null };
  /** The stage (lib/guests): an invite, to the invitee and whoever runs the stage (host, co-hosts). */
  guest_invited: GuestView;
  /** A viewer raised their hand: to the host and co-hosts. */
  hand_raised: GuestView;
  /** Someone came on stage or their permissions changed: to the stream's room when on stage. */
  guest_updated: GuestView;
  /** Off the stage (removed, left), or an invite or hand gone (declined, lowered). */
  guest_removed: GuestRemovedEvent;
  /** The host picked another layout: the player re-arranges host and guests. */
  layout_changed: LayoutChangedEvent;
  /** Every few seconds while live, to the owner and lead moderators who sent `watch_analytics`. */
  analytics_update: AnalyticsUpdate;
  /** An event sent without an acknowledgement failed (or the SDK could not enter a stream it created or started). */
  stream_error: ErrorBody & { event?: string };
};

/** Raised by the SDK itself: the socket connected (first time or again) or dropped. */
export type LocalEvents = {
  connected: { recovered: boolean };
  disconnected: { reason: string };
  /** A reconnect's chat catch-up is done: `messages` came back from history (then delivered as `stream_chat_message`), in `ms`; `recovered`: the server had restored the session. */
  chat_caught_up: { streamId: string; messages: number; ms: number; recovered: boolean };
};

export type ClientEvents = ServerEvents & LocalEvents;

export const LOCAL_EVENTS: ReadonlySet<string> = new Set<keyof LocalEvents | "*">(["connected", "disconnected", "chat_caught_up", "*"]);
